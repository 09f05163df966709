/**
 * Times work on plain worker threads: each thread runs `source` (CommonJS, `eval`), posts
 * 'ready' once it has loaded what it needs, waits for a start message, does its work and
 * posts its result. The time runs from the start signal, sent once every thread is ready,
 * to the last thread's result, so thread start-up is not counted.
 */
import { Worker } from 'node:worker_threads';

export async function timeOnThreads<R>(
  source: string,
  workerData: unknown[],
): Promise<{ ms: number; results: R[] }> {
  const workers = workerData.map((data) => new Worker(source, { eval: true, workerData: data }));
  const next = (w: Worker) => new Promise<R>((resolve) => w.once('message', resolve));
  try {
    await Promise.all(workers.map(next));
    const started = performance.now();
    const done = workers.map(next);
    for (const w of workers) w.postMessage('go');
    const results = await Promise.all(done);
    return { ms: performance.now() - started, results };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
