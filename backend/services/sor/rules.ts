// The plejeenhed and helhedspleje rules of ../shared/domain/sor-checker.md (from Sundhedsdatastyrelsen's guide of
// 11 July 2025, ../shared/seeds/000_7796372d1533679f.txt), with the guide's reference and the suggested action.

import { listDa } from '../../../schemas/danish.ts';
import type { ReportFinding } from '../../../schemas/sor-report.ts';
import type { Address, SorNode, SorTreeData } from './reader.ts';

export const ROLES = [
  'plejehjem',
  'permanentPlejebolig',
  'midlertidigPlejebolig',
  'helhedsplejeleverandoer',
  'helhedsplejeleverandoersted',
  'hjemmepleje',
] as const;
export type Role = (typeof ROLES)[number];
export type TypeMap = Record<Role, string[]>;

export const ROLE_LABELS: Record<Role, string> = {
  plejehjem: 'plejehjem',
  permanentPlejebolig: 'permanent plejebolig',
  midlertidigPlejebolig: 'midlertidig plejebolig',
  helhedsplejeleverandoer: 'helhedsplejeleverandør',
  helhedsplejeleverandoersted: 'helhedsplejeleverandørsted',
  hjemmepleje: 'hjemmepleje',
};

/** Built-in codes for the known types; the four 2025 types are not published and must be configured. */
export const DEFAULT_TYPES: TypeMap = {
  plejehjem: ['42665001'],
  permanentPlejebolig: [],
  midlertidigPlejebolig: [],
  helhedsplejeleverandoer: [],
  helhedsplejeleverandoersted: [],
  hjemmepleje: ['554821000005109'],
};

export const OWNER_KOMMUNE = '547211000005108';

export type Finding = ReportFinding;

export interface Skipped {
  rule: string;
  reason: string;
}

const RULE_ROLES: Record<string, Role[]> = {
  'PE-NESTED': ['plejehjem'],
  'PE-MIRROR': ['plejehjem'],
  'PE-NO-OPHOLD': ['plejehjem', 'permanentPlejebolig', 'midlertidigPlejebolig'],
  'PE-DUP-OPHOLD': ['plejehjem', 'permanentPlejebolig', 'midlertidigPlejebolig'],
  'PE-OPHOLD-PLACEMENT': ['plejehjem', 'permanentPlejebolig', 'midlertidigPlejebolig'],
  'PE-OPHOLD-VALIDITY': ['plejehjem', 'permanentPlejebolig', 'midlertidigPlejebolig'],
  'PE-CONTACT': ['plejehjem'],
  'HP-NO-STED': ['hjemmepleje', 'helhedsplejeleverandoersted'],
  'HP-LEVERANDOR-IN-SOR': ['helhedsplejeleverandoer'],
  'HP-NESTED-STED': ['helhedsplejeleverandoersted'],
  'HP-NO-ADDRESS': ['helhedsplejeleverandoersted'],
  'HP-CONTACT': ['helhedsplejeleverandoersted'],
  'HP-HJEMMEPLEJE-OUTSIDE': ['hjemmepleje', 'helhedsplejeleverandoersted'],
};
export const RULE_IDS = Object.keys(RULE_ROLES);

export function active(n: SorNode, date: string): boolean {
  const from = n.firstFromDate || n.fromDate;
  return (!from || from <= date) && (!n.toDate || n.toDate > date);
}

export interface Effective<T> {
  value: T;
  /** The node it was taken from (the node itself when its own). */
  from: SorNode;
}

function nearest<T>(n: SorNode, pick: (x: SorNode) => T | null | ''): Effective<T> | null {
  for (let x: SorNode | null = n; x; x = x.parent) {
    const v = pick(x);
    if (v) return { value: v as T, from: x };
  }
  return null;
}

export const effectivePostal = (n: SorNode) => nearest<Address>(n, (x) => x.postal);
export const effectiveVisiting = (n: SorNode): Effective<Address> | null => (n.visiting ? { value: n.visiting, from: n } : effectivePostal(n));
export const effectiveEmail = (n: SorNode) => nearest<string>(n, (x) => x.email);
export const effectiveWebsite = (n: SorNode) => nearest<string>(n, (x) => x.website);
export const effectivePhone = (n: SorNode) => nearest<string>(n, (x) => x.phone);

function addressKey(a: Address | null | undefined): string {
  if (!a) return '';
  return [a.street, a.number, a.postCode].map((s) => s.toLocaleLowerCase('da').replace(/\s+/g, '')).join('|');
}

export function formatAddress(a: Address): string {
  return `${a.street} ${a.number}, ${a.postCode} ${a.district}`.replace(/\s+,/, ',').trim();
}

function ownerOf(n: SorNode): SorNode {
  let x = n;
  while (x.parent) x = x.parent;
  return x;
}

function descendants(n: SorNode): SorNode[] {
  const out: SorNode[] = [];
  const walk = (x: SorNode) => {
    for (const c of x.children) {
      out.push(c);
      walk(c);
    }
  };
  walk(n);
  return out;
}

const OPHOLD_WORDS = /permanent|plejebolig|midlertidig|aflastning|korttid|rehabilitering/i;
function opholdHint(name: string): 'permanent' | 'midlertidig' | null {
  if (/midlertidig|aflastning|korttid|rehabilitering/i.test(name)) return 'midlertidig';
  if (/permanent|plejebolig/i.test(name)) return 'permanent';
  return null;
}

export interface CheckOptions {
  types: TypeMap;
  date: string;
  /** Only findings for these owners (all when null). */
  owners: Set<string> | null;
}

export function runRules(tree: SorTreeData, o: CheckOptions): { findings: Finding[]; skipped: Skipped[]; plejeenheder: SorNode[]; excluded: Set<SorNode> } {
  const codes = Object.fromEntries(ROLES.map((r) => [r, new Set(o.types[r] ?? [])])) as Record<Role, Set<string>>;
  const is = (n: SorNode, r: Role) => n.level === 'unit' && codes[r].has(n.type);
  const isOphold = (n: SorNode) => is(n, 'permanentPlejebolig') || is(n, 'midlertidigPlejebolig');
  const act = (n: SorNode) => active(n, o.date);
  const inScope = (n: SorNode) => !o.owners || o.owners.has(ownerOf(n).sorId);

  const skipped: Skipped[] = [];
  const runs = new Set<string>();
  for (const [rule, roles] of Object.entries(RULE_ROLES)) {
    const missing = roles.filter((r) => codes[r].size === 0);
    if (missing.length) {
      skipped.push({ rule, reason: `Ingen typekode er sat op for ${missing.map((r) => `'${ROLE_LABELS[r]}'`).join(' og ')}; reglen er ikke kørt.` });
    } else runs.add(rule);
  }

  const findings: Finding[] = [];
  const add = (f: Omit<Finding, 'name' | 'related' | 'sorId'> & { node: SorNode; related?: SorNode[] }) => {
    if (!inScope(f.node)) return;
    findings.push({
      rule: f.rule,
      severity: f.severity,
      sorId: f.node.sorId,
      name: f.node.name,
      message: f.message,
      guide: f.guide,
      suggestion: f.suggestion,
      related: (f.related ?? []).map((r) => r.sorId),
    });
  };

  const units = tree.nodes.filter((n) => n.level === 'unit' && act(n));
  const plejehjem = units.filter((n) => is(n, 'plejehjem'));
  const excluded = new Set<SorNode>();

  // PE-NESTED: one finding per nesting, on the topmost plejehjem
  if (runs.has('PE-NESTED')) {
    for (const top of plejehjem) {
      let above = false;
      for (let x = top.parent; x; x = x.parent) if (is(x, 'plejehjem') && act(x)) above = true;
      if (above) continue;
      const below = descendants(top).filter((d) => is(d, 'plejehjem') && act(d));
      if (below.length === 0) continue;
      const topKey = addressKey(effectiveVisiting(top)?.value);
      const sameAddress = below.every((b) => addressKey(effectiveVisiting(b)?.value) === topKey);
      if (sameAddress) below.forEach((b) => excluded.add(b));
      else excluded.add(top);
      add({
        rule: 'PE-NESTED',
        severity: 'error',
        node: top,
        related: below,
        guide: 'Afsnit 4, Aktivitet 1 a og b',
        message: `Plejehjemsenheden "${top.name}" har ${below.length === 1 ? 'en plejehjemsenhed' : `${below.length} plejehjemsenheder`} under sig (${listDa(below.map((b) => b.name))}). En plejeenhed må ikke ligge under en anden.`,
        suggestion: sameAddress
          ? `Tilfælde b (underenheder): enhederne under "${top.name}" har samme besøgsadresse og er afsnit af det samme plejehjem. Ret deres enhedstype, så de ikke er plejehjem; "${top.name}" er plejeenheden.`
          : `Tilfælde a (samlende enhed): enhederne under "${top.name}" har egne besøgsadresser og er selvstændige plejehjem. Ret typen på "${top.name}", så den ikke er plejehjem, men en samlende enhed.`,
      });
    }
  }
  const plejeenheder = plejehjem.filter((p) => !excluded.has(p));

  // PE-MIRROR: a kommune's plejehjem at the same visiting address as a private owner's
  if (runs.has('PE-MIRROR')) {
    const others = new Map<string, SorNode[]>();
    for (const p of plejehjem) {
      if (ownerOf(p).type === OWNER_KOMMUNE) continue;
      const k = addressKey(effectiveVisiting(p)?.value);
      if (k) others.set(k, [...(others.get(k) ?? []), p]);
    }
    for (const p of plejeenheder) {
      if (ownerOf(p).type !== OWNER_KOMMUNE) continue;
      const mirror = others.get(addressKey(effectiveVisiting(p)?.value));
      if (!mirror) continue;
      add({
        rule: 'PE-MIRROR',
        severity: 'warning',
        node: p,
        related: mirror,
        guide: 'Afsnit 4, Aktivitet 1 c',
        message: `"${p.name}" har samme besøgsadresse som ${listDa(mirror.map((m) => `"${m.name}" (${ownerOf(m).name})`))}, der ejes af en anden end kommunen.`,
        suggestion:
          'Tjek, om plejehjemmet er registreret både af kommunen og af den private ejer (spejling). Plejehjemmet skal kun registreres én gang som plejeenhed: hos den, der driver det.',
      });
    }
  }

  const activeChildren = (n: SorNode) => n.children.filter(act);
  if (runs.has('PE-NO-OPHOLD') || runs.has('PE-DUP-OPHOLD')) {
    for (const p of plejeenheder) {
      const kids = activeChildren(p);
      const ophold = kids.filter(isOphold);
      if (runs.has('PE-NO-OPHOLD') && ophold.length === 0) {
        const hinted = kids.filter((k) => OPHOLD_WORDS.test(k.name));
        let suggestion: string;
        if (kids.length === 0) {
          suggestion = `Tilfælde a: opret de manglende opholdstyper ('permanent plejebolig' og/eller 'midlertidig plejebolig') som enheder direkte under "${p.name}".`;
        } else if (kids.length === 1 && hinted.length === 1) {
          suggestion = `Tilfælde b: enheden "${kids[0]!.name}" ligner en opholdstype: ret dens enhedstype til '${ROLE_LABELS[opholdHint(kids[0]!.name) === 'midlertidig' ? 'midlertidigPlejebolig' : 'permanentPlejebolig']}'. Tilfælde c: skal dens type blive, så opret opholdstypen direkte under "${p.name}", og flyt "${kids[0]!.name}" ind under den.`;
        } else if (hinted.length >= 2 && new Set(hinted.map((h) => opholdHint(h.name))).size < hinted.length) {
          suggestion = `Tilfælde d: flere enheder (${listDa(hinted.map((h) => `"${h.name}"`))}) angiver samme opholdstype: opret én samlende enhed pr. opholdstype direkte under "${p.name}", og flyt dem ind under den.`;
        } else {
          suggestion = `Tilfælde a: opret de manglende opholdstyper som nye enheder direkte under "${p.name}", ved siden af de eksisterende.`;
        }
        add({
          rule: 'PE-NO-OPHOLD',
          severity: 'error',
          node: p,
          guide: 'Afsnit 4, Aktivitet 3',
          message: `Plejeenheden "${p.name}" har ingen aktiv opholdstype ('permanent plejebolig' eller 'midlertidig plejebolig') direkte under sig.`,
          suggestion,
        });
      }
      if (runs.has('PE-DUP-OPHOLD')) {
        for (const role of ['permanentPlejebolig', 'midlertidigPlejebolig'] as const) {
          const same = ophold.filter((k) => is(k, role));
          if (same.length >= 2) {
            add({
              rule: 'PE-DUP-OPHOLD',
              severity: 'error',
              node: p,
              related: same,
              guide: 'Afsnit 4, Aktivitet 3',
              message: `Plejeenheden "${p.name}" har ${same.length} aktive enheder af opholdstypen '${ROLE_LABELS[role]}' (${listDa(same.map((s) => s.name))}); der må kun være én af hver.`,
              suggestion: `Saml dem i én enhed af typen '${ROLE_LABELS[role]}' direkte under "${p.name}", og luk eller ret typen på de øvrige.`,
            });
          }
        }
      }
    }
  }

  const ophold = units.filter(isOphold);
  for (const u of ophold) {
    const parent = u.parent;
    const parentIsPleje = parent !== null && is(parent, 'plejehjem');
    if (runs.has('PE-OPHOLD-PLACEMENT') && !parentIsPleje) {
      add({
        rule: 'PE-OPHOLD-PLACEMENT',
        severity: 'error',
        node: u,
        guide: 'Afsnit 4, Aktivitet 3',
        message: `Opholdstypen "${u.name}" ligger ikke direkte under en plejehjemsenhed${parent ? ` (men under "${parent.name}")` : ''}.`,
        suggestion: 'Flyt opholdstypen ind direkte under det plejehjem, den hører til.',
      });
    }
    if (runs.has('PE-OPHOLD-VALIDITY') && parentIsPleje && parent && act(parent)) {
      const start = u.firstFromDate || u.fromDate;
      const pStart = parent.firstFromDate || parent.fromDate;
      const early = start && pStart && start < pStart;
      const late = (u.toDate || '9999-12-31') > (parent.toDate || '9999-12-31');
      if (early || late) {
        add({
          rule: 'PE-OPHOLD-VALIDITY',
          severity: 'warning',
          node: u,
          related: [parent],
          guide: 'Afsnit 4, Aktivitet 3',
          message: early
            ? `Opholdstypen "${u.name}" begynder ${start}, før plejehjemmet "${parent.name}" (${pStart}).`
            : `Opholdstypen "${u.name}" slutter ${u.toDate || 'aldrig'}, efter plejehjemmet "${parent.name}" (${parent.toDate}).`,
          suggestion: 'Ret opholdstypens gyldighedsperiode, så den ligger inden for plejehjemmets.',
        });
      }
    }
  }

  const contactMissing = (n: SorNode, visiting: boolean) => {
    const missing: string[] = [];
    if (visiting && !effectiveVisiting(n)) missing.push('besøgsadresse');
    if (!effectivePostal(n)) missing.push('postadresse');
    if (!effectiveEmail(n)) missing.push('e-mail');
    if (!effectiveWebsite(n)) missing.push('hjemmeside');
    if (!effectivePhone(n)) missing.push('telefon');
    return missing;
  };
  if (runs.has('PE-CONTACT')) {
    const checked = [...plejeenheder, ...(codes.permanentPlejebolig.size || codes.midlertidigPlejebolig.size ? ophold : [])];
    for (const u of checked) {
      const missing = contactMissing(u, true);
      if (missing.length === 0) continue;
      add({
        rule: 'PE-CONTACT',
        severity: 'error',
        node: u,
        guide: 'Afsnit 4, Aktivitet 4',
        message: `"${u.name}" mangler ${listDa(missing)} (hverken sin egen eller arvet fra en enhed over den).`,
        suggestion: `Registrér ${listDa(missing)} på "${u.name}" eller på enheden over den, så den arves.`,
      });
    }
  }

  // helhedspleje
  const steder = units.filter((n) => is(n, 'helhedsplejeleverandoersted'));
  const hjemmepleje = units.filter((n) => is(n, 'hjemmepleje'));
  if (runs.has('HP-NO-STED')) {
    for (const owner of tree.owners) {
      if (owner.type !== OWNER_KOMMUNE || !act(owner)) continue;
      const hp = hjemmepleje.filter((h) => ownerOf(h) === owner);
      if (hp.length === 0 || steder.some((s) => ownerOf(s) === owner)) continue;
      add({
        rule: 'HP-NO-STED',
        severity: 'error',
        node: owner,
        related: hp,
        guide: 'Afsnit 5, Aktivitet 1',
        message: `${owner.name} har ${hp.length === 1 ? 'en hjemmeplejeenhed' : `${hp.length} hjemmeplejeenheder`}, men ingen aktiv helhedsplejeleverandørsted.`,
        suggestion:
          'Opret en enhed af typen helhedsplejeleverandørsted for hvert fysiske mødested, hvorfra hjemmeplejen udgår, med besøgsadresse og kontaktoplysninger.',
      });
    }
  }
  if (runs.has('HP-LEVERANDOR-IN-SOR')) {
    for (const u of units.filter((n) => is(n, 'helhedsplejeleverandoer'))) {
      add({
        rule: 'HP-LEVERANDOR-IN-SOR',
        severity: 'warning',
        node: u,
        guide: 'Afsnit 5',
        message: `"${u.name}" har typen helhedsplejeleverandør; det niveau danner Plejeoverblikket selv i denne version.`,
        suggestion: 'Tjek, om enheden skal være et helhedsplejeleverandørsted i stedet, eller lukkes.',
      });
    }
  }
  for (const s of steder) {
    let above: SorNode | null = null;
    for (let x = s.parent; x; x = x.parent) if (is(x, 'helhedsplejeleverandoersted') && act(x)) above = x;
    if (runs.has('HP-NESTED-STED') && above) {
      add({
        rule: 'HP-NESTED-STED',
        severity: 'warning',
        node: s,
        related: [above],
        guide: 'Afsnit 5, Aktivitet 1',
        message: `Helhedsplejeleverandørstedet "${s.name}" ligger under et andet sted ("${above.name}").`,
        suggestion: 'Der skal være ét sted pr. fysisk mødested: flyt stedet op ved siden af det andet, eller ret dets type.',
      });
    }
    if (runs.has('HP-NO-ADDRESS') && !effectiveVisiting(s)) {
      add({
        rule: 'HP-NO-ADDRESS',
        severity: 'error',
        node: s,
        guide: 'Afsnit 5, Aktivitet 1',
        message: `Helhedsplejeleverandørstedet "${s.name}" har ingen besøgsadresse (heller ikke arvet).`,
        suggestion: `Registrér den fysiske adresse, hvorfra medarbejderne møder ind, som besøgsadresse på "${s.name}".`,
      });
    }
    if (runs.has('HP-CONTACT')) {
      const missing = contactMissing(s, false);
      if (missing.length) {
        add({
          rule: 'HP-CONTACT',
          severity: 'error',
          node: s,
          guide: 'Afsnit 5, Aktivitet 2',
          message: `Helhedsplejeleverandørstedet "${s.name}" mangler ${listDa(missing)}.`,
          suggestion: `Registrér ${listDa(missing)} på "${s.name}" eller på enheden over den, så den arves.`,
        });
      }
    }
  }
  if (runs.has('HP-HJEMMEPLEJE-OUTSIDE')) {
    for (const h of hjemmepleje) {
      const owner = ownerOf(h);
      if (!steder.some((s) => ownerOf(s) === owner)) continue;
      let sted = false;
      for (let x = h.parent; x; x = x.parent) if (is(x, 'helhedsplejeleverandoersted') && act(x)) sted = true;
      if (!sted && descendants(h).some((d) => is(d, 'helhedsplejeleverandoersted') && act(d))) sted = true;
      if (sted) continue;
      add({
        rule: 'HP-HJEMMEPLEJE-OUTSIDE',
        severity: 'warning',
        node: h,
        guide: 'Afsnit 5, Aktivitet 1 c, Figur 14',
        message: `Hjemmeplejeenheden "${h.name}" har intet helhedsplejeleverandørsted over eller under sig.`,
        suggestion: 'Placér enheden under det sted, den udgår fra, eller opret et sted for den (fx en natpatrulje med eget mødested).',
      });
    }
  }
  return { findings, skipped, plejeenheder, excluded };
}
