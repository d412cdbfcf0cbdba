// Unsaved changes are never dropped without asking. A form says whether it has changes (useUnsaved); leaving it by
// Esc, Alt+N, another page or closing the window asks "Kassér ændringer?" first (confirmDiscard). Closing the window
// or reloading goes through beforeunload: the browser asks in browser mode, the shell asks in the desktop
// (electron/main.ts, will-prevent-unload).

import { useEffect } from 'react';

const dirty = new Set<object>();

export const DISCARD_QUESTION = 'Kassér ændringer?\n\nDet, du har skrevet, er ikke gemt.';

/** Registers a form's unsaved changes while `isDirty` holds (and while the form is shown). */
export function useUnsaved(isDirty: boolean): void {
  useEffect(() => {
    if (!isDirty) return;
    const key = {};
    dirty.add(key);
    return () => {
      dirty.delete(key);
    };
  }, [isDirty]);
}

/** True when nothing is unsaved, or the user agrees to discard it. */
export function confirmDiscard(): boolean {
  if (dirty.size === 0) return true;
  if (!window.confirm(DISCARD_QUESTION)) return false;
  dirty.clear();
  return true;
}

/** `action`, once the user has agreed to lose what is unsaved (if anything is). */
export function guarded<A extends unknown[]>(action: (...a: A) => void): (...a: A) => void {
  return (...a) => {
    if (confirmDiscard()) action(...a);
  };
}

window.addEventListener('beforeunload', (e) => {
  if (dirty.size > 0) e.preventDefault();
});
