// Fixtures for the SEI file tests: a database with ydelser in November 2026, and libxml2's schema validation.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { type DB, openDatabase, type OpenOptions } from '../db/open.ts';
import { createForloeb } from '../db/forloeb.ts';
import { createYdelser } from '../db/ydelser.ts';
import { createPlace } from '../db/places.ts';
import { ForloebInput } from '../schemas/forloeb-ydelser.ts';
import { PlaceInput } from '../schemas/places.ts';
import type { Header } from '../backend/services/sei-export.ts';
import { placeInput, sorCode, tmpDbPath, tmpDir } from './helpers.ts';

export const XSD = 'schemas/sei-genoptraening-1.0.xsd';
export const HEADER: Header = { kommunekode: '751', reporterName: 'Anna Ærbødig', reporterEmail: 'anna@aarhus.dk' };
export const TODAY = '2026-12-03';
export const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;

export function xmllint(xml: string): { ok: boolean; output: string } {
  const file = path.join(tmpDir(), 'fil.xml');
  fs.writeFileSync(file, xml);
  const r = spawnSync('xmllint', ['--noout', '--schema', XSD, file], { encoding: 'utf8' });
  return { ok: r.status === 0, output: r.stderr };
}

export function seed(file = tmpDbPath(), options: OpenOptions = {}) {
  return { ...seedInto(openDatabase(file, options).db), file };
}

/** seed()'s places, forløb and ydelser in a database of either store (test/stores.ts). */
export function seedInto(db: DB) {
  const center = createPlace(db, PlaceInput.parse(placeInput({ name: 'Center Nord', code: { type: 'SOR', value: sorCode(5) } })), 't');
  const klinik = createPlace(
    db,
    PlaceInput.parse(placeInput({ name: 'Klinik Syd', type: 'fysioterapiklinik', owner: 'privat_med_aftale', code: { type: 'YDER', value: '24015' } })),
    't',
  );
  const uden = createPlace(db, PlaceInput.parse(placeInput({ name: 'Bakkehuset', code: null })), 't');
  const a = createForloeb(db, ForloebInput.parse({ cpr: '0101902001', gopType: 'almen_basal', dischargeDate: '2026-10-28' }), 't', TODAY);
  const b = createForloeb(db, ForloebInput.parse({ cpr: '1503084567', gopType: 'specialiseret', dischargeDate: '2026-11-01' }), 't', TODAY);
  const w = (placeId: number, over = {}) => ({ ydelseskode: 'BLNB1', tillaegskoder: [], placeId, hjemme: false, ...over });
  const ya = createYdelser(db, a.id, ['2026-11-03', '2026-11-05'], w(center.id, { tillaegskoder: ['ZPW00900'] }), 't', TODAY);
  const yb = createYdelser(db, b.id, ['2026-11-04'], w(klinik.id, { hjemme: true }), 't', TODAY);
  const pending = createYdelser(db, b.id, ['2026-11-06'], w(uden.id), 't', TODAY);
  createYdelser(db, a.id, ['2026-10-30', '2026-12-01'], w(center.id), 't', TODAY); // other months
  return { db, center, klinik, uden, ya, yb, pending };
}
