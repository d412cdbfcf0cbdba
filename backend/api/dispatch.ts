// The door every call goes through, from IPC and HTTP alike: the name must be in the contract, the argument is
// validated against it, and the answer is an envelope with a Danish message on failure.

import type { z } from 'zod';
import { contract, isCallName, type CallName, type Envelope, type FieldProblem, type Handlers } from '../../schemas/api.ts';
import { UserError } from '../../schemas/errors.ts';
import { maskCpr } from '../../schemas/privacy.ts';
import { BUSY_MESSAGE, isBusy } from '../../db/busy.ts';
import { isRefusedByRole, ROLE_REFUSAL } from '../../db/pg/roles.ts';
import { BUSY_RETRY_MS, withBusyRetry } from './busy-retry.ts';

export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((i) => ({ field: i.path.map(String).join('.'), message: maskCpr(i.message) }));
}

/** What leaves the backend as an error: no CPR number unmasked (personal data). */
function refused(message: string, fields: FieldProblem[] = []): Envelope<unknown> {
  return { ok: false, error: { message: maskCpr(message), fields: fields.map((f) => ({ field: f.field, message: maskCpr(f.message) })) } };
}

export function describeProblems(problems: FieldProblem[]): string {
  if (problems.length === 1) return problems[0]!.message;
  return `Der er ${problems.length} fejl: ${problems.map((p) => p.message).join(' ')}`;
}

export type Logger = (message: string) => void;

/**
 * Runs one call. Never throws: an unknown call, an invalid argument, a UserError or an unexpected fault all come back
 * as { ok: false } with a message fit for the window. Unexpected faults are logged without the argument (it may hold
 * CPR numbers).
 */
export async function dispatch(
  handlers: Handlers,
  name: unknown,
  rawArgs: unknown,
  log: Logger = (m) => console.error(m),
  busyRetryMs = BUSY_RETRY_MS,
): Promise<Envelope<unknown>> {
  if (!isCallName(name)) {
    return { ok: false, error: { message: `Ukendt kald: ${String(name).slice(0, 80)}`, fields: [] } };
  }
  const parsed = contract[name].args.safeParse(rawArgs ?? {});
  if (!parsed.success) {
    const fields = fieldProblems(parsed.error);
    return { ok: false, error: { message: describeProblems(fields), fields } };
  }
  try {
    const handler = handlers[name] as (a: unknown) => unknown;
    const result = await withBusyRetry(() => handler(parsed.data), busyRetryMs);
    return { ok: true, result };
  } catch (e) {
    if (e instanceof UserError) return refused(e.message, e.fields);
    if (isBusy(e)) return refused(BUSY_MESSAGE);
    if (isRefusedByRole(e)) {
      // for support: which table the server guarded (its message names no person)
      log(maskCpr(`Kaldet ${name satisfies CallName} blev afvist af databasen: ${(e as Error).message}`));
      return refused(ROLE_REFUSAL);
    }
    log(maskCpr(`Fejl i kaldet ${name satisfies CallName}: ${(e as Error).stack ?? String(e)}`));
    return {
      ok: false,
      error: { message: 'Der opstod en uventet fejl. Intet er gemt. Prøv igen, eller kontakt support.', fields: [] },
    };
  }
}
