// The whole backend: one handler per call of the contract (schemas/api.ts). Plain Node; never imports electron.

import type { AppInfo, Handlers } from '../../schemas/api.ts';
import type { DB } from '../../db/open.ts';
import { createPlace, getPlace, listPlaces, placeHistory, setPlaceActive, updatePlace } from '../../db/places.ts';

export interface Context {
  db: DB;
  info: AppInfo;
  /** The OS user, written into the change history. */
  actor: string;
}

export function createHandlers(ctx: Context): Handlers {
  const { db, actor } = ctx;
  return {
    'app.info': () => ctx.info,
    'places.list': (a) => listPlaces(db, a),
    'places.get': (a) => getPlace(db, a.id),
    'places.create': (a) => createPlace(db, a.place, actor),
    'places.update': (a) => updatePlace(db, a.id, a.place, actor),
    'places.setActive': (a) => setPlaceActive(db, a.id, a.active, actor),
    'places.history': (a) => placeHistory(db, a.id),
  };
}
