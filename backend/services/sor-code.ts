// A SOR code has arrived for an application: checked, put on the place (unless the place reports by a ydernummer or
// SHAK code, which comes first), noted on the application, in one transaction; the answer says how many of the place's
// ydelser it made reportable.

import { getPlace, updatePlace } from '../../db/places.ts';
import { getSorRequest, setSorCodeReceived, type SorRequest } from '../../db/sor-requests.ts';
import type { DB } from '../../db/open.ts';
import { checkSor } from '../../schemas/codes.ts';
import { UserError } from '../../schemas/errors.ts';
import { PlaceInput, type Place } from '../../schemas/places.ts';

export function receiveSorCode(
  db: DB,
  id: number,
  code: string,
  actor: string,
  countNotReportable: (placeId: number) => number,
  now = new Date(),
): { request: SorRequest; place: Place; nowReportable: number } {
  const checked = checkSor(code);
  if (!checked.ok) throw new UserError(checked.message, [{ field: 'code', message: checked.message }]);
  const at = now.toISOString();
  return db.transaction(() => {
    const r = getSorRequest(db, id);
    const before = getPlace(db, r.placeId);
    const blockedBefore = countNotReportable(before.id);
    const keepsOther = before.code !== null && before.code.type !== 'SOR';
    const place = keepsOther ? before : updatePlace(db, before.id, PlaceInput.parse({ ...before, code: { type: 'SOR', value: checked.value } }), actor, now);
    setSorCodeReceived(db, id, checked.value, at);
    const nowReportable = Math.max(0, blockedBefore - countNotReportable(before.id));
    return { request: getSorRequest(db, id), place, nowReportable };
  })();
}
