// The places list's columns, as Excel, CSV and the command line's table show them.

import { describeCode, OWNER_LABELS, type Place, placeAddress, placeTypeText } from '../../../schemas/places.ts';
import type { Column } from './table-export.ts';

export const PLACE_COLUMNS: readonly Column<Place>[] = [
  { header: 'Navn', kind: 'text', width: 32, value: (p) => p.name },
  { header: 'Type', kind: 'text', width: 24, value: placeTypeText },
  { header: 'Institutionskode', kind: 'text', width: 22, value: (p) => describeCode(p.code) },
  { header: 'Adresse', kind: 'text', width: 36, value: (p) => placeAddress(p) || null },
  { header: 'Telefon', kind: 'text', width: 12, value: (p) => p.phone || null },
  { header: 'E-mail', kind: 'text', width: 26, value: (p) => p.email || null },
  { header: 'Ejer', kind: 'text', width: 30, value: (p) => OWNER_LABELS[p.owner] },
  { header: 'Status', kind: 'text', width: 12, value: (p) => (p.active ? 'Aktiv' : 'Deaktiveret') },
  { header: 'Skal udfyldes', kind: 'text', width: 13, value: (p) => (p.needsCompletion ? 'Ja' : 'Nej') },
  { header: 'Id', kind: 'number', width: 6, value: (p) => p.id },
];
