// The ydelser list's columns, as Excel, CSV and the command line's table show them.

import type { Ydelse } from '../../../schemas/forloeb-ydelser.ts';
import { CONTACT_CLASS_LABELS } from '../../../schemas/kl-gateway.ts';
import { describeCode } from '../../../schemas/places.ts';
import type { Column } from './table-export.ts';

const yesNo = (b: boolean) => (b ? 'Ja' : 'Nej');

export const YDELSE_COLUMNS: readonly Column<Ydelse>[] = [
  { header: 'Dato', kind: 'date', width: 12, value: (y) => y.dato },
  { header: 'CPR-nummer', kind: 'text', width: 13, value: (y) => y.cpr },
  { header: 'Ydelseskode', kind: 'text', width: 13, value: (y) => y.ydelseskode },
  { header: 'Tillægskoder', kind: 'text', width: 16, value: (y) => y.tillaegskoder.join(' ') || null },
  { header: 'Sted', kind: 'text', width: 30, value: (y) => y.placeName },
  { header: 'Institutionskode', kind: 'text', width: 22, value: (y) => (y.institutionCode ? describeCode(y.institutionCode) : null) },
  { header: 'I hjemmet', kind: 'text', width: 10, value: (y) => yesNo(y.hjemme) },
  { header: 'Start', kind: 'text', width: 7, value: (y) => y.startTime },
  { header: 'Slut', kind: 'text', width: 7, value: (y) => y.endTime },
  { header: 'Kontaktform', kind: 'text', width: 14, value: (y) => (y.contactClass ? CONTACT_CLASS_LABELS[y.contactClass] : null) },
  { header: 'Kan indberettes', kind: 'text', width: 15, value: (y) => yesNo(y.reportable) },
  { header: 'Hvorfor ikke', kind: 'text', width: 50, value: (y) => y.errors.map((e) => e.message).join(' ') || null },
  { header: 'Advarsler', kind: 'text', width: 40, value: (y) => y.warnings.map((e) => e.message).join(' ') || null },
  { header: 'Ekstern id', kind: 'text', width: 14, value: (y) => y.eksternId },
  { header: 'Forløb', kind: 'number', width: 8, value: (y) => y.forloebId },
  { header: 'Ydelse', kind: 'number', width: 9, value: (y) => y.id },
];
