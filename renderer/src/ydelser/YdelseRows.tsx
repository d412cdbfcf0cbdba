// The ydelser as a virtualised list, shared by the Ydelser page and a forløb's page.

import { describeCode } from '../../../schemas/places.ts';
import { formatCpr } from '../../../schemas/codes.ts';
import { formatDanishDate } from '../../../schemas/dates.ts';
import type { Ydelse } from '../../../schemas/forloeb-ydelser.ts';
import { StatusCell } from '../components/Problems.tsx';
import { VirtualRows, type Column } from '../components/VirtualRows.tsx';
import type { Sort, YDELSE_SORTS } from '../../../schemas/list-sort.ts';

type YdelseSort = keyof typeof YDELSE_SORTS;

const COLUMNS: Column[] = [
  { key: 'dato', label: 'Dato', width: '9.5rem', sortBy: 'dato', first: 'desc' },
  { key: 'cpr', label: 'CPR-nummer', width: '9rem', sortBy: 'cpr' },
  { key: 'kode', label: 'Ydelse', width: '11rem', sortBy: 'kode' },
  { key: 'sted', label: 'Sted', width: 'minmax(10rem, 1.2fr)' },
  { key: 'status', label: 'Indberetning', width: 'minmax(12rem, 1.5fr)' },
];

export function YdelseRows(props: {
  rows: Ydelse[];
  total: number;
  selectedId: number | null;
  onOpen: (y: Ydelse) => void;
  onEndReached?: () => void;
  showCpr?: boolean;
  height?: string;
  /** Sortable headers (the Ydelser page; a forløb's ydelser keep their date order). */
  sort?: Sort<YdelseSort> | null;
  onSort?: (s: Sort<YdelseSort>) => void;
}) {
  const columns = props.showCpr === false ? COLUMNS.filter((c) => c.key !== 'cpr') : COLUMNS;
  return (
    <VirtualRows
      label="Ydelser"
      columns={columns}
      rows={props.rows}
      total={props.total}
      rowKey={(y) => y.id}
      selectedKey={props.selectedId}
      onOpen={props.onOpen}
      onEndReached={props.onEndReached}
      height={props.height}
      sort={props.sort ?? null}
      onSort={props.onSort as ((s: Sort) => void) | undefined}
      rowClass={(y) => (y.reportable ? '' : 'not-reportable')}
      renderCells={(y) => {
        const cells = [
          formatDanishDate(y.dato),
          <span className="cpr" key="c">
            {formatCpr(y.cpr)}
          </span>,
          <span className="mono" key="k">
            {y.ydelseskode}
            {y.tillaegskoder.length ? ` + ${y.tillaegskoder.join(' ')}` : ''}
          </span>,
          <span key="s" title={y.institutionCode ? describeCode(y.institutionCode) : undefined}>
            {y.hjemme ? <HomeIcon /> : null}
            {y.placeName ?? <em className="muted">intet sted</em>}
          </span>,
          <StatusCell key="st" reportable={y.reportable} errors={y.errors} />,
        ];
        return props.showCpr === false ? cells.filter((_, i) => i !== 1) : cells;
      }}
    />
  );
}

/** A house, drawn with the app (an emoji renders as an empty box where the system has no emoji font). */
function HomeIcon() {
  return (
    <svg className="icon-home" viewBox="0 0 16 16" width="14" height="14" role="img" aria-label="I borgerens hjem">
      <title>I borgerens hjem</title>
      <path d="M8 1.5 1 7.5h2v7h4v-4.5h2v4.5h4v-7h2z" fill="currentColor" />
    </svg>
  );
}
