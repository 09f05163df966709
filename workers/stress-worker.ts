import { parentPort, workerData } from 'node:worker_threads';
import { runStressWorker, type StressWorkerInput } from '../src/stress/worker-main.js';

// Thin harness: all logic lives in src/stress so it is typed and testable.
const output = await runStressWorker(workerData as StressWorkerInput);
parentPort?.postMessage(output);
