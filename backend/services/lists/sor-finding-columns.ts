// The SOR check's findings as Excel and CSV show them: the same words as the window and the printed report.

import { SEVERITY_LABELS, type ReportFinding } from '../../../schemas/sor-report.ts';
import type { Column } from './table-export.ts';

export const SOR_FINDING_COLUMNS: readonly Column<ReportFinding>[] = [
  { header: 'Enhed', kind: 'text', width: 34, value: (f) => f.name },
  { header: 'SOR-id', kind: 'text', width: 18, value: (f) => f.sorId },
  { header: 'Alvor', kind: 'text', width: 10, value: (f) => SEVERITY_LABELS[f.severity] },
  { header: 'Regel', kind: 'text', width: 12, value: (f) => f.rule },
  { header: 'Hvad er galt', kind: 'text', width: 60, value: (f) => f.message },
  { header: 'Din handling', kind: 'text', width: 60, value: (f) => f.suggestion },
  { header: 'Vejledningen', kind: 'text', width: 30, value: (f) => f.guide },
  { header: 'Relaterede enheder', kind: 'text', width: 24, value: (f) => f.related.join(' ') || null },
];
