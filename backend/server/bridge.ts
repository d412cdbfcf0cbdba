// The loopback HTTP bridge of browser mode: serves the built window and answers POST /api/CALL for every call of the
// contract with the same handlers Electron's IPC uses.
//
// It holds CPR numbers, so it answers only its own page: it binds 127.0.0.1 only; it refuses a Host header that is
// not its own address (DNS rebinding); an API call must come from its own origin (Origin header) and carry the secret
// made at start-up (header X-SEI-Token). The secret is never served: the server prints the window's address with the
// secret in its fragment, which only the user who started it sees (schemas/bridge.ts). Any other process on the
// machine, of any user, can fetch the page and forge an Origin header, but has no secret: 403.

import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Envelope, Handlers } from '../../schemas/api.ts';
import { addressWithToken, TOKEN_HEADER, UPLOAD_PATH } from '../../schemas/bridge.ts';
import { OpenPurposeSchema, type ChosenFile } from '../../schemas/files.ts';
import { UserError } from '../../schemas/errors.ts';
import type { ChosenFiles } from '../services/chosen-files.ts';
import { dispatch, type Logger } from '../api/dispatch.ts';
import { CONTENT_SECURITY_POLICY, resolveInside } from '../window-files.ts';

/** The largest API call; files do not come this way but as uploads (below). */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export interface BridgeOptions {
  handlers: Handlers;
  /** Where uploaded files go (the backend's chosen files). */
  files: ChosenFiles;
  /** The built window (dist/renderer). */
  staticDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed secret for tests; by default a new random one. */
  token?: string;
  log?: Logger;
  /** The largest API call (default MAX_BODY_BYTES); a test sets a small one. */
  maxCallBytes?: number;
}

export interface Bridge {
  url: string;
  /** The address to open: the page with the secret in its fragment (only the starting user sees it printed). */
  address: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

function send(res: http.ServerResponse, status: number, body: string | Buffer, type: string, extra: Record<string, string> = {}) {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, 'cache-control': 'no-store', ...extra });
  res.end(body);
}

function sendJson(res: http.ServerResponse, status: number, value: unknown) {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');
}

function refuse(res: http.ServerResponse, status: number, message: string) {
  sendJson(res, status, { ok: false, error: { message, fields: [] } });
}

function tokensEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        // Stop keeping it; the caller answers 413 and reads the rest into nothing.
        req.removeAllListeners('data');
        req.pause();
        resolve(null);
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Reads what is left of a request into nothing: until its end, or until `limit` more bytes (then the socket is closed). */
function drain(req: http.IncomingMessage, limit: number): Promise<void> {
  return new Promise((resolve) => {
    if (req.complete) return resolve();
    let more = 0;
    req.on('data', (c: Buffer) => {
      more += c.length;
      if (more > limit) {
        req.socket.destroy();
        resolve();
      }
    });
    req.on('end', () => resolve());
    req.on('close', () => resolve());
    req.resume();
  });
}

export async function startBridge(opts: BridgeOptions): Promise<Bridge> {
  const token = opts.token ?? crypto.randomBytes(32).toString('base64url');
  const maxCallBytes = opts.maxCallBytes ?? MAX_BODY_BYTES;
  const staticDir = path.resolve(opts.staticDir);
  const log = opts.log ?? ((m: string) => console.error(m));
  let port = 0;

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  /** Own origin and the secret, or the request is answered with 403 (and false returned). */
  function authorised(req: http.IncomingMessage, res: http.ServerResponse): boolean {
    const origin = req.headers.origin;
    if (origin === undefined || !allowedHosts().has(origin.replace(/^http:\/\//, '')) || !origin.startsWith('http://')) {
      refuse(res, 403, 'Afvist: kaldet kommer ikke fra SEI Genoptrænings eget vindue.');
      return false;
    }
    const given = req.headers[TOKEN_HEADER];
    if (typeof given !== 'string' || !tokensEqual(given, token)) {
      refuse(res, 403, 'Afvist: kaldet mangler programmets nøgle. Åbn den adresse, som SEI Genoptræning skrev, da det blev startet (den indeholder nøglen).');
      return false;
    }
    return true;
  }

  /** A chosen file's bytes, streamed to a private temporary file; answers the file's id, name and size. */
  async function handleUpload(req: http.IncomingMessage, res: http.ServerResponse, query: URLSearchParams) {
    if (!authorised(req, res)) return void req.resume();
    if (String(req.headers['content-type'] ?? '') !== 'application/octet-stream') {
      req.resume();
      return refuse(res, 415, 'Afvist: en fil skal sendes som application/octet-stream.');
    }
    const purpose = OpenPurposeSchema.safeParse(query.get('purpose'));
    const name = query.get('name') ?? '';
    if (!purpose.success || name === '') {
      req.resume();
      return refuse(res, 400, 'Afvist: filens formål eller navn mangler.');
    }
    try {
      const chosen = await opts.files.addUpload(name, purpose.data, req);
      sendJson(res, 200, { ok: true, result: opts.files.info(chosen) } satisfies Envelope<ChosenFile>);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      // Answer, and read the rest of what the client still sends into nothing: a client that is still writing
      // gets the answer, not a reset connection. Nothing more of it is kept.
      req.resume();
      if (!res.headersSent) refuse(res, 413, e.message);
    }
  }

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, name: string) {
    if (!authorised(req, res)) return;
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return refuse(res, 415, 'Afvist: kaldet skal sendes som JSON.');
    }
    const body = await readBody(req, maxCallBytes);
    if (body === null) {
      // the rest is read into nothing before answering, so a client still writing gets the answer, not a reset
      // connection; one that goes on far beyond the limit is cut off
      await drain(req, MAX_BODY_BYTES);
      return refuse(res, 413, 'Afvist: kaldet er for stort.');
    }
    let args: unknown;
    try {
      args = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch {
      return refuse(res, 400, 'Afvist: kaldet er ikke gyldig JSON.');
    }
    const envelope = await dispatch(opts.handlers, name, args, log);
    sendJson(res, envelope.ok ? 200 : 400, envelope);
  }

  function handleStatic(req: http.IncomingMessage, res: http.ServerResponse, pathname: string) {
    const rel = pathname === '/' ? '/index.html' : pathname;
    const file = resolveInside(staticDir, rel);
    if (!file || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      return send(res, 404, 'Ikke fundet', 'text/plain; charset=utf-8');
    }
    const ext = path.extname(file).toLowerCase();
    send(res, 200, fs.readFileSync(file), MIME[ext] ?? 'application/octet-stream', {
      'cache-control': 'no-cache',
    });
  }

  const server = http.createServer((req, res) => {
    if (!allowedHosts().has(String(req.headers.host ?? ''))) {
      return refuse(res, 421, 'Afvist: forkert værtsnavn.');
    }
    let pathname: string;
    let query: URLSearchParams;
    try {
      const u = new URL(req.url ?? '/', 'http://127.0.0.1');
      pathname = decodeURIComponent(u.pathname);
      query = u.searchParams;
    } catch {
      return refuse(res, 400, 'Afvist: ugyldig adresse.');
    }
    if (pathname === UPLOAD_PATH) {
      if (req.method !== 'POST') return refuse(res, 405, 'En fil skal sendes med POST.');
      handleUpload(req, res, query).catch((e: unknown) => {
        log(`Fejl i broen: ${(e as Error).message}`);
        if (!res.headersSent) refuse(res, 500, 'Der opstod en uventet fejl.');
      });
      return;
    }
    const api = /^\/api\/([A-Za-z0-9.]+)$/.exec(pathname);
    if (api) {
      if (req.method !== 'POST') return refuse(res, 405, 'Kald skal sendes med POST.');
      handleApi(req, res, api[1]!).catch((e: unknown) => {
        log(`Fejl i broen: ${(e as Error).message}`);
        if (!res.headersSent) refuse(res, 500, 'Der opstod en uventet fejl.');
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Metoden er ikke tilladt.');
    handleStatic(req, res, pathname);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    address: addressWithToken(`http://127.0.0.1:${port}/`, token),
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
