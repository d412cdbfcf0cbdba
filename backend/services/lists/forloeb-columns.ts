// The forløb list's columns, as Excel, CSV and the command line's table show them.

import { END_REASON_LABELS, GOP_LABELS, type Forloeb } from '../../../schemas/forloeb-ydelser.ts';
import { NO_CONTACT_REASON_LABELS } from '../../../schemas/kl-gateway.ts';
import type { Column } from './table-export.ts';

export const FORLOEB_COLUMNS: readonly Column<Forloeb>[] = [
  { header: 'CPR-nummer', kind: 'text', width: 13, value: (f) => f.cpr },
  { header: 'Navn', kind: 'text', width: 28, value: (f) => f.citizenName || null },
  { header: 'Genoptræningsplan', kind: 'text', width: 30, value: (f) => GOP_LABELS[f.gopType] },
  { header: 'Udskrevet', kind: 'date', width: 12, value: (f) => f.dischargeDate },
  { header: 'Plan modtaget', kind: 'date', width: 14, value: (f) => f.gopReceivedDate },
  { header: 'Senere startdato', kind: 'date', width: 16, value: (f) => f.laterStartDate },
  { header: '7-dagesfrist', kind: 'date', width: 13, value: (f) => f.sevenDay.deadline },
  { header: 'Første ydelse', kind: 'date', width: 14, value: (f) => f.firstYdelseDate },
  { header: '7-dagesfristen', kind: 'text', width: 50, value: (f) => f.sevenDay.message },
  { header: 'Første kontakt tilbudt', kind: 'date', width: 20, value: (f) => f.firstContactOffered },
  {
    header: 'Årsag til ingen kontakt inden 7 dage',
    kind: 'text',
    width: 30,
    value: (f) => (f.noContactReason ? NO_CONTACT_REASON_LABELS[f.noContactReason] : null),
  },
  { header: 'Status', kind: 'text', width: 10, value: (f) => (f.status === 'aktiv' ? 'Aktivt' : 'Afsluttet') },
  { header: 'Slutdato', kind: 'date', width: 12, value: (f) => f.endDate },
  { header: 'Afslutningsårsag', kind: 'text', width: 24, value: (f) => (f.endReason ? END_REASON_LABELS[f.endReason] : null) },
  { header: 'Ydelser', kind: 'number', width: 9, value: (f) => f.ydelseCount },
  { header: 'Forløb', kind: 'number', width: 8, value: (f) => f.id },
];
