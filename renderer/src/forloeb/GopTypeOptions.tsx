// The choice of a genoptræningsplan's type, as the forløb form and a replacing GGOP offer it.

import { GOP_LABELS, GOP_TYPES } from '../../../schemas/forloeb-ydelser.ts';

export function GopTypeOptions() {
  return (
    <>
      <option value="">Vælg type …</option>
      {GOP_TYPES.map((g) => (
        <option key={g} value={g}>
          {GOP_LABELS[g]}
        </option>
      ))}
    </>
  );
}

/** A form's check, by its first field: the message of each field's first problem. */
export function firstIssueByField(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Record<string, string> {
  const e: Record<string, string> = {};
  for (const i of issues) e[String(i.path[0] ?? '')] ??= i.message;
  return e;
}
