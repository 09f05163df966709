import type { Worker } from 'node:worker_threads';
import { startWorker, tsBootstrap } from '../../../src/pool/worker-entry.js';

/** Starts a TypeScript fixture worker (through tsx) next to the calling test file. */
export function spawnFixture(fileUrl: URL, workerData: unknown): Worker {
  return startWorker(tsBootstrap(fileUrl.href), { workerData });
}

export function nextMessage<T = unknown>(worker: Worker): Promise<T> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    const onExit = (code: number): void => reject(new Error(`worker exited (code ${code}) before posting`));
    worker.once('error', onError);
    worker.once('exit', onExit);
    worker.once('message', (m: T) => {
      worker.off('error', onError);
      worker.off('exit', onExit);
      resolve(m);
    });
  });
}

export function exitOf(worker: Worker): Promise<number> {
  return new Promise((resolve) => worker.once('exit', resolve));
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
