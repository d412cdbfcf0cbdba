// Foundation figures: opening a new database (migrations), creating places, listing and searching them, and the
// round trip of one call over the loopback bridge.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../db/open.ts';
import { createPlace, listPlaces } from '../db/places.ts';
import { PlaceInput } from '../schemas/places.ts';
import { createHandlers } from '../backend/api/handlers.ts';
import { startBridge } from '../backend/server/bridge.ts';
import { ChosenFiles } from '../backend/services/chosen-files.ts';
import { sor } from './fixtures.ts';

const PLACES = 10_000;

function ms(t0: number): string {
  return `${(performance.now() - t0).toFixed(1)} ms`;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function timeRepeated(n: number, fn: () => void): string {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return `median ${median(times).toFixed(2)} ms over ${n} runs`;
}

const CITIES = ['Aarhus C', 'Ærøskøbing', 'Østerild', 'Åbenrå', 'Odense', 'Aalborg', 'Randers', 'Vejle'];
const TYPES = ['plejehjem', 'genoptraeningscenter', 'sundhedscenter', 'fysioterapiklinik'] as const;

export async function benchPlaces(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sei-bench-'));
  let t0 = performance.now();
  const { db } = openDatabase(path.join(dir, 'bench.sqlite'));
  console.log(`Ny database oprettet og migreret: ${ms(t0)}`);

  t0 = performance.now();
  for (let i = 0; i < PLACES; i++) {
    createPlace(
      db,
      PlaceInput.parse({
        name: `${['Plejehjemmet', 'Centret', 'Klinikken', 'Huset'][i % 4]} ${CITIES[i % CITIES.length]} ${i}`,
        type: TYPES[i % TYPES.length],
        owner: i % 3 === 0 ? 'privat_med_aftale' : 'kommunal',
        street: `Vestergade ${i}`,
        postalCode: String(1000 + (i % 8999)),
        city: CITIES[i % CITIES.length],
        code: i % 10 === 0 ? null : { type: 'SOR', value: sor(1000 + i) },
      }),
      'bench',
    );
  }
  const createMs = performance.now() - t0;
  console.log(`Opret ${PLACES} steder (hver i sin egen transaktion med historik): ${createMs.toFixed(0)} ms (${(createMs / PLACES).toFixed(3)} ms pr. sted)`);

  console.log(`Liste over alle ${PLACES} steder, dansk sorteret: ${timeRepeated(20, () => listPlaces(db))}`);
  console.log(`Søgning "ærøskøbing" blandt ${PLACES} steder: ${timeRepeated(50, () => listPlaces(db, { search: 'ærøskøbing' }))}`);
  console.log(`Søgning "aarhus plejehjemmet" (aa = å, to ord): ${timeRepeated(50, () => listPlaces(db, { search: 'aarhus plejehjemmet' }))}`);

  const staticDir = path.join(dir, 'www');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<html><head></head></html>');
  const info = { name: 'bench', version: '0', mode: 'browser' as const, dbPath: '', store: 'fil' as const, schemaVersion: 1, user: 'bench', role: null };
  const files = new ChosenFiles();
  const bridge = await startBridge({ handlers: createHandlers({ db, info, actor: 'bench', files }), files, staticDir });
  const origin = bridge.url.slice(0, -1);
  const call = (name: string, body: unknown) =>
    fetch(`${origin}/api/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin, 'x-sei-token': bridge.token },
      body: JSON.stringify(body),
    }).then((r) => r.json());
  const rtt: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    await call('places.get', { id: 1 + (i % PLACES) });
    rtt.push(performance.now() - t);
  }
  console.log(`Et kald over broen (places.get, HTTP på 127.0.0.1): median ${median(rtt).toFixed(2)} ms over 200 kald`);
  await bridge.close();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
