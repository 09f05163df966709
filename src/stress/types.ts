import type { Histogram } from './histogram.js';

export type StressMode = 'naive' | 'safe';

export interface StressOptions {
  scenario: string;
  mode: StressMode;
  threads: number;
  iterations: number;
  permits?: number;
  seed?: number;
}

export interface StressReport {
  scenario: string;
  mode: StressMode;
  threads: number;
  iterations: number;
  violations: number;
  durationMs: number;
  metrics: Record<string, number>;
}

/** Settings every thread of one run sees (structured-cloneable). */
export interface RunSettings {
  mode: StressMode;
  threads: number;
  iterations: number;
  permits: number;
  seed: number;
}

/** What a scenario's setup hands to every worker: buffers and numbers only. */
export type SharedData = Record<string, SharedArrayBuffer | number>;

export interface WorkerContext {
  settings: RunSettings;
  /** 0-based index of this worker within the run. */
  index: number;
  data: SharedData;
  /** Record the wait of each acquisition here, in µs. */
  waits: Histogram;
  /** Deterministic per-worker pseudo-random numbers in [0, 1). */
  random: () => number;
}

export interface WorkerResult {
  violations: number;
  acquisitions: number;
  contended: number;
  metrics: Record<string, number>;
}

export interface Verdict {
  violations: number;
  metrics: Record<string, number>;
}

/**
 * One race-lab scenario. `setup` runs on the main thread and allocates shared memory;
 * `work` runs in each worker after the start barrier; `verify` runs on the main thread
 * once every worker is done and turns shared state plus worker results into a verdict.
 */
export interface Scenario {
  name: string;
  describe: string;
  setup(settings: RunSettings): SharedData;
  work(ctx: WorkerContext): Promise<WorkerResult> | WorkerResult;
  verify(settings: RunSettings, data: SharedData, results: WorkerResult[]): Verdict;
}
