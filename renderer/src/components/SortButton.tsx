// A column header that sorts its list: a button (click, Enter or Space), with the order shown by an arrow and told to
// screen readers by aria-sort on the header cell (sortState). A second press turns the order.

import { nextSort, type Sort, type SortDirection } from '../../../schemas/list-sort.ts';

export function sortState<K extends string>(sort: Sort<K> | null, by: K | undefined): 'ascending' | 'descending' | 'none' | undefined {
  if (by === undefined) return undefined;
  return sort?.by === by ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none';
}

export function SortButton<K extends string>(props: {
  by: K;
  label: string;
  sort: Sort<K> | null;
  onSort: (s: Sort<K>) => void;
  /** The first press's order (dates: newest first). */
  first?: SortDirection;
}) {
  const state = sortState(props.sort, props.by);
  const next = nextSort(props.sort, props.by, props.first);
  return (
    <button
      type="button"
      className={`sort-button ${state === 'none' ? '' : 'sorted'}`}
      title={`Sortér efter ${props.label.toLowerCase()}, ${next.dir === 'asc' ? 'stigende' : 'faldende'}`}
      onClick={() => props.onSort(next)}
    >
      {props.label}
      <span className="sort-arrow" aria-hidden="true">
        {state === 'ascending' ? '▲' : state === 'descending' ? '▼' : '↕'}
      </span>
    </button>
  );
}
