/**
 * Sync primitives micro-benchmarks. Run: npx tsx bench/sync.ts
 * Every figure is printed next to a plain Atomics baseline measured in the same run.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker, tsBootstrap } from '../src/pool/worker-entry.js';
import { createBarrier } from '../src/stress/barrier.js';
import { Mutex, Semaphore } from '../src/sync/index.js';

const BENCH_WORKER = new URL('../workers/stress-bench-worker.ts', import.meta.url).href;

function spawn(data: unknown): Worker {
  return startWorker(tsBootstrap(BENCH_WORKER), { workerData: data });
}

function result<T>(w: Worker): Promise<T> {
  return new Promise((resolve, reject) => {
    w.once('message', (m: T) => {
      void w.terminate();
      resolve(m);
    });
    w.once('error', reject);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const WARMUP = 50;
const rows: string[][] = [['measure', 'value', 'baseline (Atomics)', 'ratio']];
const row = (name: string, value: string, base: string, ratio: number): void => {
  rows.push([name, value, base, `${ratio.toFixed(1)}x`]);
};

async function uncontendedAsync(): Promise<void> {
  const n = 1_000_000;
  const base = new Int32Array(new SharedArrayBuffer(4));
  const m = Mutex.create();
  for (let i = 0; i < 50_000; i++) (await m.acquire()).release(); // warm-up
  let t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) Atomics.add(base, 0, 1);
  const baseline = Number(process.hrtime.bigint() - t0) / n;
  t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) (await m.acquire()).release();
  const ns = Number(process.hrtime.bigint() - t0) / n;
  row(
    'uncontended async acquire+release',
    `${ns.toFixed(0)} ns/op`,
    `${baseline.toFixed(1)} ns/op`,
    ns / baseline,
  );
}

async function uncontendedSync(): Promise<void> {
  const r = await result<{ baseline: number; sync: number }>(
    spawn({ action: 'sync-uncontended', iterations: 2_000_000 }),
  );
  row(
    'uncontended sync acquire+release (worker)',
    `${r.sync.toFixed(0)} ns/op`,
    `${r.baseline.toFixed(1)} ns/op`,
    r.sync / r.baseline,
  );
}

async function handoff(useSync: boolean): Promise<void> {
  const iterations = 2000;
  const m = Mutex.create();
  const control = new SharedArrayBuffer(16);
  const flag = new Int32Array(control, 0, 1);
  const stamp = new Float64Array(control, 8, 1);
  const w = spawn({ action: 'handoff', iterations, mutex: m.buffer, control, useSync });
  const done = result<{ samples: number[] }>(w);
  for (let i = 0; i < iterations; i++) {
    const g = await m.acquire();
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
    // Let the worker park on the mutex before releasing (we measure wake-up, not arrival).
    await new Promise((r) => setTimeout(r, 0.5));
    stamp[0] = performance.timeOrigin + performance.now();
    g.release();
    const res = (Atomics as any).waitAsync(flag, 0, 1);
    if (res.async) await res.value;
  }
  // The first samples include the worker's start-up and JIT warm-up.
  const sorted = (await done).samples.slice(WARMUP).sort((a, b) => a - b);
  const baseline = await notifyBaseline(useSync);
  const median = percentile(sorted, 50);
  row(
    `handoff main -> worker (${useSync ? 'acquireSync' : 'acquire'}), median / p99`,
    `${median.toFixed(1)} / ${percentile(sorted, 99).toFixed(1)} µs`,
    `${baseline.toFixed(1)} µs (bare notify)`,
    median / baseline,
  );
}

/** Same wake-up path with no lock at all: Atomics.notify to a thread in wait/waitAsync. */
async function notifyBaseline(useSync: boolean): Promise<number> {
  const ia = new Int32Array(new SharedArrayBuffer(16));
  const stamp = new Float64Array(ia.buffer, 8, 1);
  const src = `
    const { parentPort, workerData } = await import('node:worker_threads');
    const ia = new Int32Array(workerData.buf); const stamp = new Float64Array(workerData.buf, 8, 1);
    const out = [];
    const keep = setInterval(() => {}, 1 << 30); // a pending waitAsync alone does not keep a thread alive
    for (let i = 0; i < workerData.n; i++) {
      Atomics.store(ia, 1, 1); Atomics.notify(ia, 1);
      if (workerData.sync) Atomics.wait(ia, 0, 0); else { const r = Atomics.waitAsync(ia, 0, 0); if (r.async) await r.value; }
      out.push((performance.timeOrigin + performance.now() - stamp[0]) * 1000);
      Atomics.store(ia, 0, 0);
    }
    clearInterval(keep);
    parentPort.postMessage({ samples: out });`;
  const { Worker } = await import('node:worker_threads');
  const w = new Worker(`(async () => {${src}})()`, {
    eval: true,
    workerData: { buf: ia.buffer, n: 2000, sync: useSync },
  });
  const done = result<{ samples: number[] }>(w);
  for (let i = 0; i < 2000; i++) {
    while (Atomics.load(ia, 1) !== 1) await new Promise((r) => setTimeout(r, 0));
    Atomics.store(ia, 1, 0);
    await new Promise((r) => setTimeout(r, 0.5));
    stamp[0] = performance.timeOrigin + performance.now();
    Atomics.store(ia, 0, 1);
    Atomics.notify(ia, 0);
  }
  const sorted = (await done).samples.slice(WARMUP).sort((a, b) => a - b);
  return percentile(sorted, 50);
}

async function throughput(action: 'sem-throughput' | 'add-throughput', threads: number, iterations: number) {
  const sem = action === 'sem-throughput' ? Semaphore.create(2).buffer : new SharedArrayBuffer(4);
  const barrier = createBarrier();
  const workers = Array.from({ length: threads }, () =>
    result<{ ms: number }>(spawn({ action, iterations, sem, barrier, threads })),
  );
  const ms = Math.max(...(await Promise.all(workers)).map((r) => r.ms));
  return (threads * iterations) / (ms / 1000);
}

async function semaphoreThroughput(): Promise<void> {
  const threads = 4;
  const sem = await throughput('sem-throughput', threads, 200_000);
  const base = await throughput('add-throughput', threads, 2_000_000);
  row(
    `semaphore(2) acquire+release, ${threads} workers`,
    `${(sem / 1e6).toFixed(2)} M ops/s`,
    `${(base / 1e6).toFixed(2)} M add+sub/s`,
    base / sem,
  );
}

// A pending Atomics.waitAsync does not keep Node 20 alive: hold a handle for the whole run.
const keepAlive = setInterval(() => {}, 1 << 30);
await uncontendedAsync();
await uncontendedSync();
await handoff(false);
await handoff(true);
await semaphoreThroughput();
clearInterval(keepAlive);

const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c])).join('  '));
