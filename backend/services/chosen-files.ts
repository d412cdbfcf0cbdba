// The files the user has chosen, known to the window only by an id. In the desktop a file is read where it lies (the
// system's file dialog gave its path); in browser mode its bytes arrive as one binary upload, streamed into a private
// temporary folder (readable by this user only). A call that reads a file takes its id, never a path, so the window
// cannot name a file the user did not choose.

import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { OPEN_PURPOSES, tooLargeMessage, type ChosenFile, type OpenPurpose } from '../../schemas/files.ts';
import { UserError } from '../../schemas/errors.ts';

export interface Chosen {
  id: string;
  purpose: OpenPurpose;
  name: string;
  path: string;
  size: number;
  /** An upload of ours, deleted when released; a desktop path is only forgotten. */
  temporary: boolean;
  at: number;
}

/** A chosen file not used within this time is forgotten (and an upload deleted). */
const KEEP_MS = 3_600_000;

const FILE_GONE = 'Den valgte fil er ikke længere tilgængelig. Vælg den igen.';

export function tooLarge(name: string, size: number, purpose: OpenPurpose): UserError {
  return new UserError(tooLargeMessage(name, size, purpose));
}

export class ChosenFiles {
  private readonly files = new Map<string, Chosen>();
  private dir: string | null = null;

  private add(c: Omit<Chosen, 'id' | 'at'>): Chosen {
    this.expire();
    const chosen = { ...c, id: crypto.randomUUID(), at: Date.now() };
    this.files.set(chosen.id, chosen);
    return chosen;
  }

  private expire(): void {
    for (const c of this.files.values()) if (Date.now() - c.at > KEEP_MS) this.release(c.id);
  }

  /** A file the user chose in the system's dialog: read where it lies. */
  addPath(filePath: string, purpose: OpenPurpose): Chosen {
    const name = path.basename(filePath);
    let st: fs.Stats;
    try {
      st = fs.statSync(filePath);
    } catch {
      throw new UserError(`${name} kan ikke åbnes.`);
    }
    if (!st.isFile()) throw new UserError(`${name} er ikke en fil.`);
    if (st.size > OPEN_PURPOSES[purpose].maxBytes) throw tooLarge(name, st.size, purpose);
    return this.add({ purpose, name, path: filePath, size: st.size, temporary: false });
  }

  /**
   * A file sent by the window (browser mode) as raw bytes: streamed to a private temporary file, refused as soon as
   * it passes the purpose's limit (nothing is kept then).
   */
  async addUpload(fileName: string, purpose: OpenPurpose, body: Readable): Promise<Chosen> {
    const name = path.basename(fileName.replaceAll('\\', '/')).slice(0, 200) || 'fil';
    const max = OPEN_PURPOSES[purpose].maxBytes;
    this.dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'sei-filer-'));
    const file = path.join(this.dir, crypto.randomUUID());
    let size = 0;
    try {
      await new Promise<void>((resolve, reject) => {
        const out = fs.createWriteStream(file, { mode: 0o600, flags: 'wx', highWaterMark: 4 * 1024 * 1024 });
        let ended = false;
        const fail = (e: Error) => {
          body.removeAllListeners('data');
          body.pause();
          out.destroy();
          reject(e);
        };
        body.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > max) return fail(tooLarge(name, size, purpose));
          if (!out.write(chunk)) {
            body.pause();
            out.once('drain', () => body.resume());
          }
        });
        body.on('end', () => {
          ended = true;
          out.end();
        });
        body.on('close', () => ended || fail(new Error('aborted')));
        body.on('error', fail);
        out.on('error', fail);
        out.on('finish', resolve);
      });
    } catch (e) {
      fs.rmSync(file, { force: true });
      if (e instanceof UserError) throw e;
      throw new UserError(`${name} blev ikke modtaget helt. Vælg filen igen.`);
    }
    return this.add({ purpose, name, path: file, size, temporary: true });
  }

  get(id: string): Chosen {
    const c = this.files.get(id);
    if (!c) throw new UserError(FILE_GONE);
    return c;
  }

  /** The whole file, for the files that are read at once (CSV, SKS, SEI); its limit is checked before reading. */
  readAll(id: string): { name: string; bytes: Buffer } {
    const c = this.get(id);
    try {
      const st = fs.statSync(c.path);
      if (st.size > OPEN_PURPOSES[c.purpose].maxBytes) throw tooLarge(c.name, st.size, c.purpose);
      return { name: c.name, bytes: fs.readFileSync(c.path) };
    } catch (e) {
      if (e instanceof UserError) throw e;
      throw new UserError(`${c.name} kan ikke læses. ${FILE_GONE}`);
    } finally {
      this.release(id);
    }
  }

  /** Forgets a file; an upload is deleted. */
  release(id: string): void {
    const c = this.files.get(id);
    if (!c) return;
    this.files.delete(id);
    if (c.temporary) fs.rmSync(c.path, { force: true });
  }

  info(c: Chosen): ChosenFile {
    return { fileId: c.id, fileName: c.name, size: c.size };
  }

  close(): void {
    for (const id of [...this.files.keys()]) this.release(id);
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
  }
}
