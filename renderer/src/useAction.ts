// A panel's buttons: one action at a time (busy), its answer (message) and its error in Danish (a refused argument's
// field messages, else the message), the old ones cleared when the next action starts.

import { useState } from 'react';
import type { ApiError } from './api.ts';

/** What a failed call says to the user: a refused argument's field messages, else its message. */
export function errorText(e: unknown): string {
  const err = e as ApiError;
  return err.fields?.length ? err.fields.map((f) => f.message).join(' ') : err.message;
}

export function useAction() {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const [error, setError] = useState<string | null>(null);
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setMessage('');
    try {
      await work();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, message, setMessage, error, setError, run };
}
