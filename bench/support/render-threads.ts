/**
 * The machine's ceiling for the templating benchmark: the built Templar alone, with no
 * engine, SSH or CLI around it, rendering `renders` templates split over `threads` plain
 * worker threads. Timed from a start signal sent once every thread has loaded the module,
 * to the last thread's finish; so the ratio 1 thread / N threads is what the hardware and
 * V8 give this allocation-heavy work, the most flotilla's workers could reach.
 */
import { Worker } from 'node:worker_threads';

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { Templar } = await import(workerData.module);
  const templar = new Templar();
  const opts = { searchPath: [workerData.dir] };
  parentPort.postMessage('ready');
  parentPort.once('message', () => {
    let total = 0;
    for (let i = 0; i < workerData.renders; i++) {
      const host = 'host-' + String(workerData.first + i).padStart(3, '0');
      const vars = { rows: workerData.rows, inventory_hostname: host, groups: { all: [host] } };
      total += Number(templar.render(workerData.task, vars, opts));
    }
    parentPort.postMessage(total);
  });
})();
`;

export interface CeilingRun {
  threads: number;
  ms: number;
  totalLength: number;
}

export async function renderOnThreads(options: {
  module: string;
  dir: string;
  task: string;
  rows: string;
  renders: number;
  threads: number;
}): Promise<CeilingRun> {
  const per = Math.ceil(options.renders / options.threads);
  const workers = Array.from(
    { length: options.threads },
    (_, t) =>
      new Worker(WORKER, {
        eval: true,
        workerData: { ...options, first: t * per, renders: Math.min(per, options.renders - t * per) },
      }),
  );
  try {
    await Promise.all(workers.map((w) => new Promise((resolve) => w.once('message', resolve))));
    const started = performance.now();
    const done = workers.map((w) => new Promise<number>((resolve) => w.once('message', resolve)));
    for (const w of workers) w.postMessage('go');
    const lengths = await Promise.all(done);
    return {
      threads: options.threads,
      ms: performance.now() - started,
      totalLength: lengths.reduce((a, b) => a + b, 0),
    };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
