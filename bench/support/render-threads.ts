/**
 * The machine's ceiling for the templating benchmark: the built Templar alone, with no
 * engine, SSH or CLI around it, rendering `renders` templates split over `threads` plain
 * worker threads. Timed from a start signal sent once every thread has loaded the module,
 * to the last thread's finish; so the ratio 1 thread / N threads is what the hardware and
 * V8 give this allocation-heavy work, the most flotilla's workers could reach.
 */
import { timeOnThreads } from './timed-threads.js';

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
  const { ms, results } = await timeOnThreads<number>(
    WORKER,
    Array.from({ length: options.threads }, (_, t) => ({
      ...options,
      first: t * per,
      renders: Math.min(per, options.renders - t * per),
    })),
  );
  return { threads: options.threads, ms, totalLength: results.reduce((a, b) => a + b, 0) };
}
