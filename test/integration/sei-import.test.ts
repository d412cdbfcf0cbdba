// Import of the SEI file: round trip, idempotent by record id, and hostile or broken files refused with the
// database unchanged.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openDatabase } from '../../db/open.ts';
import { listYdelser } from '../../db/activities.ts';
import { exportMonth, type Header } from '../../electron/services/sei-export.ts';
import { applySeiFile, parseSeiFile } from '../../electron/services/sei-import.ts';
import { dbFingerprint, tmpDbPath } from '../helpers.ts';
import { seed } from '../sei-fixtures.ts';

const HEADER: Header = { kommunekode: '0751', reporterName: 'Anna', reporterEmail: 'anna@aarhus.dk' };
const TODAY = '2026-12-03';
const strip = (xml: string) => xml.replace(/<Dannet>[^<]*<\/Dannet>/, '<Dannet/>');

function exported() {
  const s = seed();
  const r = exportMonth(s.db, '2026-11', HEADER, 'anna', new Date('2026-12-03T09:00:00Z'), TODAY);
  return { ...s, xml: r.xml };
}

function importXml(db: ReturnType<typeof openDatabase>['db'], xml: string, name = 'fil.xml') {
  return applySeiFile(db, parseSeiFile(Buffer.from(xml, 'utf8'), name), name, 'test');
}

describe('importing the SEI file', () => {
  test('round trip: export, import into an empty database, export again gives the same file apart from the creation time', () => {
    const { xml } = exported();
    const { db } = openDatabase(tmpDbPath());
    const r = importXml(db, xml);
    assert.deepEqual([r.created, r.updated, r.cancelled, r.placesCreated], [3, 0, 0, 2]);
    const again = exportMonth(db, '2026-11', HEADER, 'bo', new Date('2026-12-10T12:00:00Z'), TODAY).xml;
    assert.equal(strip(again), strip(xml));
  });

  test('importing the same file twice changes nothing the second time', () => {
    const { xml } = exported();
    const { db } = openDatabase(tmpDbPath());
    importXml(db, xml);
    const before = dbFingerprint(db);
    const r = importXml(db, xml);
    assert.deepEqual([r.created, r.updated, r.unchanged], [0, 0, 3]);
    // only the import batch itself is new
    db.prepare('DELETE FROM import_batch WHERE id = (SELECT max(id) FROM import_batch)').run();
    assert.equal(dbFingerprint(db), before);
  });

  test('into the database that made it, the records are recognised by their id', () => {
    const { db, xml } = exported();
    const r = importXml(db, xml);
    assert.deepEqual([r.created, r.unchanged], [0, 3]);
  });

  test('a new record joins its citizen\'s forløb in the database', () => {
    const { db, xml, ya, yb } = exported();
    const r = importXml(db, xml.replace(/id="([^"]+)-(\d+)"/g, 'id="andet-system-$2"'));
    assert.equal(r.created, 3);
    const forloebOf = (cpr: string) => db.prepare("SELECT DISTINCT forloeb_id FROM ydelse WHERE cpr = ? AND uid LIKE 'andet-system-%'").pluck().all(cpr);
    assert.deepEqual(forloebOf('0101902001'), [ya[0]!.forloebId]);
    assert.deepEqual(forloebOf('1503084567'), [yb[0]!.forloebId]);
  });

  test('a rettelse updates and an annullering cancels the record with that id', () => {
    const { xml } = exported();
    const { db } = openDatabase(tmpDbPath());
    importXml(db, xml);
    const firstId = /id="([^"]+)"/.exec(xml)![1]!;
    const corrected = xml
      .replace(`id="${firstId}" handling="ny">\n        <Dato>2026-11-03</Dato>\n        <Ydelseskode>BLNB1`, `id="${firstId}" handling="rettelse">\n        <Dato>2026-11-03</Dato>\n        <Ydelseskode>BLNB2`)
      .replace(/handling="ny">(\s*<Dato>2026-11-04)/, 'handling="annullering">$1');
    const r = importXml(db, corrected);
    assert.deepEqual([r.updated, r.cancelled, r.unchanged], [1, 1, 1]);
    const rows = listYdelser(db, {}, TODAY).rows;
    assert.deepEqual(rows.map((y) => `${y.dato} ${y.ydelseskode}`).sort(), ['2026-11-03 BLNB2', '2026-11-05 BLNB1']);
  });

  test('a file written with a namespace prefix, or with entities and comments, reads as the plain file does', () => {
    const { xml } = exported();
    const plain = parseSeiFile(Buffer.from(xml), 'fil.xml');
    const prefixed = xml
      .replace('<GenoptraeningIndberetning xmlns="urn:dk:sei-genoptraening:indberetning:1"', '<s:GenoptraeningIndberetning xmlns:s="urn:dk:sei-genoptraening:indberetning:1"')
      .replace(/<(\/?)(?!s:)([A-Za-z]+)([ >])/g, '<$1s:$2$3');
    assert.match(prefixed, /<s:Aktivitet id=/);
    const viaPrefix = parseSeiFile(Buffer.from(prefixed), 'fil.xml');
    assert.deepEqual(viaPrefix.records.map(({ line: _, ...r }) => r), plain.records.map(({ line: _, ...r }) => r));
    const withEntities = parseSeiFile(Buffer.from(xml.replace('<Navn>Anna</Navn>', '<Navn>Anna &amp; Bo<!-- to --> &#xC5;se</Navn>')), 'fil.xml');
    assert.equal(withEntities.reporterName, 'Anna & Bo Åse');
  });

  test('an error found after reading names the line of the record', () => {
    const { xml } = exported();
    const lines = xml.split('\n');
    const dup = xml.replace(/id="([^"]+)" handling="ny">(\s*<Dato>2026-11-05)/, (_m, _id: string, rest: string) => `id="${/id="([^"]+)"/.exec(xml)![1]}" handling="ny">${rest}`);
    const first = lines.findIndex((l) => l.includes('<Aktivitet ')) + 1;
    assert.throws(() => parseSeiFile(Buffer.from(dup), 'fil.xml'), new RegExp(`fil\\.xml, linje \\d+: id "[^"]+" står også i linje ${first}\\.`));
  });

  const hostile: [string, (xml: string) => string | Buffer, RegExp][] = [
    ['entity expansion (billion laughs)', () => '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><GenoptraeningIndberetning xmlns="urn:dk:sei-genoptraening:indberetning:1" version="1.0">&lol2;</GenoptraeningIndberetning>', /linje 1: filen indeholder en DOCTYPE-erklæring/],
    ['an external entity (XXE)', (x) => x.replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>').replace('<Navn>Anna</Navn>', '<Navn>&xxe;</Navn>'), /linje 2: filen indeholder en DOCTYPE-erklæring/],
    ['not this format (another root)', () => '<?xml version="1.0"?>\n<SorTree xmlns="urn:oio:sundhedsstyrelsen:organisation:1.0.0"/>', /ikke en SEI Genoptræning-fil: rodelementet er <SorTree>/],
    ['not this format (right name, other namespace)', (x) => x.replace('urn:dk:sei-genoptraening:indberetning:1', 'urn:noget:andet'), /ikke en SEI Genoptræning-fil/],
    ['not XML at all', () => '{"cpr": "0101902001"}', /ikke gyldig XML/],
    ['a wrong version', (x) => x.replace('version="1.0">', 'version="2.0">'), /formatversion 2\.0; dette program læser version 1\.0/],
    ['truncated', (x) => x.slice(0, Math.floor(x.length * 0.6)), /slutter for tidligt eller er ikke gyldig XML/],
    ['truncated at a record boundary (the count does not match)', (x) => x.replace(/<Person>\s*<CPR>1503084567[\s\S]*?<\/Person>\n/, ''), /hovedet siger 3 aktiviteter, men filen har 2/],
    ['not UTF-8', (x) => Buffer.from(x.replace('Anna', 'Åse'), 'latin1'), /ikke gemt som UTF-8/],
    ['an invalid CPR number', (x) => x.replace('<CPR>0101902001</CPR>', '<CPR>3202902001</CPR>'), /linje \d+, kolonne \d+: CPR-nummeret: .*ikke en gyldig dato/],
    ['a SOR code with a wrong check digit', (x) => x.replace(/(<Institution type="SOR">\d+)(\d)</, (_m, a: string, d: string) => `${a}${(Number(d) + 1) % 10}<`), /forkert kontrolciffer/],
    ['an unknown element', (x) => x.replace('<Hjemmetraening>false</Hjemmetraening>', '<Hjemmetraening>false</Hjemmetraening><Ekstra xmlns="urn:x">1</Ekstra>'), /elementet <Ekstra> hører ikke til formatet/],
    ['an empty file', () => '', /er tom/],
  ];
  for (const [name, make, message] of hostile) {
    test(`refused, database unchanged: ${name}`, () => {
      const { xml } = exported();
      const { db } = openDatabase(tmpDbPath());
      importXml(db, xml.replace(/id="([^"]+)-(\d+)"/g, 'id="anden-$2"')); // some data to keep
      const before = dbFingerprint(db);
      const input = make(xml);
      const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
      assert.throws(() => applySeiFile(db, parseSeiFile(bytes, 'fil.xml'), 'fil.xml', 't'), (e: Error) => message.test(e.message) && /Intet er importeret|er tom/.test(e.message));
      assert.equal(dbFingerprint(db), before);
    });
  }

  test('refused, database unchanged: very large', () => {
    const { xml } = exported();
    const big = Buffer.from(xml.replace('</Personer>', `${'<!-- fyld -->'.repeat(100_000)}</Personer>`));
    assert.throws(() => parseSeiFile(big, 'stor.xml', 1024 * 1024), /stor\.xml er for stor \(1 MB\); højst 1 MB/);
  });
});
