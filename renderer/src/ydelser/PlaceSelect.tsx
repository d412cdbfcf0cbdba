// Choosing the place of a ydelse (for training in the home: the unit that performed it). Places without a code are
// marked, since their ydelser cannot be reported yet.

import { useEffect, useState } from 'react';
import { describeCode, type Place } from '../../../schemas/places.ts';
import { call } from '../api.ts';

let cache: Promise<Place[]> | null = null;
export function invalidatePlaces() {
  cache = null;
}

export function usePlaces(): Place[] {
  const [places, setPlaces] = useState<Place[]>([]);
  useEffect(() => {
    cache ??= call('places.list', {});
    cache.then(setPlaces, () => setPlaces([]));
  }, []);
  return places;
}

export function PlaceSelect(props: { id: string; value: number | null; onChange: (id: number | null) => void; hjemme: boolean }) {
  const places = usePlaces();
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.hjemme ? 'Udførende enhed' : 'Sted'}</label>
      <select id={props.id} value={props.value ?? ''} onChange={(e) => props.onChange(e.target.value ? Number(e.target.value) : null)}>
        <option value="">{props.hjemme ? 'Vælg den enhed, der udførte træningen …' : 'Vælg sted …'}</option>
        {places.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name} – {p.code ? describeCode(p.code) : 'ingen kode endnu'}
          </option>
        ))}
      </select>
    </div>
  );
}
