// The one API contract between the window and the rest. Every call the window can make is named here with the
// schema of its argument and of its result. The same handlers serve Electron IPC and the loopback HTTP bridge; the
// argument is validated against this contract where it arrives (see electron/api/dispatch.ts).

import { z } from 'zod';
import { HistoryEntry, Place, PlaceInput } from './places.ts';

z.config(z.locales.da());

const Id = z.number({ message: 'Id skal være et tal.' }).int().positive();

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  mode: z.enum(['electron', 'browser']),
  dbPath: z.string(),
  schemaVersion: z.number().int(),
  user: z.string(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const contract = {
  'app.info': {
    summary: 'Programmets version, databasens placering og skemaversion.',
    args: z.object({}).strict(),
    result: AppInfo,
  },
  'places.list': {
    summary: 'Steder, sorteret alfabetisk; søgning i navn, adresse, by og kode uden forskel på store og små bogstaver.',
    args: z
      .object({
        search: z.string().max(200).default(''),
        includeInactive: z.boolean().default(false),
      })
      .strict(),
    result: z.array(Place),
  },
  'places.get': {
    summary: 'Ét sted med alle dets oplysninger.',
    args: z.object({ id: Id }).strict(),
    result: Place,
  },
  'places.create': {
    summary: 'Opretter et sted.',
    args: z.object({ place: PlaceInput }).strict(),
    result: Place,
  },
  'places.update': {
    summary: 'Retter et sted.',
    args: z.object({ id: Id, place: PlaceInput }).strict(),
    result: Place,
  },
  'places.setActive': {
    summary: 'Deaktiverer eller genaktiverer et sted. Steder slettes aldrig, så historikken bevares.',
    args: z.object({ id: Id, active: z.boolean() }).strict(),
    result: Place,
  },
  'places.history': {
    summary: 'Hvem der har ændret hvad og hvornår på et sted, nyeste først.',
    args: z.object({ id: Id }).strict(),
    result: z.array(HistoryEntry),
  },
} as const;

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
export type Envelope<T> =
  | { ok: true; result: T }
  | { ok: false; error: { message: string; fields: FieldProblem[] } };

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

/** The IPC channel of a call. */
export function channelOf(name: CallName): string {
  return `api:${name}`;
}
