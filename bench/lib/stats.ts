/** Small statistics helpers (nearest-rank percentiles on sorted copies). */
export function sorted(xs: ArrayLike<number>): Float64Array {
  return Float64Array.from(xs).sort();
}

/** Nearest-rank percentile (p in 0..100) of an ascending array; NaN when empty. */
export function pct(s: ArrayLike<number>, p: number): number {
  if (s.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.min(s.length - 1, Math.max(0, rank - 1))];
}

export function mean(xs: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i];
  return xs.length ? sum / xs.length : NaN;
}

export const round = (x: number, digits = 1): number => (Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : x);

/** Times an async function `n` times (after `warm` untimed runs); returns the durations in ms. */
export async function timeIt(n: number, fn: (i: number) => unknown, warm = 0): Promise<number[]> {
  for (let i = 0; i < warm; i++) await fn(-1 - i);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

export function summary(ms: number[]): { n: number; p50: number; p95: number; max: number; mean: number; first: number } {
  const s = sorted(ms);
  return {
    n: ms.length,
    p50: round(pct(s, 50), 2),
    p95: round(pct(s, 95), 2),
    max: round(s[s.length - 1], 2),
    mean: round(mean(ms), 2),
    first: round(ms[0], 2),
  };
}
