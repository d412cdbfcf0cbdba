// The window's only way to the rest: window.api (Electron's preload) or, in browser mode, the loopback bridge.
// Both carry the same calls of the contract (schemas/api.ts) and answer the same envelope.

import type { CallArgs, CallName, CallResult, Envelope, FieldProblem } from '../../schemas/api.ts';

interface Transport {
  call(name: string, args: unknown): Promise<Envelope<unknown>>;
}

declare global {
  interface Window {
    api?: Transport;
  }
}

export class ApiError extends Error {
  readonly fields: FieldProblem[];
  constructor(message: string, fields: FieldProblem[] = []) {
    super(message);
    this.fields = fields;
  }
}

function httpTransport(): Transport {
  const token = document.querySelector('meta[name="sei-api-token"]')?.getAttribute('content') ?? '';
  return {
    async call(name, args) {
      const res = await fetch(`/api/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-sei-token': token },
        body: JSON.stringify(args ?? {}),
      });
      try {
        return (await res.json()) as Envelope<unknown>;
      } catch {
        return { ok: false, error: { message: `Programmet svarede ikke som ventet (HTTP ${res.status}).`, fields: [] } };
      }
    },
  };
}

const transport: Transport = window.api ?? httpTransport();

export async function call<K extends CallName>(name: K, args: CallArgs<K>): Promise<CallResult<K>> {
  let envelope: Envelope<unknown>;
  try {
    envelope = await transport.call(name, args);
  } catch {
    throw new ApiError('Forbindelsen til programmet er afbrudt. Luk og genstart SEI Genoptræning.');
  }
  if (!envelope.ok) throw new ApiError(envelope.error.message, envelope.error.fields);
  return envelope.result as CallResult<K>;
}
