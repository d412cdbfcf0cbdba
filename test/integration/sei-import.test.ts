// Import of the SEI file: round trip, idempotent by record id, and hostile or broken files refused with the
// database unchanged.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { deleteYdelse, getYdelse, listYdelser, updateYdelse, ydelseHistory } from '../../db/ydelser.ts';
import { exportMonth, type Header } from '../../backend/services/sei-export.ts';
import {
  applySeiFile,
  lookUpSeiFile,
  parseSeiFile,
  parseText,
  planSeiImport,
  SEI_STRUCTURE,
  type SeiFile,
  type SeiReader,
} from '../../backend/services/sei-import.ts';
import { LeaveToParser } from '../../backend/services/xml-scan.ts';
import { dbFingerprint, tmpDir } from '../helpers.ts';
import fs from 'node:fs';
import path from 'node:path';
import { cprOf } from '../../bench/fixtures.ts';
import { dispatch } from '../../backend/api/dispatch.ts';
import { startBackend } from '../../backend/start.ts';
import { ScriptedDialogs } from '../contract-walk.ts';
import { seedInto } from '../sei-fixtures.ts';
import { STORES } from '../stores.ts';
import { storedCpr } from '../../db/ydelse-values.ts';
import type { DB } from '../../db/open.ts';

const HEADER: Header = { kommunekode: '0751', reporterName: 'Anna', reporterEmail: 'anna@aarhus.dk' };
const TODAY = '2026-12-03';
const strip = (xml: string) => xml.replace(/<Dannet>[^<]*<\/Dannet>/, '<Dannet/>');

let fresh: () => DB;

function exported() {
  const s = seedInto(fresh());
  const r = exportMonth(s.db, '2026-11', HEADER, 'anna', new Date('2026-12-03T09:00:00Z'), TODAY);
  return { ...s, xml: r.xml() };
}

/** The file as one reader reads it (its lines apart: only saxes counts them). */
function readBy(xml: string, reader: SeiReader) {
  const steps = parseText(xml, 'fil.xml', reader);
  for (;;) {
    const r = steps.next();
    if (r.done) return { ...r.value, records: r.value.records.list().map(({ line: _, ...rec }) => rec) };
  }
}
const withoutLines = (f: SeiFile) => ({ ...f, records: f.records.list().map(({ line: _, ...rec }) => rec) });

function importXml(db: DB, xml: string, name = 'fil.xml') {
  return applySeiFile(db, parseSeiFile(Buffer.from(xml, 'utf8'), name), name, 'test');
}

for (const store of STORES)
  describe(`SEI files into ${store.name}`, { skip: store.skip }, () => {
    before(async () => {
      await store.start();
      fresh = store.fresh;
    });
    after(() => store.stop());

    describe('importing the SEI file', () => {
      test('round trip: export, import into an empty database, export again gives the same file apart from the creation time', () => {
        const { xml } = exported();
        const db = fresh();
        const r = importXml(db, xml);
        assert.deepEqual([r.created, r.updated, r.cancelled, r.placesCreated], [3, 0, 0, 2]);
        const again = exportMonth(db, '2026-11', HEADER, 'bo', new Date('2026-12-10T12:00:00Z'), TODAY).xml();
        assert.equal(strip(again), strip(xml));
      });

      test('importing the same file twice changes nothing the second time', () => {
        const { xml } = exported();
        const db = fresh();
        importXml(db, xml);
        const before = dbFingerprint(db);
        const r = importXml(db, xml);
        assert.deepEqual([r.created, r.updated, r.unchanged], [0, 0, 3]);
        // only the import batch itself is new
        db.prepare('DELETE FROM import_batch WHERE id = (SELECT max(id) FROM import_batch)').run();
        assert.equal(dbFingerprint(db), before);
      });

      test('what the preview looked up is used by the import only while nothing has been written: a file imported meanwhile is not imported twice', () => {
        const { xml } = exported();
        const db = fresh();
        const file = parseSeiFile(Buffer.from(xml, 'utf8'), 'fil.xml');
        // the preview: every record new
        const lookedUp = lookUpSeiFile(db, file);
        assert.equal(planSeiImport(db, file, 'fil.xml', lookedUp.value).counts.ny, 3);
        // while it is shown, the same file is imported (another window, the command line)
        assert.equal(importXml(db, xml).created, 3);
        const before = dbFingerprint(db);
        // the import after the preview: nothing new, nothing written twice, no error
        const r = applySeiFile(db, file, 'fil.xml', 'test', 'ingen', new Date(), lookedUp);
        assert.deepEqual([r.created, r.updated, r.unchanged], [0, 0, 3]);
        db.prepare('DELETE FROM import_batch WHERE id = (SELECT max(id) FROM import_batch)').run();
        assert.equal(dbFingerprint(db), before);
        // nothing written since the preview: the import goes by it (a preview of an empty database: all 3 written)
        const other = fresh();
        const looked = lookUpSeiFile(other, file);
        assert.equal(applySeiFile(other, file, 'fil.xml', 'test', 'ingen', new Date(), looked).created, 3);
      });

      test('into the database that made it, the records are recognised by their id', () => {
        const { db, xml } = exported();
        const r = importXml(db, xml);
        assert.deepEqual([r.created, r.unchanged], [0, 3]);
      });

      test("a new record joins its citizen's forløb in the database", () => {
        const { db, xml, ya, yb } = exported();
        const r = importXml(db, xml.replace(/id="([^"]+)-(\d+)"/g, 'id="andet-system-$2"'));
        assert.equal(r.created, 3);
        const forloebOf = (cpr: string) =>
          db.prepare("SELECT DISTINCT forloeb_id FROM ydelse WHERE cpr = ? AND uid LIKE 'andet-system-%'").pluck().all(storedCpr(db, cpr));
        assert.deepEqual(forloebOf('0101902001'), [ya[0]!.forloebId]);
        assert.deepEqual(forloebOf('1503084567'), [yb[0]!.forloebId]);
      });

      test('a rettelse updates and an annullering cancels the record with that id', () => {
        const { xml } = exported();
        const db = fresh();
        importXml(db, xml);
        const firstId = /id="([^"]+)"/.exec(xml)![1]!;
        const corrected = xml
          .replace(
            `id="${firstId}" handling="ny">\n        <Dato>2026-11-03</Dato>\n        <Ydelseskode>BLNB1`,
            `id="${firstId}" handling="rettelse">\n        <Dato>2026-11-03</Dato>\n        <Ydelseskode>BLNB2`,
          )
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
          .replace(
            '<GenoptraeningIndberetning xmlns="urn:dk:sei-genoptraening:indberetning:1"',
            '<s:GenoptraeningIndberetning xmlns:s="urn:dk:sei-genoptraening:indberetning:1"',
          )
          .replace(/<(\/?)(?!s:)([A-Za-z]+)([ >])/g, '<$1s:$2$3');
        assert.match(prefixed, /<s:Aktivitet id=/);
        const viaPrefix = parseSeiFile(Buffer.from(prefixed), 'fil.xml');
        assert.deepEqual(
          viaPrefix.records.list().map(({ line: _, ...r }) => r),
          plain.records.list().map(({ line: _, ...r }) => r),
        );
        const withEntities = parseSeiFile(Buffer.from(xml.replace('<Navn>Anna</Navn>', '<Navn>Anna &amp; Bo<!-- to --> &#xC5;se</Navn>')), 'fil.xml');
        assert.equal(withEntities.reporterName, 'Anna & Bo Åse');
      });

      test('our own export is read by the canonical reader, to what the scanner and saxes read', () => {
        const { xml } = exported();
        const exact = readBy(xml, 'exact');
        assert.ok(exact.records.some((r) => r.tillaegskoder.length > 0) && exact.records.some((r) => r.hjemme), 'the file has both');
        assert.deepEqual(readBy(xml, 'canonical'), exact);
        assert.deepEqual(readBy(xml, 'scanner'), exact);
        assert.deepEqual(withoutLines(parseSeiFile(Buffer.from(xml), 'fil.xml')), exact);
        // two tillægskoder on one record, and the same two on another (the canonical reader shares their list)
        const two = '</Ydelseskode><Tillaegskode>ZPW00900</Tillaegskode><Tillaegskode>ZPW00910</Tillaegskode>';
        const twice = xml.replace('</Ydelseskode>', two).replace(/(<Aktivitet [\s\S]*?<Aktivitet [\s\S]*?)<\/Ydelseskode>/, `$1${two}`);
        const both = readBy(twice, 'exact');
        assert.equal(both.records.filter((r) => r.tillaegskoder.join(' ').startsWith('ZPW00900 ZPW00910')).length, 2);
        assert.deepEqual(readBy(twice, 'canonical'), both);
        // a tillægskode that is no SKS code: the canonical reader leaves the file, and the error names its line
        const bad = xml.replace('</Ydelseskode>', '</Ydelseskode><Tillaegskode>Z!</Tillaegskode>');
        assert.throws(() => readBy(bad, 'canonical'), LeaveToParser);
        assert.throws(() => parseSeiFile(Buffer.from(bad), 'fil.xml'), /fil\.xml, linje \d+, kolonne \d+: Tillægskoden "Z!" er ikke en SKS-kode/);
      });

      test('a file written otherwise is left by the canonical reader, and read as saxes reads it', () => {
        const { xml } = exported();
        const variants: [string, string][] = [
          ['attributes in another order', xml.replace(/<Aktivitet id="([^"]+)" handling="ny">/, '<Aktivitet handling="ny" id="$1">')],
          ['single quotes', xml.replace(/<Institution type="(\w+)">/, "<Institution type='$1'>")],
          ['a comment', xml.replace('</Person>', '</Person><!-- næste -->')],
          ['an entity', xml.replace('<Navn>Anna</Navn>', '<Navn>Anna &amp; Bo</Navn>')],
          ['CDATA', xml.replace('<Navn>Anna</Navn>', '<Navn><![CDATA[Anna]]></Navn>')],
          ['a self-closing Tillaegskode list around nothing', xml.replace('<Hjemmetraening>', '<Tillaegskode/><Hjemmetraening>')],
          ['no XML declaration but a processing instruction', xml.replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml-stylesheet href="x"?>')],
        ];
        for (const [name, text] of variants) {
          assert.notEqual(text, xml, name);
          assert.throws(() => readBy(text, 'canonical'), LeaveToParser, name);
          let exact: unknown;
          try {
            exact = readBy(text, 'exact');
          } catch (e) {
            exact = (e as Error).message;
          }
          let whole: unknown;
          try {
            whole = withoutLines(parseSeiFile(Buffer.from(text), 'fil.xml'));
          } catch (e) {
            whole = (e as Error).message;
          }
          assert.deepEqual(whole, exact, name);
        }
      });

      test('a character XML forbids, in a text the canonical reader would take, is named with its line and column', () => {
        const { xml } = exported();
        const text = xml.replace('<Navn>Anna</Navn>', '<Navn>An\u0001na</Navn>');
        assert.throws(() => readBy(text, 'canonical'), LeaveToParser);
        assert.throws(() => parseSeiFile(Buffer.from(text), 'fil.xml'), /fil\.xml, linje \d+, kolonne \d+: filen indeholder tegnet U\+0001/);
      });

      test('an error found after reading names the line of the record', () => {
        const { xml } = exported();
        const lines = xml.split('\n');
        const dup = xml.replace(
          /id="([^"]+)" handling="ny">(\s*<Dato>2026-11-05)/,
          (_m, _id: string, rest: string) => `id="${/id="([^"]+)"/.exec(xml)![1]}" handling="ny">${rest}`,
        );
        const first = lines.findIndex((l) => l.includes('<Aktivitet ')) + 1;
        assert.throws(() => parseSeiFile(Buffer.from(dup), 'fil.xml'), new RegExp(`fil\\.xml, linje \\d+: id "[^"]+" står også i linje ${first}\\.`));

        // a record dated outside the month, before the repeated id: its line
        const outside = dup.replace('<Dato>2026-11-', '<Dato>2026-10-');
        assert.throws(
          () => parseSeiFile(Buffer.from(outside), 'fil.xml'),
          new RegExp(`fil\\.xml, linje ${first}: datoen \\d\\d\\.10\\.2026 ligger uden for perioden \\(november 2026\\)\\.`),
        );
      });

      test('a file whose header counts other records than it holds is refused as cut short', () => {
        const { xml } = exported();
        const n = Number(/<AntalAktiviteter>(\d+)</.exec(xml)![1]);
        const fewer = xml.replace(/<AntalAktiviteter>\d+</, `<AntalAktiviteter>${n - 1}<`);
        assert.throws(
          () => parseSeiFile(Buffer.from(fewer), 'fil.xml'),
          new RegExp(`hovedet siger ${n - 1} aktiviteter, men filen har ${n}\\. Filen er måske afkortet\\.`),
        );
      });

      const hostile: [string, (xml: string) => string | Buffer, RegExp][] = [
        [
          'entity expansion (billion laughs)',
          () =>
            '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><GenoptraeningIndberetning xmlns="urn:dk:sei-genoptraening:indberetning:1" version="1.0">&lol2;</GenoptraeningIndberetning>',
          /linje 1: filen indeholder en DOCTYPE-erklæring/,
        ],
        [
          'an external entity (XXE)',
          (x) =>
            x
              .replace(
                '<?xml version="1.0" encoding="UTF-8"?>',
                '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
              )
              .replace('<Navn>Anna</Navn>', '<Navn>&xxe;</Navn>'),
          /linje 2: filen indeholder en DOCTYPE-erklæring/,
        ],
        [
          'not this format (another root)',
          () => '<?xml version="1.0"?>\n<SorTree xmlns="urn:oio:sundhedsstyrelsen:organisation:1.0.0"/>',
          /ikke en SEI Genoptræning-fil: rodelementet er <SorTree>/,
        ],
        [
          'not this format (right name, other namespace)',
          (x) => x.replace('urn:dk:sei-genoptraening:indberetning:1', 'urn:noget:andet'),
          /ikke en SEI Genoptræning-fil/,
        ],
        ['not XML at all', () => '{"cpr": "0101902001"}', /ikke gyldig XML/],
        ['a wrong version', (x) => x.replace('version="1.0">', 'version="2.0">'), /formatversion 2\.0; dette program læser version 1\.0/],
        ['truncated', (x) => x.slice(0, Math.floor(x.length * 0.6)), /slutter for tidligt eller er ikke gyldig XML/],
        [
          'truncated at a record boundary (the count does not match)',
          (x) => x.replace(/<Person>\s*<CPR>1503084567[\s\S]*?<\/Person>\n/, ''),
          /hovedet siger 3 aktiviteter, men filen har 2/,
        ],
        ['not UTF-8', (x) => Buffer.from(x.replace('Anna', 'Åse'), 'latin1'), /ikke gemt som UTF-8/],
        [
          'an invalid CPR number',
          (x) => x.replace('<CPR>0101902001</CPR>', '<CPR>3202902001</CPR>'),
          /linje \d+, kolonne \d+: CPR-nummeret: .*ikke en gyldig dato/,
        ],
        [
          'a SOR code with a wrong check digit',
          (x) => x.replace(/(<Institution type="SOR">\d+)(\d)</, (_m, a: string, d: string) => `${a}${(Number(d) + 1) % 10}<`),
          /forkert kontrolciffer/,
        ],
        [
          'an unknown element',
          (x) => x.replace('<Hjemmetraening>false</Hjemmetraening>', '<Hjemmetraening>false</Hjemmetraening><Ekstra xmlns="urn:x">1</Ekstra>'),
          /elementet <Ekstra> hører ikke til formatet/,
        ],
        ['an empty file', () => '', /er tom/],
        [
          'a Person without a CPR number (its records belonged to no one)',
          (x) => x.replace('<CPR>0101902001</CPR>', ''),
          /linje \d+, kolonne \d+: aktiviteten [^ ]+ står i en <Person> uden CPR-nummer før den\./,
        ],
        [
          'a Person with two CPR numbers',
          (x) => x.replace('<CPR>0101902001</CPR>', '<CPR>0101902001</CPR><CPR>1503084567</CPR>'),
          /linje \d+, kolonne \d+: en <Person> har mere end ét CPR-nummer\./,
        ],
      ];
      for (const [name, make, message] of hostile) {
        test(`refused, database unchanged: ${name}`, () => {
          const { xml } = exported();
          const db = fresh();
          importXml(db, xml.replace(/id="([^"]+)-(\d+)"/g, 'id="anden-$2"')); // some data to keep
          const before = dbFingerprint(db);
          const input = make(xml);
          const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
          assert.throws(
            () => applySeiFile(db, parseSeiFile(bytes, 'fil.xml'), 'fil.xml', 't'),
            (e: Error) => message.test(e.message) && /Intet er importeret|er tom/.test(e.message),
          );
          assert.equal(dbFingerprint(db), before);
        });
      }

      test('refused, database unchanged: very large', () => {
        const { xml } = exported();
        const big = Buffer.from(xml.replace('</Personer>', `${'<!-- fyld -->'.repeat(100_000)}</Personer>`));
        assert.throws(() => parseSeiFile(big, 'stor.xml', 1024 * 1024), /stor\.xml er for stor \(1 MB\); højst 1 MB/);
      });
    });

    describe('an SEI import asks first: preview, and conflicts kept local', () => {
      const W = { tillaegskoder: [], hjemme: false };
      /** Our export made on 20 November; afterwards a local edit and a local deletion (now, 30 November or later). */
      function olderFileThenLocalChanges() {
        const s = seedInto(fresh());
        const file = exportMonth(s.db, '2026-11', HEADER, 'anna', new Date('2026-11-20T09:00:00Z'), TODAY).xml();
        updateYdelse(s.db, s.ya[0]!.id, '2026-11-03', { ...W, ydelseskode: 'BLNB2', placeId: s.center.id, tillaegskoder: ['ZPW00900'] }, 'bo', TODAY);
        deleteYdelse(s.db, s.yb[0]!.id, 'bo', TODAY);
        return { ...s, file };
      }
      const parse = (xml: string) => parseSeiFile(Buffer.from(xml, 'utf8'), 'okt.xml');

      test('the preview says what would happen, field by field, and writes nothing', () => {
        const { db, file, ya, yb } = olderFileThenLocalChanges();
        const before = dbFingerprint(db);
        const plan = planSeiImport(db, parse(file), 'okt.xml');
        assert.equal(dbFingerprint(db), before, 'nothing written');
        assert.deepEqual(plan.counts, { ny: 0, rettelse: 0, annullering: 0, uaendret: 1, konflikt: 2 });
        const edited = plan.records.find((r) => r.uid.endsWith(`-${ya[0]!.id}`))!;
        assert.equal(edited.kind, 'konflikt');
        assert.equal(edited.fileAction, 'rettelse');
        assert.deepEqual(edited.changes, [{ field: 'Ydelseskode', local: 'BLNB2', file: 'BLNB1' }]);
        assert.match(edited.reason!, /^Ændret her \d\d\.\d\d\.\d{4}, efter filen blev dannet 20\.11\.2026\.$/);
        const deleted = plan.records.find((r) => r.uid.endsWith(`-${yb[0]!.id}`))!;
        assert.equal(deleted.kind, 'konflikt');
        assert.equal(deleted.fileAction, 'gendan');
        assert.match(deleted.reason!, /slettet her/);
      });

      test('by default the newer local edit stays and the deleted ydelse stays deleted', () => {
        const { db, file, ya, yb } = olderFileThenLocalChanges();
        const r = applySeiFile(db, parse(file), 'okt.xml', 'test');
        assert.deepEqual([r.created, r.updated, r.cancelled, r.keptLocal, r.tookFile], [0, 0, 0, 2, 0]);
        assert.equal(getYdelse(db, ya[0]!.id, TODAY).ydelseskode, 'BLNB2');
        assert.equal(
          listYdelser(db, {}, TODAY).rows.some((y) => y.id === yb[0]!.id),
          false,
          'not brought back',
        );
      });

      test("the user may take the file's version for one record, or for all", () => {
        const one = olderFileThenLocalChanges();
        const uid = planSeiImport(one.db, parse(one.file), 'okt.xml').records.find((x) => x.uid.endsWith(`-${one.ya[0]!.id}`))!.uid;
        const r = applySeiFile(one.db, parse(one.file), 'okt.xml', 'test', new Set([uid]));
        assert.deepEqual([r.updated, r.keptLocal, r.tookFile], [1, 1, 1]);
        assert.equal(getYdelse(one.db, one.ya[0]!.id, TODAY).ydelseskode, 'BLNB1');
        const h = ydelseHistory(one.db, one.ya[0]!.id)[0]!;
        assert.match(h.action, /Rettet ved import af okt\.xml/);
        assert.deepEqual(
          h.changes.map((c) => [c.field, c.before, c.after]),
          [['Ydelseskode', 'BLNB2', 'BLNB1']],
        );

        const all = olderFileThenLocalChanges();
        const r2 = applySeiFile(all.db, parse(all.file), 'okt.xml', 'test', 'alle');
        assert.deepEqual([r2.updated, r2.tookFile], [2, 2]);
        assert.equal(
          listYdelser(all.db, {}, TODAY).rows.some((y) => y.id === all.yb[0]!.id),
          true,
          'brought back because the user chose so',
        );
      });

      test('a file made after the local edit is applied: no conflict', () => {
        const s = seedInto(fresh());
        updateYdelse(
          s.db,
          s.ya[0]!.id,
          '2026-11-03',
          { ...W, ydelseskode: 'BLNB2', placeId: s.center.id, tillaegskoder: ['ZPW00900'] },
          'bo',
          TODAY,
          new Date('2026-11-25T10:00:00Z'),
        );
        const xml = exportMonth(s.db, '2026-11', HEADER, 'anna', new Date('2099-01-01T09:00:00Z'), TODAY).xml();
        const corrected = xml.replace('<Ydelseskode>BLNB2</Ydelseskode>', '<Ydelseskode>BLNB3</Ydelseskode>');
        const plan = planSeiImport(s.db, parse(corrected), 'dec.xml');
        assert.equal(plan.counts.konflikt, 0);
        assert.equal(plan.counts.rettelse, 1);
      });
    });
  });

describe('a large SEI file in the window', () => {
  test('is read a slice at a time: other calls are answered while it is read', async () => {
    const n = 30_000;
    const persons = Array.from(
      { length: n },
      (_, i) =>
        `<Person><CPR>${cprOf(i)}</CPR><Aktivitet id="andet-${i}" handling="ny"><Dato>2026-11-03</Dato><Ydelseskode>BLNB1</Ydelseskode><Institution type="YDER">24015</Institution><Hjemmetraening>false</Hjemmetraening></Aktivitet></Person>`,
    ).join('\n');
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<GenoptraeningIndberetning xmlns="urn:dk:sei-genoptraening:indberetning:1" version="1.0"><Hoved><Kommunekode>0751</Kommunekode><Periode><Aar>2026</Aar><Maaned>11</Maaned></Periode><Indberetter><Navn>A</Navn><Email>a@b.dk</Email></Indberetter><Dannet>2026-12-03T09:00:00Z</Dannet><AntalAktiviteter>${n}</AntalAktiviteter></Hoved><Personer>\n${persons}\n</Personer></GenoptraeningIndberetning>\n`;
    assert.ok(xml.length > 4 * (1 << 20), 'several slices');
    const dir = tmpDir();
    const file = path.join(dir, 'stor.xml');
    fs.writeFileSync(file, xml);
    const dialogs = new ScriptedDialogs();
    const b = startBackend(path.join(dir, 'db.sqlite'), 'electron', 'test', dialogs);
    dialogs.nextOpen = file;
    const chosen = (await dispatch(b.handlers, 'files.choose', { purpose: 'sei' })) as { ok: true; result: { fileId: string } };
    let previewDone = false;
    const preview = dispatch(b.handlers, 'sei.importPreview', { fileId: chosen.result.fileId }).then((r) => {
      previewDone = true;
      return r;
    });
    await new Promise((r) => setImmediate(r));
    const other = await dispatch(b.handlers, 'places.list', {});
    assert.ok(other.ok);
    assert.equal(previewDone, false, 'answered while the file was still being read');
    const r = (await preview) as { ok: true; result: { counts: { ny: number } } };
    assert.equal(r.result.counts.ny, n);
    b.close();
  });
});

describe('the SEI reader knows the format the XSD describes', () => {
  test("SEI_STRUCTURE (what may stand in each element) is the XSD's structure", async () => {
    const { SaxesParser } = await import('saxes');
    const xsd = fs.readFileSync('schemas/sei-genoptraening-1.0.xsd', 'utf8');
    // owner (an element's name or a named complexType) → child element names (with their type, if named)
    const children = new Map<string, { name: string; type?: string }[]>();
    const owners: (string | null)[] = [];
    const p = new SaxesParser({ xmlns: false });
    p.on('opentag', (t) => {
      const a = t.attributes as Record<string, string>;
      const owner = [...owners].reverse().find((o) => o !== null) ?? null;
      if (t.name === 'xs:element') {
        if (owner) (children.get(owner) ?? children.set(owner, []).get(owner)!).push({ name: a.name!, type: a.type });
        owners.push(a.name!);
      } else if (t.name === 'xs:complexType' && a.name) owners.push(a.name);
      else owners.push(null);
    });
    p.on('closetag', () => void owners.pop());
    p.write(xsd).close();
    const derived: Record<string, string[]> = {};
    const visit = (element: string, type?: string) => {
      const kids = [...(children.get(element) ?? []), ...(type ? (children.get(type) ?? []) : [])];
      if (kids.length === 0) return;
      derived[element] = kids.map((k) => k.name);
      for (const k of kids) visit(k.name, k.type);
    };
    visit('GenoptraeningIndberetning');
    assert.deepEqual(derived, SEI_STRUCTURE);
  });
});
