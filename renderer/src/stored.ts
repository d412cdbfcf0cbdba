// A list's choices kept between visits and starts (the window's own storage, per list): filters and the like, never
// a search text (it may be a CPR number, which must not be kept outside the database).

import { useEffect, useState } from 'react';

export function useStoredState<T>(key: string, initial: T, valid: (v: unknown) => v is T): [T, (v: T) => void] {
  const storageKey = `sei.${key}`;
  const [value, setValue] = useState<T>(() => {
    try {
      const raw = localStorage.getItem(storageKey);
      const parsed: unknown = raw === null ? initial : JSON.parse(raw);
      return valid(parsed) ? parsed : initial;
    } catch {
      return initial;
    }
  });
  useEffect(() => {
    try {
      localStorage.setItem(storageKey, JSON.stringify(value));
    } catch {
      // storage full or off: the choice lasts this visit only
    }
  }, [storageKey, value]);
  return [value, setValue];
}
