// One way to say a count, everywhere: every count(n, singular, plural) in the window, the services, the reports and the
// command line names a pair from the list of Danish forms below, rendered right for 0, 1 and 2; and no message puts
// a number straight before a plural noun (the "1 ydelser" of old) without going through count().

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { count } from '../../schemas/danish.ts';

/** The words the program counts: singular and plural, as a Dane writes them (some are the same in both). */
const FORMS: Record<string, string> = {
  ydelse: 'ydelser',
  række: 'rækker',
  sted: 'steder',
  forløb: 'forløb',
  kode: 'koder',
  fejl: 'fejl',
  fund: 'fund',
  advarsel: 'advarsler',
  konflikt: 'konflikter',
  rettelse: 'rettelser',
  annullering: 'annulleringer',
  enhed: 'enheder',
  måned: 'måneder',
  dag: 'dage',
  kopi: 'kopier',
  punkt: 'punkter',
  borger: 'borgere',
  eksport: 'eksporter',
  // adjectives and participles that follow a count ("2 nye, 1 rettet")
  ny: 'nye',
  rettet: 'rettede',
  annulleret: 'annullerede',
  uændret: 'uændrede',
  fjernet: 'fjernede',
  ændret: 'ændrede',
  // a count with its verb or its adjective and noun ("1 ydelse har", "2 nye steder er")
  'ydelse har': 'ydelser har',
  'ydelse er': 'ydelser er',
  'ydelse bliver': 'ydelser bliver',
  'nyt sted er': 'nye steder er',
  'nyt sted skal': 'nye steder skal',
  'ydelse er ændret': 'ydelser er ændret',
  'ydelse ændres': 'ydelser ændres',
  'automatisk kopi': 'automatiske kopier',
  'nyt fund': 'nye fund',
  'borger venter': 'borgere venter',
  'ydelse venter': 'ydelser venter',
  'borger holdes': 'borgere holdes',
  'borger er': 'borgere er',
  leverandørsted: 'leverandørsteder',
  rapport: 'rapporter',
  ressource: 'ressourcer',
};

const ROOTS = ['backend', 'db', 'schemas', 'renderer/src', 'electron'];

function sources(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|tsx)$/.test(e.name)) out.push(p);
    }
  };
  for (const r of ROOTS) walk(r);
  return out;
}

/** Each count(…, 'singular', 'plural') call with its file and line. */
function countCalls(): { where: string; one: string; many: string }[] {
  const calls = [];
  for (const f of sources()) {
    const text = fs.readFileSync(f, 'utf8');
    for (const m of text.matchAll(/\bcount\([^,()]+(?:\([^()]*\))?[^,()]*,\s*'([^']*)',\s*'([^']*)'\)/g)) {
      const line = text.slice(0, m.index).split('\n').length;
      calls.push({ where: `${f}:${line}`, one: m[1]!, many: m[2]! });
    }
  }
  return calls;
}

describe('counts in Danish', () => {
  test('every count() in the program names a known singular and its plural', () => {
    const calls = countCalls();
    assert.ok(calls.length > 40, `count() calls found: ${calls.length}`);
    const wrong = calls.filter((c) => FORMS[c.one] !== c.many).map((c) => `${c.where}: "${c.one}" / "${c.many}"`);
    assert.deepEqual(wrong, []);
  });

  test('each form renders right for 0, 1 and 2 (Danish uses the plural for 0)', () => {
    for (const [one, many] of Object.entries(FORMS)) {
      assert.equal(count(0, one, many), `0 ${many}`);
      assert.equal(count(1, one, many), `1 ${one}`);
      assert.equal(count(2, one, many), `2 ${many}`);
    }
    assert.equal(count(1234, 'ydelse', 'ydelser'), '1.234 ydelser');
  });

  test('no message puts a number straight before a plural noun without count()', () => {
    const plurals = [...new Set(Object.values(FORMS).filter((p) => !p.includes(' ') && !Object.hasOwn(FORMS, p)))];
    const noun = new RegExp(`(\\$\\{[^{}]*\\}|\\{[^{}]*\\})\\s(${plurals.join('|')})\\b`, 'g');
    const found: string[] = [];
    for (const f of sources()) {
      const text = fs.readFileSync(f, 'utf8');
      for (const m of text.matchAll(noun)) {
        if (/count\(|plural\(/.test(m[1]!)) continue; // the noun is count()'s own
        const line = text.slice(0, m.index).split('\n').length;
        found.push(`${f}:${line}: ${m[0]}`);
      }
    }
    assert.deepEqual(found, []);
  });
});
