import { arriveAndWait } from './barrier.js';
import { Histogram } from './histogram.js';
import { SCENARIOS } from './scenarios/index.js';
import type { RunSettings, SharedData, WorkerResult } from './types.js';

/** What the main thread hands each stress worker. */
export interface StressWorkerInput {
  scenario: string;
  settings: RunSettings;
  index: number;
  data: SharedData;
  barrier: SharedArrayBuffer;
}

export interface StressWorkerOutput {
  result: WorkerResult;
  waits: Uint32Array;
  /** Wall-clock ms (timeOrigin + now, comparable across threads) after the barrier / at the end. */
  startedAt: number;
  finishedAt: number;
}

/** Body of workers/stress-worker.ts: wait at the barrier, run the scenario, report. */
export async function runStressWorker(input: StressWorkerInput): Promise<StressWorkerOutput> {
  const scenario = SCENARIOS.get(input.scenario);
  if (!scenario) throw new Error(`unknown stress scenario ${input.scenario}`);
  const waits = new Histogram();
  const random = mulberry32(input.settings.seed + input.index);
  arriveAndWait(input.barrier, input.settings.threads);
  const startedAt = performance.timeOrigin + performance.now();
  const result = await scenario.work({
    settings: input.settings,
    index: input.index,
    data: input.data,
    waits,
    random,
  });
  return { result, waits: waits.counts, startedAt, finishedAt: performance.timeOrigin + performance.now() };
}

/** Small seeded PRNG so a run can be replayed with --seed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
