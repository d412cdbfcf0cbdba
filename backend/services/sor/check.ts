// The SOR check: read the file, map types to roles, run the rules for one owner, one kommune or all, and build the
// Plejeoverblikket preview (what it would read in).

import type { SorCheckResult, SorPreview } from '../../../schemas/sor-report.ts';
import { UserError } from '../../../schemas/errors.ts';
import { readSorFile, type SorNode, type SorTreeData } from './reader.ts';
import { active, DEFAULT_TYPES, effectiveVisiting, formatAddress, OWNER_KOMMUNE, ROLES, runRules, type TypeMap } from './rules.ts';

export type { SorCheckResult } from '../../../schemas/sor-report.ts';
export type Preview = SorPreview;

/** A types mapping from JSON: role → list of codes. Roles given replace the defaults for that role. */
export function parseTypes(json: unknown, source: string): TypeMap {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new UserError(`${source}: typerne skal være et JSON-objekt fra rolle til en liste af koder.`);
  const out: TypeMap = { ...DEFAULT_TYPES };
  for (const [role, codes] of Object.entries(json)) {
    if (!(ROLES as readonly string[]).includes(role)) throw new UserError(`${source}: ukendt rolle "${role}"; brug ${ROLES.join(', ')}.`);
    if (!Array.isArray(codes) || !codes.every((c) => typeof c === 'string' || typeof c === 'number')) {
      throw new UserError(`${source}: rollen "${role}" skal have en liste af koder.`);
    }
    out[role as keyof TypeMap] = codes.map(String);
  }
  return out;
}

export interface Scope {
  owner?: string;
  kommune?: string;
}

export function ownersInScope(tree: SorTreeData, scope: Scope): Set<string> | null {
  if (scope.owner) {
    if (!tree.owners.some((o) => o.sorId === scope.owner)) throw new UserError(`Ejeren med SOR-id ${scope.owner} findes ikke i ${tree.fileName}.`);
    return new Set([scope.owner]);
  }
  if (scope.kommune) {
    const code = scope.kommune.padStart(4, '0');
    const byCode = tree.owners.filter((o) => o.type === OWNER_KOMMUNE && o.postal?.municipality.padStart(4, '0') === code);
    const byName = tree.owners.filter((o) => o.type === OWNER_KOMMUNE && o.name.toLocaleLowerCase('da') === scope.kommune!.toLocaleLowerCase('da'));
    const found = byCode.length ? byCode : byName;
    if (found.length === 0) throw new UserError(`Kommunen "${scope.kommune}" findes ikke som institutionsejer i ${tree.fileName}.`);
    return new Set(found.map((o) => o.sorId));
  }
  return null;
}

export function checkTree(tree: SorTreeData, types: TypeMap, date: string | undefined, scope: Scope = {}): SorCheckResult {
  const checkDate = date ?? tree.snapshotDate;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(checkDate)) throw new UserError(`Kontroldatoen mangler: filen har ingen SnapshotDate; angiv --date ÅÅÅÅ-MM-DD.`);
  const owners = ownersInScope(tree, scope);
  const { findings, skipped, plejeenheder } = runRules(tree, { types, date: checkDate, owners });
  const ownerOf = (n: SorNode) => {
    let x = n;
    while (x.parent) x = x.parent;
    return x;
  };
  const units = owners ? tree.nodes.filter((n) => n.level === 'unit' && owners.has(ownerOf(n).sorId)).length : tree.unitCount;
  const errorIds = new Set(findings.filter((f) => f.severity === 'error').map((f) => f.sorId));
  const codes = (r: keyof TypeMap) => new Set(types[r]);
  const opholdCodes = new Set([...codes('permanentPlejebolig'), ...codes('midlertidigPlejebolig')]);
  const stedCodes = codes('helhedsplejeleverandoersted');
  // each kommune's plejeenheder and helhedsplejeleverandørsteder, grouped in one pass (not a pass per kommune)
  const byOwner = new Map<SorNode, { mine: SorNode[]; steder: SorNode[] }>();
  const groupOf = (o: SorNode) => {
    let g = byOwner.get(o);
    if (!g) byOwner.set(o, (g = { mine: [], steder: [] }));
    return g;
  };
  for (const p of plejeenheder) groupOf(ownerOf(p)).mine.push(p);
  for (const n of tree.nodes) if (n.level === 'unit' && stedCodes.has(n.type) && active(n, checkDate)) groupOf(ownerOf(n)).steder.push(n);
  const preview: Preview = {
    kommuner: tree.owners
      .filter((o) => o.type === OWNER_KOMMUNE && (!owners || owners.has(o.sorId)))
      .map((o) => {
        const { mine, steder } = byOwner.get(o) ?? { mine: [], steder: [] };
        return {
          sorId: o.sorId,
          name: o.name,
          plejeenheder: mine.map((p) => ({
            sorId: p.sorId,
            name: p.name,
            readIn: !errorIds.has(p.sorId),
            address: effectiveVisiting(p) ? formatAddress(effectiveVisiting(p)!.value) : null,
            opholdstyper: p.children
              .filter((c) => active(c, checkDate) && opholdCodes.has(c.type))
              .map((c) => ({ sorId: c.sorId, name: c.name, readIn: !errorIds.has(c.sorId) && !errorIds.has(p.sorId) })),
          })),
          helhedsplejeleverandoer: steder.length
            ? {
                steder: steder.map((s) => ({
                  sorId: s.sorId,
                  name: s.name,
                  readIn: !errorIds.has(s.sorId),
                  address: effectiveVisiting(s) ? formatAddress(effectiveVisiting(s)!.value) : null,
                })),
              }
            : null,
        };
      }),
  };
  return { checkDate, snapshotDate: tree.snapshotDate, units, findings, skippedRules: skipped, preview };
}

/** Keeps an owner's subtree when a rule can use it: a kommune, the chosen owner, or units of a mapped role. */
export function ownerFilter(types: TypeMap, scope: Scope = {}): (owner: SorNode, units: SorNode[]) => boolean {
  const codes = new Set(Object.values(types).flat());
  return (owner, units) => owner.type === OWNER_KOMMUNE || owner.sorId === scope.owner || units.some((u) => codes.has(u.type));
}

export async function checkSorFile(
  file: string,
  types: TypeMap,
  date?: string,
  scope: Scope = {},
  onProgress?: (d: number, t: number) => void,
): Promise<SorCheckResult> {
  const tree = await readSorFile(file, { onProgress, keepOwner: ownerFilter(types, scope) });
  return checkTree(tree, types, date, scope);
}
