// The SOR check in the window: the file is read once (with progress), then any kommune in it can be checked. Each
// check is kept, and a new check of the same kommune says which findings are new and which were fixed since.

import crypto from 'node:crypto';
import path from 'node:path';
import { UserError } from '../../../schemas/errors.ts';
import type { SorTreeNode } from '../../../schemas/api.ts';
import { OPEN_PURPOSES } from '../../../schemas/files.ts';
import { tooLarge } from '../chosen-files.ts';
import type { DB } from '../../../db/open.ts';
import { getMeta, setMeta } from '../../../db/settings.ts';
import { lastSorCheck, recordSorCheck } from '../../../db/sor.ts';
import { checkTree, ownerFilter, parseTypes, type SorCheckResult } from './check.ts';
import { readSorFile, type SorNode, type SorTreeData } from './reader.ts';
import {
  active,
  DEFAULT_TYPES,
  effectiveEmail,
  effectivePhone,
  effectivePostal,
  effectiveVisiting,
  effectiveWebsite,
  formatAddress,
  OWNER_KOMMUNE,
  ROLES,
  ROLE_LABELS,
  type Effective,
  type Finding,
  type TypeMap,
} from './rules.ts';
import { normaliseHeader, decodeText, detectSeparator, parseCsv } from '../csv.ts';

export function getSorTypes(db: DB): TypeMap {
  const saved = getMeta(db, 'sor_types');
  return saved ? parseTypes(JSON.parse(saved), 'indstillingerne') : { ...DEFAULT_TYPES };
}

export function setSorTypes(db: DB, types: TypeMap): TypeMap {
  setMeta(db, 'sor_types', JSON.stringify(types));
  return getSorTypes(db);
}

const ROLE_NAMES: [keyof TypeMap, RegExp][] = [
  ['permanentPlejebolig', /permanent\s*plejebolig/i],
  ['midlertidigPlejebolig', /midlertidig\s*plejebolig/i],
  ['helhedsplejeleverandoersted', /helhedsplejeleverandørsted|helhedsplejeleverandoersted/i],
  ['helhedsplejeleverandoer', /^helhedsplejeleverandør$|^helhedsplejeleverandoer$/i],
  ['plejehjem', /^plejehjem$/i],
  ['hjemmepleje', /^hjemmepleje(enhed)?$/i],
];

/** Suggests codes for the roles from SOR's classification list (code and name, ";" or ","). */
export function typesFromClassification(
  bytes: Uint8Array,
  fileName: string,
  current: TypeMap,
): { types: TypeMap; matched: { role: string; code: string; name: string }[] } {
  const { text } = decodeText(bytes);
  const first = text.slice(0, Math.max(0, text.indexOf('\n'))) || text;
  const rows = [...parseCsv(text, detectSeparator(first))];
  if (rows.length === 0) throw new UserError(`${fileName} er tom.`);
  const header = rows[0]!.fields.map(normaliseHeader);
  let ci = 0;
  let ni = 1;
  if (header.some((h) => /kode|code/.test(h))) {
    ci = header.findIndex((h) => /kode|code/.test(h));
    ni = header.findIndex((h) => /navn|name|tekst|text|beskrivelse/.test(h));
    rows.shift();
  }
  const types: TypeMap = { ...current };
  const matched: { role: string; code: string; name: string }[] = [];
  for (const r of rows) {
    const code = (r.fields[ci] ?? '').trim();
    const name = (r.fields[ni] ?? '').trim();
    if (!/^\d+$/.test(code)) continue;
    for (const [role, re] of ROLE_NAMES) {
      if (re.test(name)) {
        if (!matched.some((m) => m.role === role)) types[role] = [];
        if (!types[role].includes(code)) types[role] = [...types[role], code];
        matched.push({ role: ROLE_LABELS[role], code, name });
        break;
      }
    }
  }
  if (matched.length === 0)
    throw new UserError(
      `${fileName}: ingen af typerne (plejehjem, permanent og midlertidig plejebolig, helhedsplejeleverandør(sted), hjemmepleje) blev fundet i listen.`,
    );
  return { types, matched };
}

/** The kommune's SOR tree as the window shows it: the contract's SorTreeNode. */
export type TreeNodeView = SorTreeNode;

interface Job {
  id: string;
  fileName: string;
  state: 'laeser' | 'klar' | 'fejl';
  done: number;
  total: number;
  message: string | null;
  tree: SorTreeData | null;
  startedAt: number;
  /** The owners to choose from, made once the file is read. */
  owners?: { sorId: string; name: string; kommunekode: string | null; kommune: boolean }[];
}

/** The largest SOR file the window takes (the national download is a few hundred MB). */
export const MAX_SOR_BYTES = OPEN_PURPOSES.sor.maxBytes;

export class SorJobs {
  private readonly jobs = new Map<string, Job>();
  constructor(private readonly db: DB) {}

  /** Starts reading a chosen file as a stream; follow it with `get`. `done` runs when the file is no longer read. */
  read(file: { name: string; path: string; size: number }, done: () => void = () => {}): Job {
    if (file.size > MAX_SOR_BYTES) {
      done();
      throw tooLarge(file.name, file.size, 'sor');
    }
    return this.startReading(file.name, file.path, file.size, done);
  }

  private startReading(fileName: string, file: string, size: number, done: () => void): Job {
    // one SOR file at a time: a new file lets go of the trees of the files read before (a national file's tree is some
    // 50 MB; checking again and again must not keep them all), and of any read left for an hour
    for (const [id, j] of this.jobs) if (j.state !== 'laeser' || Date.now() - j.startedAt > 3_600_000) this.jobs.delete(id);
    const job: Job = { id: crypto.randomUUID(), fileName, state: 'laeser', done: 0, total: size, message: null, tree: null, startedAt: Date.now() };
    this.jobs.set(job.id, job);
    readSorFile(file, {
      onProgress: (done, total) => {
        job.done = done;
        job.total = total;
      },
      keepOwner: ownerFilter(getSorTypes(this.db)),
    })
      .then(
        (tree) => {
          tree.fileName = fileName;
          job.tree = tree;
          job.state = 'klar';
        },
        (e: unknown) => {
          job.state = 'fejl';
          job.message = (e as Error).message.replaceAll(path.basename(file), fileName);
        },
      )
      .finally(done);
    return job;
  }

  get(id: string): Job {
    const j = this.jobs.get(id);
    if (!j) throw new UserError('SOR-filen er ikke længere indlæst. Vælg den igen.');
    return j;
  }

  /**
   * The owners that can be checked: the kommuner, and other owners with units of a role the rules use (a national
   * file has some 60,000 owners, mostly clinics and practices, which no rule concerns). Kommuner first.
   */
  owners(id: string): { sorId: string; name: string; kommunekode: string | null; kommune: boolean }[] {
    const job = this.get(id);
    const t = job.tree;
    if (!t) return [];
    job.owners ??= t.owners
      .filter((o) => o.type === OWNER_KOMMUNE || o.children.length > 0)
      .map((o) => ({ sorId: o.sorId, name: o.name, kommunekode: o.postal?.municipality || null, kommune: o.type === OWNER_KOMMUNE }))
      .sort((a, b) => Number(b.kommune) - Number(a.kommune) || a.name.localeCompare(b.name, 'da'));
    return job.owners;
  }

  check(
    id: string,
    ownerId: string,
    date: string | null,
    actor: string,
  ): {
    result: SorCheckResult;
    tree: TreeNodeView;
    newSinceLast: string[];
    fixedSinceLast: { rule: string; sorId: string; name: string }[];
    previousAt: string | null;
  } {
    const job = this.get(id);
    if (!job.tree) throw new UserError('SOR-filen er ikke læst færdig endnu.');
    const owner = job.tree.owners.find((o) => o.sorId === ownerId);
    if (!owner) throw new UserError(`Ejeren ${ownerId} findes ikke i filen.`);
    const types = getSorTypes(this.db);
    const result = checkTree(job.tree, types, date ?? undefined, { owner: ownerId });
    const key = (f: { rule: string; sorId: string }) => `${f.rule}|${f.sorId}`;
    const prev = lastSorCheck<Finding>(this.db, ownerId);
    const before: Finding[] = prev?.findings ?? [];
    const beforeKeys = new Set(before.map(key));
    const nowKeys = new Set(result.findings.map(key));
    recordSorCheck(this.db, {
      at: new Date().toISOString(),
      actor,
      fileName: job.fileName,
      scopeKey: ownerId,
      scopeName: owner.name,
      checkDate: result.checkDate,
      findings: result.findings,
    });
    const errorIds = new Set(result.findings.filter((f) => f.severity === 'error').map((f) => f.sorId));
    return {
      result,
      tree: treeView(owner, types, result.checkDate, errorIds, new Set(result.preview.kommuner.flatMap((k) => k.plejeenheder.map((p) => p.sorId)))),
      newSinceLast: prev ? result.findings.filter((f) => !beforeKeys.has(key(f))).map(key) : [],
      fixedSinceLast: before.filter((f) => !nowKeys.has(key(f))).map((f) => ({ rule: f.rule, sorId: f.sorId, name: f.name })),
      previousAt: prev?.at ?? null,
    };
  }
}

function treeView(owner: SorNode, types: TypeMap, date: string, errorIds: Set<string>, plejeenheder: Set<string>): TreeNodeView {
  const roleOf = (n: SorNode) => ROLES.find((r) => n.level === 'unit' && types[r].includes(n.type)) ?? null;
  const from = (e: Effective<unknown> | null, n: SorNode) => (e && e.from !== n ? e.from.name : null);
  const view = (n: SorNode): TreeNodeView => {
    const role = roleOf(n);
    const marked = plejeenheder.has(n.sorId) || role === 'permanentPlejebolig' || role === 'midlertidigPlejebolig' || role === 'helhedsplejeleverandoersted';
    const vis = effectiveVisiting(n);
    const post = effectivePostal(n);
    const email = effectiveEmail(n);
    const web = effectiveWebsite(n);
    const phone = effectivePhone(n);
    const inherited = [email, web, phone].map((e) => from(e, n)).filter((x): x is string => !!x);
    const isActive = active(n, date);
    return {
      sorId: n.sorId,
      name: n.name,
      level: n.level,
      type: n.type,
      role: role ? ROLE_LABELS[role] : null,
      active: isActive,
      state:
        marked && isActive
          ? errorIds.has(n.sorId) || (n.parent && errorIds.has(n.parent.sorId) && role !== 'helhedsplejeleverandoersted' && !plejeenheder.has(n.sorId))
            ? 'ikke-ind'
            : 'ind'
          : null,
      visiting: vis ? formatAddress(vis.value) : null,
      visitingFrom: vis && vis.from !== n ? (n.visiting ? null : `${vis.from.name}${vis.from === n ? ' (postadresse)' : ''}`) : null,
      postal: post ? formatAddress(post.value) : null,
      postalFrom: from(post, n),
      contact: { email: email?.value ?? null, website: web?.value ?? null, phone: phone?.value ?? null, inheritedFrom: [...new Set(inherited)] },
      children: n.children.map(view),
    };
  };
  return view(owner);
}
