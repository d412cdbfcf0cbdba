// The SOR checker against the guide's fixtures (test/fixtures/sor, a copy of the project's shared SOR fixtures, so a clone alone runs them): exactly the expected findings, the same in
// the v1 namespaces, nothing for the real extracts, skipped rules said, broken inputs refused with exit 2.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { checkSorFile, parseTypes } from '../../backend/services/sor/check.ts';
import { readSorFile, type SorNode, type SorTreeData } from '../../backend/services/sor/reader.ts';
import { MAX_SOR_BYTES, SorJobs } from '../../backend/services/sor/jobs.ts';
import { ChosenFiles } from '../../backend/services/chosen-files.ts';
import { Readable } from 'node:stream';
import { openDatabase } from '../../db/open.ts';
import { DEFAULT_TYPES } from '../../backend/services/sor/rules.ts';
import { tmpDbPath, tmpDir } from '../helpers.ts';

const FIX = path.resolve('test/fixtures/sor');
const TYPES_FILE = path.join(FIX, 'unit-types.json');
const types = parseTypes(JSON.parse(fs.readFileSync(TYPES_FILE, 'utf8')), TYPES_FILE);
const guide = fs.readdirSync(path.join(FIX, 'guide')).filter((f) => f.endsWith('.xml'));

function cli(args: string[]) {
  const r = spawnSync(process.execPath, ['bin/sei-genoptraening.mjs', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const key = (f: { rule: string; sorId: string }) => `${f.rule} ${f.sorId}`;

describe("sor-check on the guide's examples", () => {
  assert.ok(guide.length >= 8, 'the fixtures are there');
  for (const f of guide) {
    const expected = JSON.parse(fs.readFileSync(path.join(FIX, 'guide', f.replace(/\.xml$/, '.expected.json')), 'utf8')) as {
      checkDate: string;
      findings: { rule: string; sorId: string }[];
    };
    test(`${f}: exactly the expected findings (command line, JSON)`, () => {
      const r = cli(['sor-check', path.join(FIX, 'guide', f), '--types', TYPES_FILE, '--format', 'json']);
      assert.equal(r.code, 0, r.err);
      const out = JSON.parse(r.out) as {
        checkDate: string;
        findings: { rule: string; sorId: string; severity: string; message: string; suggestion: string; guide: string }[];
        skippedRules: unknown[];
      };
      assert.equal(out.checkDate, expected.checkDate);
      assert.deepEqual(out.findings.map(key).sort(), expected.findings.map(key).sort());
      assert.deepEqual(out.skippedRules, []);
      for (const x of out.findings) {
        assert.ok(x.message && x.suggestion && x.guide.startsWith('Afsnit'), `${x.rule} has message, suggestion and guide reference`);
      }
    });
    test(`${f} in the v1 namespaces gives the same findings`, async () => {
      const v1 = await checkSorFile(path.join(FIX, 'guide', 'v1', f), types);
      assert.deepEqual(v1.findings.map(key).sort(), expected.findings.map(key).sort());
    });
  }

  test('PE-NESTED says which case of the guide it is', async () => {
    const grouping = (await checkSorFile(path.join(FIX, 'guide', 'fig3-grouping-unit.xml'), types)).findings[0]!;
    assert.match(grouping.suggestion, /^Tilfælde a \(samlende enhed\)/);
    const subunits = (await checkSorFile(path.join(FIX, 'guide', 'fig4-subunits.xml'), types)).findings[0]!;
    assert.match(subunits.suggestion, /^Tilfælde b \(underenheder\)/);
  });

  test('the real extracts are read without error and give no findings', async () => {
    for (const f of fs.readdirSync(path.join(FIX, 'real'))) {
      const r = await checkSorFile(path.join(FIX, 'real', f), types);
      assert.deepEqual(r.findings, [], f);
      assert.ok(r.units > 0, f);
    }
  });

  test('a rule that needs an unmapped role is skipped and reported as skipped, never silently passed', async () => {
    const r = await checkSorFile(path.join(FIX, 'guide', 'aktivitet3-opholdstyper.xml'), DEFAULT_TYPES);
    const skipped = r.skippedRules.map((s) => s.rule);
    for (const rule of ['PE-NO-OPHOLD', 'PE-DUP-OPHOLD', 'PE-OPHOLD-PLACEMENT', 'PE-OPHOLD-VALIDITY', 'HP-NO-STED', 'HP-LEVERANDOR-IN-SOR'])
      assert.ok(skipped.includes(rule), rule);
    assert.match(r.skippedRules.find((s) => s.rule === 'PE-NO-OPHOLD')!.reason, /'permanent plejebolig' og 'midlertidig plejebolig'/);
    assert.ok(!r.findings.some((f) => f.rule === 'PE-NO-OPHOLD'));
  });

  test('--kommune limits the run to that kommune; text, csv and html reports', () => {
    const file = path.join(FIX, 'guide', 'afsnit5-helhedspleje.xml');
    const one = JSON.parse(cli(['sor-check', file, '--types', TYPES_FILE, '--kommune', '0999', '--format', 'json']).out) as { findings: unknown[] };
    const all = JSON.parse(cli(['sor-check', file, '--types', TYPES_FILE, '--format', 'json']).out) as { findings: unknown[] };
    assert.ok(one.findings.length > 0 && one.findings.length < all.findings.length, `${one.findings.length} of ${all.findings.length}`);
    assert.match(cli(['sor-check', file, '--types', TYPES_FILE]).out, /Din handling:/);
    assert.match(cli(['sor-check', file, '--types', TYPES_FILE, '--format', 'csv']).out, /^\uFEFFregel;alvor;sor_id/);
    assert.match(cli(['sor-check', file, '--types', TYPES_FILE, '--format', 'html']).out, /<table>[\s\S]*HP-NO-STED/);
  });
});

describe('sor-check refuses broken input with exit 2 and a Danish message', () => {
  const dir = tmpDir();
  const write = (name: string, content: string | Buffer) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, content);
    return p;
  };
  const good = fs.readFileSync(path.join(FIX, 'guide', 'fig4-subunits.xml'), 'utf8');
  const cases: [string, string, RegExp][] = [
    ['not XML', write('ikke.xml', 'dette er ikke XML'), /ikke gyldig XML/],
    ['truncated', write('afkortet.xml', good.slice(0, Math.floor(good.length / 2))), /linje \d+, kolonne \d+: filen slutter for tidligt/],
    [
      'wrong root element',
      write('rod.xml', '<?xml version="1.0"?>\n<GenoptraeningIndberetning xmlns="urn:x"/>'),
      /rodelementet er <GenoptraeningIndberetning>/,
    ],
    [
      'a unit without an id',
      write('uden-id.xml', good.replace('<sor1:SorIdentifier>9900031000016008</sor1:SorIdentifier>', '')),
      /linje \d+, kolonne \d+: en enhed \(fra linje \d+\) har ingen SorIdentifier/,
    ],
    [
      'an end tag that does not match',
      write('slutmaerke.xml', good.replace('</sor1:EntityName>', '</sor1:EntityNavn>')),
      /linje \d+, kolonne \d+: .*ikke gyldig XML \(/,
    ],
    ['a second root element', write('to-rod.xml', `${good}\n<SorTree/>`), /linje \d+, kolonne \d+: .*ikke gyldig XML \(/],
    ['text after the root element', write('efter.xml', `${good}\nmere tekst`), /linje \d+, kolonne \d+: .*ikke gyldig XML \(/],
    ['an undefined entity', write('entitet.xml', good.replace('Afdeling Syd', 'Afdeling &syd;')), /linje \d+, kolonne \d+: .*ikke gyldig XML \(/],
    [
      'an XML declaration in the middle',
      write('erklaering.xml', good.replace('<sor1:SorIdentifier>', '<?xml version="1.0"?><sor1:SorIdentifier>')),
      /linje \d+, kolonne \d+: .*ikke gyldig XML \(/,
    ],
    [
      'an attribute without quotes',
      write('attribut.xml', good.replace('<sor1:SorIdentifier>', '<sor1:SorIdentifier kilde=sor>')),
      /linje \d+, kolonne \d+: .*ikke gyldig XML \(/,
    ],
    ['an empty file', write('tom.xml', ''), /er tom/],
    ['a byte-order mark alone', write('bom.xml', Buffer.from([0xef, 0xbb, 0xbf])), /er tom/],
    ['a file that does not exist', path.join(dir, 'findes-ikke.xml'), /findes ikke/],
  ];
  for (const [name, file, message] of cases) {
    test(name, () => {
      const r = cli(['sor-check', file, '--types', TYPES_FILE, '--format', 'json']);
      assert.equal(r.code, 2, r.out);
      assert.match(r.err, message);
      assert.equal(r.err.trim().split('\n').length, 1, 'one line');
    });
  }
  test('bad usage: unknown role in --types, both --owner and --kommune', () => {
    const types = write('typer.json', '{"plejehjemmet": ["1"]}');
    assert.match(cli(['sor-check', path.join(FIX, 'guide', 'fig4-subunits.xml'), '--types', types]).err, /ukendt rolle "plejehjemmet"/);
    assert.equal(cli(['sor-check', path.join(FIX, 'guide', 'fig4-subunits.xml'), '--owner', '1', '--kommune', '0999']).code, 2);
  });
});

describe('the fast SOR scanner reads what the full parser reads', () => {
  const files = [
    ...guide.map((f) => path.join(FIX, 'guide', f)),
    ...fs
      .readdirSync(path.join(FIX, 'guide', 'v1'))
      .filter((f) => f.endsWith('.xml'))
      .map((f) => path.join(FIX, 'guide', 'v1', f)),
    ...fs
      .readdirSync(path.join(FIX, 'real'))
      .filter((f) => f.endsWith('.xml'))
      .map((f) => path.join(FIX, 'real', f)),
  ];
  const plain = (t: SorTreeData) =>
    JSON.stringify({
      ...t,
      readBy: null,
      owners: t.owners.map((o) => o.sorId),
      nodes: t.nodes.map((n: SorNode) => ({ ...n, parent: n.parent?.sorId ?? null, children: n.children.map((c) => c.sorId), line: null })),
    });

  test('every fixture gives the same tree, with every construct cut at the end of a chunk', async () => {
    for (const file of files) {
      const exact = plain(await readSorFile(file, { parser: 'exact' }));
      for (const chunkSize of [1, 2, 7, 61, undefined]) {
        const fast = await readSorFile(file, { chunkSize });
        assert.equal(fast.readBy, 'fast', `${path.basename(file)} is read by the scanner`);
        assert.equal(plain(fast), exact, `${path.basename(file)} in chunks of ${chunkSize ?? 'default'} bytes`);
      }
    }
  });

  test('entities in text are resolved, comments skipped; a DTD is left to the full parser, with the same result', async () => {
    const dir = tmpDir();
    const good = fs.readFileSync(path.join(FIX, 'guide', 'fig4-subunits.xml'), 'utf8');
    const withEntities = path.join(dir, 'entiteter.xml');
    // a ">" inside a comment and inside a quoted value: a tag cut by a chunk's end is not ended by the first ">" after it
    fs.writeFileSync(
      withEntities,
      good
        .replace('Afdeling Syd', 'Afdeling &amp; Syd – Ő &#248;&#x00E6; <!-- note > ikke slut -->&lt;1&gt;')
        .replace('scheme="iso3166-alpha2"', 'scheme="iso>3166>alpha2"')
        // names alike in length, last and middle character (the scanner finds a name by these, then compares)
        .replace('</sor1:EntityName>', '</sor1:EntityName><abcXe>1</abcXe><abcYe>2</abcYe><abcXe>3</abcXe><abcYe a="1">4</abcYe>'),
    );
    const exact = plain(await readSorFile(withEntities, { parser: 'exact' }));
    for (const chunkSize of [1, 2, 7, 61, undefined]) {
      const fast = await readSorFile(withEntities, { chunkSize });
      assert.equal(fast.readBy, 'fast');
      assert.ok(
        fast.nodes.some((n) => n.name === 'Afdeling & Syd – Ő øæ <1>'),
        'the name: UTF-8 of 2 and 3 bytes, entities resolved',
      );
      assert.equal(plain(fast), exact);
    }

    // a character XML forbids is refused however the chunks cut its bytes (U+FFFF is EF BF BF in UTF-8)
    const forbidden = path.join(dir, 'ffff.xml');
    fs.writeFileSync(forbidden, good.replace('Afdeling Syd', 'Afdeling \uffff Syd'));
    for (const chunkSize of [1, 2, 7, undefined])
      await assert.rejects(readSorFile(forbidden, { chunkSize }), /linje \d+, kolonne \d+: filen er ikke gyldig XML/, `chunks of ${chunkSize ?? 'default'}`);

    // more distinct element names than any SOR file has: read by the full parser, which keeps none of them
    const manyNames = path.join(dir, 'mange-navne.xml');
    const names = Array.from({ length: 10_001 }, (_, i) => `<x${i}>.</x${i}>`).join('');
    fs.writeFileSync(manyNames, good.replace('</sor1:EntityName>', `</sor1:EntityName>${names}`));
    const many = await readSorFile(manyNames);
    assert.equal(many.readBy, 'exact');
    assert.equal(
      plain(many).replace('"fileName":"mange-navne.xml"', ''),
      plain(await readSorFile(manyNames, { parser: 'exact' })).replace('"fileName":"mange-navne.xml"', ''),
    );

    const withDtd = path.join(dir, 'dtd.xml');
    fs.writeFileSync(withDtd, good.replace(/(<\?xml[^>]*\?>)/, '$1\n<!DOCTYPE SorTree>'));
    const viaParser = await readSorFile(withDtd);
    assert.equal(viaParser.readBy, 'exact');
    assert.equal(
      plain(viaParser),
      plain(await readSorFile(path.join(FIX, 'guide', 'fig4-subunits.xml'))).replace('"fileName":"fig4-subunits.xml"', '"fileName":"dtd.xml"'),
    );
  });
});

describe('a SOR file chosen in the window', () => {
  const fixturePath = path.join(FIX, 'guide', 'fig4-subunits.xml');
  const fixture = fs.readFileSync(fixturePath);
  const waitRead = async (jobs: SorJobs, id: string) => {
    for (let i = 0; i < 100 && jobs.get(id).state === 'laeser'; i++) await new Promise((r) => setTimeout(r, 20));
    return jobs.get(id);
  };

  test('a new file lets go of the files read before: checking again and again does not keep every tree in memory', async () => {
    const jobs = new SorJobs(openDatabase(tmpDbPath()).db);
    const files = new ChosenFiles();
    const readOnce = async () => {
      const chosen = files.addPath(fixturePath, 'sor');
      return (await waitRead(jobs, jobs.read(chosen, () => files.release(chosen.id)).id)).id;
    };
    const first = await readOnce();
    assert.equal(jobs.get(first).state, 'klar');
    const second = await readOnce();
    assert.equal(jobs.get(second).state, 'klar');
    assert.throws(() => jobs.get(first), /SOR-filen er ikke længere indlæst\. Vælg den igen\./);
  });

  test('the desktop reads the chosen file where it lies, and forgets it once read', async () => {
    const jobs = new SorJobs(openDatabase(tmpDbPath()).db);
    const files = new ChosenFiles();
    const chosen = files.addPath(fixturePath, 'sor');
    const job = await waitRead(jobs, jobs.read(chosen, () => files.release(chosen.id)).id);
    assert.equal(job.state, 'klar', job.message ?? '');
    assert.equal(job.tree?.fileName, 'fig4-subunits.xml');
    assert.ok(job.tree!.nodes.length > 3);
    assert.ok(fs.existsSync(fixturePath), "the user's own file is never deleted");
    assert.throws(() => files.get(chosen.id), /ikke længere tilgængelig\. Vælg den igen/);
  });

  test('an upload (browser mode) is streamed to a private file, read, then deleted', async () => {
    const jobs = new SorJobs(openDatabase(tmpDbPath()).db);
    const files = new ChosenFiles();
    const chosen = await files.addUpload('C:\\Users\\anna\\Sor.xml', 'sor', Readable.from([fixture.subarray(0, 1000), fixture.subarray(1000)]));
    assert.equal(chosen.name, 'Sor.xml');
    assert.equal(chosen.size, fixture.length);
    if (process.platform !== 'win32') assert.equal(fs.statSync(chosen.path).mode & 0o777, 0o600, 'readable by its owner only');
    const job = await waitRead(jobs, jobs.read(chosen, () => files.release(chosen.id)).id);
    assert.equal(job.state, 'klar', job.message ?? '');
    assert.equal(fs.existsSync(chosen.path), false, 'the temporary copy is gone');
    files.close();
  });

  test('a file too large is refused in Danish before it is read, and nothing of it is kept', async () => {
    const jobs = new SorJobs(openDatabase(tmpDbPath()).db);
    assert.throws(() => jobs.read({ name: 'national.xml', path: '/ingen', size: MAX_SOR_BYTES + 1 }), /national\.xml er for stor \(2049 MB\); højst 2048 MB/);
    const files = new ChosenFiles();
    const big = Readable.from(
      (function* () {
        for (let i = 0; i < 60; i++) yield Buffer.alloc(1024 * 1024, 65);
      })(),
    );
    await assert.rejects(files.addUpload('klassifikation.csv', 'klassifikation', big), /klassifikation\.csv er for stor \(51 MB\); højst 50 MB/);
    await assert.rejects(
      files.addUpload(
        'x.xml',
        'sei',
        new Readable({
          read() {
            this.destroy(new Error('reset'));
          },
        }),
      ),
      /x\.xml blev ikke modtaget helt/,
    );
    assert.throws(() => files.addPath(path.dirname(fixturePath), 'sor'), /er ikke en fil/);
    files.close();
  });
});
