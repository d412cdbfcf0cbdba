// Following a backend job (an import, a SOR file being read): its status is asked for every 200 ms while it runs.

import { useEffect } from 'react';

export function useJobStatus<S>(
  jobId: string | null,
  fetchStatus: (jobId: string) => Promise<S>,
  running: (s: S) => boolean,
  onStatus: (s: S) => void,
  onError: (message: string) => void,
): void {
  useEffect(() => {
    if (!jobId) return;
    let alive = true;
    const poll = async () => {
      try {
        const s = await fetchStatus(jobId);
        if (!alive) return;
        onStatus(s);
        if (running(s)) setTimeout(() => void poll(), 200);
      } catch (e) {
        if (alive) onError((e as Error).message);
      }
    };
    void poll();
    return () => {
      alive = false;
    };
    // the callbacks are read when the job changes; a new job starts a new poll
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [jobId]);
}
