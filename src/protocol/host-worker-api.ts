/**
 * The one contract between the main thread (src/pool/host-pool.ts) and a host worker
 * (workers/host-worker.ts). The worker module's exports must satisfy it, and the pool calls
 * them by method name through `HostWorkerCall`, so renaming or retyping a method on one side
 * fails to compile on the other instead of failing at run time.
 */
import type { PlayData, PreconnectOutcome, UnitOutcome, UnitRequest, WorkerInit } from './messages.js';

export interface ShutdownOptions {
  /** An interrupted run (Ctrl-C, SIGTERM): kill the remote commands still running first. */
  interrupt?: boolean;
}

export interface HostWorkerApi {
  init(message: WorkerInit): { threadId: number };
  startPlay(play: PlayData): void;
  preconnect(hosts: string[]): Promise<PreconnectOutcome[]>;
  runUnit(unit: UnitRequest): Promise<UnitOutcome>;
  renderTaskName(unit: UnitRequest): string;
  /** The error templating the unit's action name raises for its host (linear strategy's check). */
  templatedActionError(unit: UnitRequest): string | undefined;
  shutdown(options?: ShutdownOptions): Promise<void>;
}

export type HostWorkerMethod = keyof HostWorkerApi;

/** The argument a method takes (every method takes at most one: Piscina passes one payload). */
export type HostWorkerArg<M extends HostWorkerMethod> = Parameters<HostWorkerApi[M]>[0];

/** What the main thread receives from a method, once the thread boundary made it a promise. */
export type HostWorkerReply<M extends HostWorkerMethod> = Awaited<ReturnType<HostWorkerApi[M]>>;
