// Paired runs: our work and the plain tool's doing the same, one after the other, run after run; the medians of each
// and of the ratios (the machine's speed changes by the hour, so a ratio run against run says more than a figure).

/** The median; 0 of nothing. */
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

export interface Paired {
  /** Medians in milliseconds, and of the ratios. */
  ours: number;
  plain: number;
  ratio: number;
}

/** Each side returns the milliseconds of the work it timed (its own setup left out). */
export async function pairedRuns(
  runs: number,
  ours: (run: number) => Promise<number> | number,
  plain: (run: number) => Promise<number> | number,
): Promise<Paired> {
  const a: number[] = [];
  const b: number[] = [];
  const r: number[] = [];
  for (let i = 0; i < runs; i++) {
    const tOurs = await ours(i);
    const tPlain = await plain(i);
    a.push(tOurs);
    b.push(tPlain);
    r.push(tOurs / tPlain);
  }
  return { ours: median(a), plain: median(b), ratio: median(r) };
}

/** Times a piece of work, in milliseconds. */
export async function timed(work: () => unknown): Promise<number> {
  const t = performance.now();
  await work();
  return performance.now() - t;
}
