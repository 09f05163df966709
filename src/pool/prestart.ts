/**
 * Starts the first host worker thread before the CLI has loaded the rest of itself: a worker
 * takes about as long to load its bundle as the CLI takes to load and parse the playbook, and
 * on two or more cores the two overlap. `HostPool` adopts the thread as shard 0's; a command
 * that ends without a pool (a listing, an error before the run) lets it go.
 */
import { Piscina } from 'piscina';
import { resolveWorkerEntry } from './worker-entry.js';

/**
 * One shard's pool: a single thread, so affinity holds by construction. Idle threads must keep
 * their event loop running for ssh2 sockets, hence `atomics: 'disabled'` and an infinite idle
 * timeout.
 */
export function shardPool(filename: string): Piscina {
  return new Piscina({
    filename,
    minThreads: 1,
    maxThreads: 1,
    idleTimeout: Number.POSITIVE_INFINITY,
    atomics: 'disabled',
    concurrentTasksPerWorker: 1_000_000,
    maxQueue: 'auto',
  });
}

let prestarted: { filename: string; pool: Piscina } | undefined;

/** Starts one host worker now, if the workers are built (from sources there is nothing to gain). */
export function prestartHostWorker(): void {
  if (prestarted) return;
  const entry = resolveWorkerEntry('host-worker');
  if (entry.eval) return;
  prestarted = { filename: entry.filename, pool: shardPool(entry.filename) };
}

/** The prestarted pool, once, if it runs `filename`. */
export function takePrestartedPool(filename: string): Piscina | undefined {
  const p = prestarted;
  if (!p || p.filename !== filename) return undefined;
  prestarted = undefined;
  return p.pool;
}

/**
 * Lets go of a prestarted worker nobody adopted. It is not destroyed: ending a thread while it
 * is still loading its ES modules aborts Node 20 (V8 fatal error "IsGraphAsync"). Piscina
 * unrefs a thread once it is ready and idle, so the process ends as soon as the load is done.
 */
export function discardPrestartedPool(): void {
  prestarted = undefined;
}
