// Bundles the Electron shell (main and preload) to CommonJS in dist/electron. A sandboxed preload must be a single
// CommonJS file; better-sqlite3 stays external (native) and is unpacked from asar by electron-builder.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  external: ['electron', 'better-sqlite3'],
  logLevel: 'warning',
  sourcemap: false,
};

await build({ ...common, entryPoints: ['electron/shell/main.ts'], outfile: 'dist/electron/main.cjs' });
await build({ ...common, entryPoints: ['electron/shell/preload.ts'], outfile: 'dist/electron/preload.cjs' });
console.log('Electron-skallen er bygget i dist/electron');

// The command line, bundled once so that `sei-genoptraening` starts without compiling TypeScript (bin/ uses it when
// it is newer than every source file, else the sources through tsx).
await build({ ...common, format: 'esm', entryPoints: ['electron/cli/main.ts'], outfile: 'dist/cli/main.mjs', external: ['better-sqlite3', 'saxes'] });
console.log('Kommandolinjen er bygget i dist/cli');
