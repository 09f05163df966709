import type { ConnectionParams } from '../connection/transport.js';
import type { Histogram } from './histogram.js';

export type StressMode = 'naive' | 'safe';

/** `sim`: in-process simulated connections; `ssh`: real connections to inventory hosts. */
export type StressTransport = 'sim' | 'ssh';

export interface StressOptions {
  scenario: string;
  mode: StressMode;
  /** Defaults to the scenario's own default (then STRESS_DEFAULTS). */
  threads?: number;
  iterations?: number;
  permits?: number;
  seed?: number;
  /** Hosts the connection-pool scenarios use (the first N of the inventory with ssh). */
  hosts?: number;
  transport?: StressTransport;
  /** Inventory file whose hosts `transport: 'ssh'` connects to. */
  inventory?: string;
}

export interface StressReport {
  scenario: string;
  mode: StressMode;
  threads: number;
  iterations: number;
  hosts: number;
  transport: StressTransport;
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
  hosts: number;
  transport: StressTransport;
  /** One entry per host: real parameters with ssh, synthetic ones with sim. */
  targets: ConnectionParams[];
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
  /** Seed-analysis section this scenario reproduces (shown by `stress all`). */
  reproduces?: string;
  /** Per-scenario defaults (pool scenarios need far fewer iterations than lock scenarios). */
  defaults?: { threads?: number; iterations?: number; hosts?: number };
  /** Metric names `stress all` shows beside the violation count. */
  headline?: string[];
  setup(settings: RunSettings): SharedData;
  work(ctx: WorkerContext): Promise<WorkerResult> | WorkerResult;
  verify(settings: RunSettings, data: SharedData, results: WorkerResult[]): Verdict;
}
