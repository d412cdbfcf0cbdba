// The SOR reader checks a file's bytes for characters XML does not allow four bytes at a time (disallowedInUtf8); the
// answer must be the one the regular expression gives on the decoded text, wherever in a word the character stands.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DISALLOWED_CHARS, disallowedInUtf8 } from '../../backend/services/xml-scan.ts';

/** `text` as UTF-8 bytes starting `shift` bytes into a buffer (so that its words are aligned every way). */
function bytesAt(text: string, shift: number): Uint8Array {
  const encoded = Buffer.from(text, 'utf8');
  const room = new Uint8Array(encoded.length + shift);
  room.set(encoded, shift);
  return room.subarray(shift);
}

describe('characters XML does not allow, found in the bytes', () => {
  test('every character below U+0100 and the two non-characters, at every place in a word, as the expression says', () => {
    const around = 'ab<c>\tæ\r\nø'; // allowed controls, markup and two-byte characters beside it
    const characters = [...Array.from({ length: 0x100 }, (_, c) => String.fromCharCode(c)), '\ufffe', '\uffff', '\ufffd', '\u{1f600}'];
    for (const ch of characters)
      for (let before = 0; before < 9; before++)
        for (let shift = 0; shift < 4; shift++) {
          const text = `${around.slice(0, before % around.length)}${'x'.repeat(before)}${ch}${around}`;
          assert.equal(
            disallowedInUtf8(bytesAt(text, shift)),
            DISALLOWED_CHARS.test(text),
            `U+${ch.codePointAt(0)!.toString(16)} after ${before}, shift ${shift}`,
          );
        }
  });

  test('a clean file of some size passes, and one forbidden byte anywhere in it is found', () => {
    const clean = Buffer.from('<Enhed navn="Plejecenter Åbo">\n\t<Kode>12345</Kode>\r\n</Enhed>\n'.repeat(2000), 'utf8');
    assert.equal(disallowedInUtf8(clean), false);
    for (const at of [0, 1, 2, 3, 4, 5, 1001, clean.length - 2, clean.length - 1]) {
      const bad = Buffer.from(clean);
      bad[at] = 0x01;
      assert.equal(disallowedInUtf8(bad), true, `a U+0001 at byte ${at}`);
    }
  });
});
