// The places where genoptræning happens (steder).

import { z } from 'zod';
import { HistoryEntry, Place, PlaceInput } from '../places.ts';
import { BasedOn, Id, ListExport, sortArg } from './shapes.ts';
import { TABLE_FORMATS } from '../files.ts';
import { PLACE_SORTS } from '../list-sort.ts';

/** The places list's filters: its page and its export share them. */
const PlaceFilter = z.object({
  search: z.string().max(200).default(''),
  includeInactive: z.boolean().default(false),
  sort: sortArg(PLACE_SORTS),
});

export const placesCalls = {
  'places.list': {
    summary: 'Steder, alfabetisk eller efter en kolonne; søgning i navn, adresse, by og kode uden forskel på store og små bogstaver.',
    args: PlaceFilter.strict(),
    result: z.array(Place),
  },
  'places.exportList': {
    summary: 'Gemmer stederne med listens filtre og sortering som Excel-projektmappe (.xlsx) eller CSV til Excel. Null, hvis brugeren fortryder.',
    args: PlaceFilter.extend({ format: z.enum(TABLE_FORMATS) }).strict(),
    result: ListExport,
  },
  'places.get': {
    summary: 'Ét sted med alle dets oplysninger.',
    args: z.object({ id: Id }).strict(),
    result: Place,
  },
  'places.create': {
    summary: 'Opretter et sted.',
    args: z.object({ place: PlaceInput }).strict(),
    result: Place,
  },
  'places.update': {
    summary: 'Retter et sted.',
    args: z.object({ id: Id, place: PlaceInput, basedOn: BasedOn }).strict(),
    result: Place,
  },
  'places.setActive': {
    summary: 'Deaktiverer eller genaktiverer et sted. Steder slettes aldrig, så historikken bevares.',
    args: z.object({ id: Id, active: z.boolean() }).strict(),
    result: Place,
  },
  'places.history': {
    summary: 'Hvem der har ændret hvad og hvornår på et sted, nyeste først.',
    args: z.object({ id: Id }).strict(),
    result: z.array(HistoryEntry),
  },
} as const;
