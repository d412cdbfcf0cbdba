// Used by the build only (electron/bundle.mjs): the JavaScript source of FHIR R4's validators for the types a delivery
// report holds, compiled by Ajv ahead of time (its "standalone" code). Compiling them when the first report is checked
// took ~2 s of every process's first delivery; loading the compiled module takes ~0.3 s.

import standaloneCode from 'ajv/dist/standalone/index.js';
import { R4_TYPES, R4_VALIDATORS_KEY, r4Ajv, r4TypeSchema } from './fhir-r4-schema.ts';

/** A CommonJS module exporting one validator per type of R4_TYPES, and `KEY` (R4_VALIDATORS_KEY). */
export function precompiledR4Validators(): string {
  const ajv = r4Ajv(true);
  for (const type of R4_TYPES) ajv.addSchema(r4TypeSchema(type)!, type);
  const code = standaloneCode(ajv, Object.fromEntries(R4_TYPES.map((t) => [t, t])));
  return `${code}\nexports.KEY = ${JSON.stringify(R4_VALIDATORS_KEY)};\n`;
}
