/**
 * Fixed-bucket latency histogram in µs: 0.1 µs buckets below 100 µs, then 5 % wide buckets.
 * Bounded memory whatever the iteration count; posted between threads as a Uint32Array.
 */
const LINEAR_BUCKETS = 1000;
const LINEAR_STEP_US = 0.1;
const GROWTH = 1.05;
const LOG_BUCKETS = 400;
export const HISTOGRAM_BUCKETS = LINEAR_BUCKETS + LOG_BUCKETS;
const LINEAR_LIMIT_US = LINEAR_BUCKETS * LINEAR_STEP_US;

export class Histogram {
  readonly counts: Uint32Array;

  constructor(counts?: Uint32Array) {
    this.counts = counts ?? new Uint32Array(HISTOGRAM_BUCKETS);
  }

  record(us: number): void {
    this.counts[bucketOf(us)]++;
  }

  merge(other: Uint32Array): void {
    for (let i = 0; i < HISTOGRAM_BUCKETS; i++) this.counts[i] += other[i];
  }

  get total(): number {
    let n = 0;
    for (const c of this.counts) n += c;
    return n;
  }

  /** Lower bound of the bucket holding the p-th percentile (0 when empty). */
  percentile(p: number): number {
    const total = this.total;
    if (total === 0) return 0;
    const rank = Math.ceil((p / 100) * total);
    let seen = 0;
    for (let i = 0; i < HISTOGRAM_BUCKETS; i++) {
      seen += this.counts[i];
      if (seen >= rank) return lowerBound(i);
    }
    return lowerBound(HISTOGRAM_BUCKETS - 1);
  }
}

function bucketOf(us: number): number {
  if (us < LINEAR_LIMIT_US) return Math.max(0, Math.floor(us / LINEAR_STEP_US));
  const i = LINEAR_BUCKETS + Math.floor(Math.log(us / LINEAR_LIMIT_US) / Math.log(GROWTH));
  return Math.min(i, HISTOGRAM_BUCKETS - 1);
}

function lowerBound(i: number): number {
  if (i < LINEAR_BUCKETS) return Math.round(i * LINEAR_STEP_US * 10) / 10;
  return Math.round(LINEAR_LIMIT_US * GROWTH ** (i - LINEAR_BUCKETS));
}
