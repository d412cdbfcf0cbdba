// Browser mode: the same window and backend as the desktop app, served on 127.0.0.1 for machines without Electron.
// Usage: PORT=8080 npm run start:browser -- [--db FILE]

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { UserError } from '../../schemas/errors.ts';
import { startBackend } from '../start.ts';
import { resolveDbPath } from '../paths.ts';
import { startBridge } from './bridge.ts';

export const RENDERER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'renderer');

async function main(): Promise<number> {
  let values: { db?: string; port?: string };
  try {
    ({ values } = parseArgs({ options: { db: { type: 'string' }, port: { type: 'string' } }, strict: true }));
  } catch (e) {
    console.error(`Forkert brug: ${(e as Error).message}\nBrug: npm run start:browser -- [--db FIL] [--port PORT]`);
    return 2;
  }
  const portText = values.port ?? process.env.PORT ?? '0';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`Forkert port: "${portText}". Angiv et tal fra 1 til 65535 (eller 0 for en ledig port).`);
    return 2;
  }
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    console.error(`Vinduet er ikke bygget (${RENDERER_DIR} mangler). Kør: npm run build`);
    return 2;
  }
  const dbPath = resolveDbPath(values.db);
  let backend;
  try {
    backend = startBackend(dbPath, 'browser');
  } catch (e) {
    console.error(e instanceof UserError ? e.message : `Databasen kunne ikke åbnes: ${(e as Error).message}`);
    return 1;
  }
  if (backend.backupPath) console.log(`Sikkerhedskopi før opdatering af databasen: ${backend.backupPath}`);
  const bridge = await startBridge({ handlers: backend.handlers, files: backend.files, staticDir: RENDERER_DIR, port });
  console.log(`SEI Genoptræning kører i browser-tilstand på ${bridge.url}`);
  console.log(`Åbn denne adresse i browseren (den indeholder nøglen; del den ikke): ${bridge.address}`);
  console.log(`Database: ${dbPath}`);
  console.log('Stop med Ctrl+C.');
  const stop = () => {
    void bridge.close().then(() => {
      backend.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return -1; // keep running
}

main().then((code) => {
  if (code >= 0) process.exitCode = code;
});
