/**
 * How well this machine runs plain JavaScript on several worker threads at once, for two
 * kinds of work with no flotilla code in them:
 *  - arithmetic: six independent integer chains, no allocation (the CPU cores alone);
 *  - allocation: short strings built and dropped in a loop, what any template renderer does
 *    per row (the cores plus the young-generation allocation and memory traffic).
 * Each thread gets the same fixed amount of work, so scaling = threads × time(1) / time(N).
 * Timed from a start signal sent once every thread is up; median of `repeat` interleaved runs.
 * Run alone: npx tsx bench/support/scaling-probe.ts
 */
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { timeOnThreads } from './timed-threads.js';

const WORK = {
  arithmetic: `let a = 1, b = 2, c = 3, d = 4, e = 5, f = 6;
    for (let i = 0; i < 6e7; i++) {
      a = (a * 3 + i) | 0; b = (b * 5 + i) | 0; c = (c * 7 + i) | 0;
      d = (d * 9 + i) | 0; e = ((e ^ i) + 1) | 0; f = (f + i) | 0;
    }
    return a + b + c + d + e + f;`,
  allocation: `let s = 0;
    for (let j = 0; j < 60; j++) {
      let out = '';
      for (let i = 0; i < 20000; i++) { out += 'row-' + i; out += ','; }
      s += out.length;
    }
    return s;`,
} as const;

export type ProbeKind = keyof typeof WORK;

async function timeKind(kind: ProbeKind, threads: number): Promise<number> {
  const source = `const { parentPort } = require('node:worker_threads');
    const work = () => { ${WORK[kind]} };
    parentPort.once('message', () => parentPort.postMessage(work()));
    parentPort.postMessage('ready');`;
  return (await timeOnThreads(source, new Array(threads).fill(undefined))).ms;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

/** threads × time(1 thread) / time(`threads` threads), each thread doing the same work. */
export async function probeScaling(
  threads = os.availableParallelism(),
  repeat = 5,
): Promise<Record<ProbeKind, number>> {
  const out = {} as Record<ProbeKind, number>;
  for (const kind of Object.keys(WORK) as ProbeKind[]) {
    const one: number[] = [];
    const all: number[] = [];
    for (let r = 0; r < repeat; r++) {
      one.push(await timeKind(kind, 1));
      all.push(await timeKind(kind, threads));
    }
    out[kind] = (threads * median(one)) / median(all);
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const threads = os.availableParallelism();
  const scaling = await probeScaling(threads);
  for (const [kind, x] of Object.entries(scaling)) {
    console.log(`${kind.padEnd(11)} ${threads} threads vs 1: ${x.toFixed(2)}x (perfect: ${threads}x)`);
  }
}
