// A list's "Til Excel …" and "Til CSV …": the list's own export call with its filters and sort, the file saved where
// the user chooses (or downloaded in browser mode), the message in Danish with the count.

import { TABLE_FORMATS, type TableFormat } from '../../schemas/files.ts';
import type { CallArgs, CallName, CallResult } from '../../schemas/api.ts';
import { call } from './api.ts';
import { delivered } from './files.ts';
import { useAction } from './useAction.ts';

/** The calls that save a list (their argument has a table format): derived from the contract, not listed here. */
type ExportCall = { [K in CallName]: CallArgs<K> extends { format: TableFormat } ? K : never }[CallName];

export function useListExport<C extends ExportCall>(name: C, args: Omit<CallArgs<C>, 'format'>, one: string, many: string) {
  const action = useAction();
  const toFile = (format: TableFormat) =>
    action.run(async () => {
      const r = (await call(name, { ...args, format } as CallArgs<C>)) as CallResult<ExportCall>;
      if (!r) return;
      const where = await delivered(r);
      if (where) action.setMessage(`${r.rows.toLocaleString('da-DK')} ${r.rows === 1 ? one : many} er gemt i ${where}.`);
    });
  return { ...action, toFile };
}

/** The buttons, one per format. */
export function ListExportButtons(props: { busy: boolean; empty: boolean; toFile: (f: TableFormat) => void }) {
  return (
    <span className="toolbar-group" role="group" aria-label="Gem listen">
      {TABLE_FORMATS.map((f) => (
        <button key={f} type="button" className="btn" disabled={props.busy || props.empty} onClick={() => props.toFile(f)}>
          {f === 'xlsx' ? 'Til Excel …' : 'Til CSV …'}
        </button>
      ))}
    </span>
  );
}
