// The CSV import reads a file's text in pieces (a megabyte file is never one string): a piece may end anywhere, in a
// quoted field, between "" or between \r and \n, in the middle of a character's bytes. What it reads must be what the
// whole text gives.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeChunks, decodeText, parseCsv } from '../../backend/services/csv.ts';

const TEXT =
  'cpr;dato;ydelseskode;note\r\n' +
  '0101300000;2026-01-01;BLNB1;"Århus; ""Sct. Jørgen""\r\nanden linje"\r\n' +
  '\r\n' +
  '0101300000;2026-01-02;BLNB2;ærø\n' +
  '"0101300000";2026-01-03;"BLNB3";""\r\n' +
  '0101300000;2026-01-04;BLNB4;sidst uden linjeskift';

const pieces = (text: string, cuts: number[]) => {
  const out: string[] = [];
  let at = 0;
  for (const c of cuts) {
    out.push(text.slice(at, c));
    at = c;
  }
  out.push(text.slice(at));
  return out;
};

test('every record, field and line number is the same when the text comes in pieces cut at any one or two places', () => {
  const whole = [...parseCsv(TEXT, ';')];
  assert.equal(whole.length, 5);
  assert.deepEqual(whole[1], { line: 2, fields: ['0101300000', '2026-01-01', 'BLNB1', 'Århus; "Sct. Jørgen"\r\nanden linje'] });
  assert.equal(whole[2]!.line, 5, 'the empty line is counted');
  for (let a = 0; a <= TEXT.length; a++) {
    assert.deepEqual([...parseCsv(pieces(TEXT, [a]), ';')], whole, `cut at ${a}`);
    for (let b = a; b <= TEXT.length; b += 7) assert.deepEqual([...parseCsv(pieces(TEXT, [a, b]), ';')], whole, `cut at ${a} and ${b}`);
  }
  // one character at a time, and empty pieces between
  assert.deepEqual(
    [
      ...parseCsv(
        [...TEXT].flatMap((c) => [c, '']),
        ';',
      ),
    ],
    whole,
  );
});

test('a quoted field that never ends is refused with its line, whole or in pieces', () => {
  const bad = 'a;b\r\n1;"aldrig slut\r\n2;3\r\n';
  for (const input of [bad, pieces(bad, [8]), pieces(bad, [3, 12])]) {
    assert.throws(() => [...parseCsv(input, ';')], /Linje 2: et felt i anførselstegn slutter aldrig/);
  }
});

test('the decoder hands out the whole text in pieces, a character cut by a piece whole, in UTF-8 and in Windows-1252', () => {
  const text = `${'æøå Ærø €; '.repeat(5000)}slut`;
  const utf8 = Buffer.from(text, 'utf8');
  for (const size of [1, 2, 3, 1000, 1 << 16]) {
    const d = decodeChunks(utf8, size);
    assert.equal(d.encoding, 'UTF-8');
    assert.equal([...d.chunks].join(''), text, `pieces of ${size} bytes`);
  }
  const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]);
  assert.equal(decodeChunks(bom, 7).encoding, 'UTF-8 med BOM');
  assert.equal([...decodeChunks(bom, 7).chunks].join(''), text);
  // Windows-1252: æ ø å, and € as 0x80 (not valid UTF-8)
  const cp1252 = Buffer.from([0xe6, 0xf8, 0xe5, 0x3b, 0x80]);
  assert.equal([...decodeChunks(cp1252, 2).chunks].join(''), 'æøå;€');
  assert.deepEqual(decodeText(cp1252), { text: 'æøå;€', encoding: 'Windows-1252' });
  assert.throws(() => decodeChunks(Buffer.from([0xff, 0xfe, 0x41, 0])), /UTF-16/);
});
