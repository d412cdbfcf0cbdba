// The one API contract between the window and the rest. Every call the window can make is named with the schema of
// its argument and of its result, declared per domain in schemas/contract/ and composed here. The same handlers serve
// Electron IPC and the loopback HTTP bridge; the argument is validated against this contract where it arrives (see
// backend/api/dispatch.ts).

import type { z } from 'zod';
import { forloebYdelserCalls } from './contract/forloeb-ydelser.ts';
import { appCalls } from './contract/app.ts';
import { importsCalls } from './contract/imports.ts';
import { klCalls } from './contract/kl.ts';
import { placesCalls } from './contract/places.ts';
import { seiCalls } from './contract/sei.ts';
import { sorCalls } from './contract/sor.ts';

export * from './contract/shapes.ts';

export const contract = { ...appCalls, ...placesCalls, ...forloebYdelserCalls, ...importsCalls, ...seiCalls, ...sorCalls, ...klCalls } as const;

export type Contract = typeof contract;
export type CallName = keyof Contract;
export const CALL_NAMES = Object.keys(contract) as CallName[];

/** What the caller passes: fields with defaults may be left out. */
export type CallArgs<K extends CallName> = z.input<Contract[K]['args']>;
/** What the handler receives: validated, defaults filled in, values normalised. */
export type ParsedArgs<K extends CallName> = z.output<Contract[K]['args']>;
export type CallResult<K extends CallName> = z.output<Contract[K]['result']>;

/** The whole backend: one function per call of the contract. */
export type Handlers = { [K in CallName]: (args: ParsedArgs<K>) => CallResult<K> | Promise<CallResult<K>> };

/** A problem with one field, named by its path in the argument ("place.code.value"). */
export interface FieldProblem {
  field: string;
  message: string;
}

/** What every call answers, over IPC and HTTP alike. */
export type Envelope<T> = { ok: true; result: T } | { ok: false; error: { message: string; fields: FieldProblem[] } };

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

/** The IPC channel of a call. */
export function channelOf(name: CallName): string {
  return `api:${name}`;
}
