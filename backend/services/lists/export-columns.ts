// The SEI export history's columns, as Excel and CSV show them.

import type { ExportInfo } from '../../../schemas/api.ts';
import type { Column } from './table-export.ts';

export const EXPORT_COLUMNS: readonly Column<ExportInfo>[] = [
  { header: 'Måned', kind: 'text', width: 9, value: (x) => x.month },
  { header: 'Dannet', kind: 'datetime', width: 17, value: (x) => x.at },
  { header: 'Dannet af', kind: 'text', width: 18, value: (x) => x.actor },
  { header: 'Fil', kind: 'text', width: 40, value: (x) => x.fileName },
  { header: 'Ydelser', kind: 'number', width: 9, value: (x) => x.records },
  { header: 'Nye', kind: 'number', width: 7, value: (x) => x.newCount },
  { header: 'Rettelser', kind: 'number', width: 10, value: (x) => x.corrections },
  { header: 'Annulleringer', kind: 'number', width: 13, value: (x) => x.cancellations },
  { header: 'Ventede', kind: 'number', width: 9, value: (x) => x.pending },
  { header: 'SHA-256', kind: 'text', width: 66, value: (x) => x.sha256 },
  { header: 'Filen gemt', kind: 'text', width: 11, value: (x) => (x.hasFile ? 'Ja' : 'Nej') },
];
