// The therapist's own default place: the place a new ydelse starts at when the forløb has none yet. Kept in this
// window's storage (each therapist sharing a database works at their own place), never in the database.

import { useStoredState } from '../stored.ts';

const isPlaceId = (v: unknown): v is number | null => v === null || (typeof v === 'number' && Number.isInteger(v) && v > 0);

export function useDefaultPlace(): [number | null, (id: number | null) => void] {
  return useStoredState('standardsted', null, isPlaceId);
}
