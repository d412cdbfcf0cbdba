// A file made piece by piece (the SEI file, a KL Gateway delivery, what an export sent): whether its pieces go to the
// file thread (more than one) or are done here (one), the file on disk, its SHA-256 and its packed copy are the bytes
// written; a file undone or failing leaves no temporary file and the target as it was.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { AtomicFile } from '../../backend/services/atomic-file.ts';
import { fileThread, PIECE } from '../../backend/services/file-thread.ts';
import { MadeFile } from '../../backend/services/made-file.ts';
import { tmpDir } from '../helpers.ts';

const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

/** Writes `n` lines of varied text (Danish letters: more than one byte each) and returns the bytes they make. */
function writeLines(file: MadeFile, n: number): Buffer {
  let text = '';
  for (let i = 0; i < n; i++) {
    const line = `<Linje nr="${i}">Ærø Å ${'x'.repeat(i % 97)}</Linje>\n`;
    file.out.write(line);
    text += line;
  }
  return Buffer.from(text, 'utf8');
}

for (const [name, lines] of [
  // first: nothing has started the thread (a file does not start it), so every piece is done here
  ['many pieces, begun before the file thread is up', 60_000],
  ['many pieces, on the file thread', 60_000],
  ['one piece, done here', 200],
  ['nothing', 0],
] as const) {
  test(`a file of ${name}: on disk, hashed and packed as written, only once kept`, () => {
    if (name.endsWith('on the file thread')) fileThread().waitReady();
    const target = path.join(tmpDir(), 'fil.xml');
    const file = new MadeFile(target);
    const bytes = writeLines(file, lines);
    if (lines > 1000) assert.ok(bytes.length > 3 * PIECE, `${bytes.length} bytes`);
    const sha256 = file.end();
    assert.equal(sha256, sha(bytes));
    assert.ok(file.packed.unpacked().equals(bytes), 'the packed copy');
    file.flush();
    assert.equal(fs.existsSync(target), false, 'not at the target before it is kept');
    file.keep();
    assert.ok(fs.readFileSync(target).equals(bytes), 'the file');
    assert.equal(fs.statSync(target).mode & 0o777, 0o600, 'readable by its owner only');
    assert.deepEqual(fs.readdirSync(path.dirname(target)), ['fil.xml'], 'no temporary file');
  });
}

test('a file without a target is hashed and packed on the thread too', () => {
  fileThread().waitReady();
  const file = new MadeFile();
  const bytes = writeLines(file, 30_000);
  assert.equal(file.end(), sha(bytes));
  assert.ok(file.packed.unpacked().equals(bytes));
  file.keep();
});

test('undone while its pieces are on their way, or after it was kept: no file, no temporary file, the old file as it was', () => {
  const dir = tmpDir();
  const target = path.join(dir, 'fil.xml');
  fs.writeFileSync(target, 'den gamle');
  fileThread().waitReady();
  const writing = new MadeFile(target);
  writeLines(writing, 60_000);
  writing.undo();
  assert.deepEqual(fs.readdirSync(dir), ['fil.xml']);
  assert.equal(fs.readFileSync(target, 'utf8'), 'den gamle');

  const flushing = new MadeFile(target);
  writeLines(flushing, 60_000);
  flushing.end();
  flushing.flush();
  flushing.undo();
  assert.deepEqual(fs.readdirSync(dir), ['fil.xml']);
  assert.equal(fs.readFileSync(target, 'utf8'), 'den gamle');

  const kept = new MadeFile(path.join(dir, 'ny.xml'));
  writeLines(kept, 60_000);
  kept.end();
  kept.flush();
  kept.keep();
  kept.undo();
  assert.deepEqual(fs.readdirSync(dir), ['fil.xml'], 'a kept file removed again');
});

test('a full disk on the file thread: the failure comes back, and is worded in Danish naming the file', (t) => {
  if (!fs.existsSync('/dev/full')) return t.skip('no /dev/full on this system');
  const fd = fs.openSync('/dev/full', 'w');
  try {
    const thread = fileThread();
    const id = thread.open(fd);
    thread.piece(id, Buffer.alloc(PIECE, 65));
    thread.piece(id, Buffer.alloc(10, 66));
    const r = thread.end(id);
    assert.equal(r.failed?.code, 'ENOSPC');
    assert.equal(r.sha256, sha(Buffer.concat([Buffer.alloc(PIECE, 65), Buffer.alloc(10, 66)])), 'still hashed');
  } finally {
    fs.closeSync(fd);
  }
  const target = path.join(tmpDir(), 'fil.xml');
  const file = new AtomicFile(target);
  assert.match(
    file.fail({ code: 'ENOSPC', message: 'no space left on device' }).message,
    /^fil\.xml kunne ikke gemmes i .*: disken er fuld\. Intet er gemt\.$/,
  );
  assert.deepEqual(fs.readdirSync(path.dirname(target)), [], 'the temporary file discarded');
});
