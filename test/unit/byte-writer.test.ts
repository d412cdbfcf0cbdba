// The writer both exports make their files with: whatever the pieces and wherever the buffer fills, the bytes handed on
// are the text's UTF-8, in order.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ByteWriter } from '../../backend/services/byte-writer.ts';

test('pieces across many fillings of the buffer, Danish letters, escapes and a string longer than the buffer', () => {
  const handed: Buffer[] = [];
  const out = new ByteWriter(4096, (piece) => handed.push(Buffer.from(piece)));
  let expected = '';
  for (let i = 0; i < 2000; i++) {
    out.ascii(`<Dato>2026-11-${i % 30}</Dato>`);
    out.write(`<Navn>Ærø ${i}</Navn>`);
    out.ascii(`ø${i}`); // not ASCII: goes to the encoder whole
    out.text(`id-${i}&"<>"`);
    out.bytes(Buffer.from(`{"æ":${i}}`)); // encoded before (a KL Gateway report waiting for its check)
    expected += `<Dato>2026-11-${i % 30}</Dato><Navn>Ærø ${i}</Navn>ø${i}id-${i}&amp;&quot;&lt;&gt;&quot;{"æ":${i}}`;
  }
  const long = 'å'.repeat(10_000);
  out.write(long);
  out.bytes(Buffer.from(long));
  out.ascii('slut');
  out.end();
  expected += `${long}${long}slut`;
  assert.ok(handed.length > 20, `${handed.length} pieces`);
  assert.equal(Buffer.concat(handed).toString('utf8'), expected);
});
