import { parentPort, workerData } from 'node:worker_threads';
import { arriveAndWait } from '../src/stress/barrier.js';
import { Mutex, Semaphore } from '../src/sync/index.js';

/** Worker side of bench/sync.ts: each action measures itself and posts plain numbers. */
interface Input {
  action: 'sync-uncontended' | 'handoff' | 'sem-throughput' | 'add-throughput';
  iterations: number;
  mutex?: SharedArrayBuffer;
  sem?: SharedArrayBuffer;
  /** handoff: [0] turn flag, Float64 view: [1] release timestamp (ms, timeOrigin-based). */
  control?: SharedArrayBuffer;
  barrier?: SharedArrayBuffer;
  threads?: number;
  useSync?: boolean;
}

const input = workerData as Input;
const post = (m: unknown): void => parentPort!.postMessage(m);
const now = (): number => performance.timeOrigin + performance.now();

function nsPerOp(iterations: number, body: () => void): number {
  const t0 = process.hrtime.bigint();
  body();
  return Number(process.hrtime.bigint() - t0) / iterations;
}

switch (input.action) {
  case 'sync-uncontended': {
    const m = Mutex.create();
    const base = new Int32Array(new SharedArrayBuffer(4));
    const n = input.iterations;
    const baseline = nsPerOp(n, () => {
      for (let i = 0; i < n; i++) Atomics.add(base, 0, 1);
    });
    const sync = nsPerOp(n, () => {
      for (let i = 0; i < n; i++) m.acquireSync().release();
    });
    post({ baseline, sync });
    break;
  }
  case 'handoff': {
    // Main holds the mutex, raises the turn flag, stamps the time and releases; we measure
    // from its stamp to our acquisition, then lower the flag.
    const m = new Mutex(input.mutex!);
    const flag = new Int32Array(input.control!, 0, 1);
    const stamp = new Float64Array(input.control!, 8, 1);
    const samples: number[] = [];
    for (let i = 0; i < input.iterations; i++) {
      while (Atomics.load(flag, 0) !== 1) Atomics.wait(flag, 0, 0);
      const g = input.useSync ? m.acquireSync() : await m.acquire();
      samples.push((now() - stamp[0]) * 1000);
      g.release();
      Atomics.store(flag, 0, 0);
      Atomics.notify(flag, 0);
    }
    post({ samples });
    break;
  }
  case 'sem-throughput': {
    const s = new Semaphore(input.sem!);
    arriveAndWait(input.barrier!, input.threads!);
    const t0 = performance.now();
    for (let i = 0; i < input.iterations; i++) (await s.acquire()).release();
    post({ ms: performance.now() - t0 });
    break;
  }
  case 'add-throughput': {
    const ia = new Int32Array(input.sem!);
    arriveAndWait(input.barrier!, input.threads!);
    const t0 = performance.now();
    for (let i = 0; i < input.iterations; i++) {
      Atomics.add(ia, 0, 1);
      Atomics.sub(ia, 0, 1);
    }
    post({ ms: performance.now() - t0 });
    break;
  }
}
