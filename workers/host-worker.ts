/**
 * Piscina entry for host workers: a thin harness. Each Piscina pool has exactly one
 * thread, so this module's single runtime is the one worker that owns its shard.
 * Its exports are the methods of HostWorkerApi (src/protocol/host-worker-api.ts): the check at
 * the end of this file fails to compile when one is missing or has the wrong type.
 */
import { flushCompileCache } from '../src/boot/compile-cache.js';
import { FlotillaError, toErrorData } from '../src/errors/index.js';
import { WorkerRuntime } from '../src/executor/worker-runtime.js';
import type { HostWorkerApi, ShutdownOptions } from '../src/protocol/host-worker-api.js';
import type {
  PlayData,
  PreconnectOutcome,
  UnitOutcome,
  UnitRequest,
  WorkerInit,
} from '../src/protocol/messages.js';
import { decodeUnsafe, encodeUnsafe } from '../src/python/unsafe.js';
import { setVaultSecrets } from '../src/vault/secrets.js';

let runtime: WorkerRuntime | undefined;

function current(): WorkerRuntime {
  if (!runtime)
    throw new FlotillaError(
      'FLT_WORKER_STATE',
      'worker used before init (it may have been restarted after a crash)',
    );
  return runtime;
}

// Messages carry unsafe marks encoded (src/python/unsafe.ts): decoded on the way in,
// encoded on the way out.
const incoming = <T>(message: T): T => decodeUnsafe(message) as T;

export function init(message: WorkerInit): { threadId: number } {
  setVaultSecrets(message.vaultSecrets);
  if (message.collectionsPath !== undefined) process.env.ANSIBLE_COLLECTIONS_PATH = message.collectionsPath;
  runtime = new WorkerRuntime(incoming(message));
  return { threadId: runtime.threadId };
}

export function startPlay(play: PlayData): void {
  current().startPlay(incoming(play));
}

export function preconnect(hosts: string[]): Promise<PreconnectOutcome[]> {
  return current().preconnect(hosts);
}

export function runUnit(unit: UnitRequest): Promise<UnitOutcome> {
  // Test hook for crash handling: ends this worker thread (not the process) mid-run.
  if (process.env.FLOTILLA_TEST_CRASH_HOST === unit.host) process.exit(70);
  return current()
    .runUnit(incoming(unit))
    .then((outcome) => encodeUnsafe(outcome) as UnitOutcome, rethrowTyped);
}

/**
 * A typed error (an AnsibleError of the run, such as an undefined vars_files name) crosses to
 * the main thread as its plain data: structured clone keeps an Error's message only, and an
 * error without its FLT_ code reads there as the thread dying.
 */
function rethrowTyped(err: unknown): never {
  if (err instanceof FlotillaError) throw toErrorData(err);
  throw err;
}

export function renderTaskName(unit: UnitRequest): string {
  return current().renderTaskName(incoming(unit));
}

export function templatedActionError(unit: UnitRequest): string | undefined {
  return current().templatedActionError(incoming(unit));
}

export async function shutdown(options?: ShutdownOptions): Promise<void> {
  await runtime?.shutdown(options ?? {});
  runtime = undefined;
  // This thread's compiled code, for the next run's workers (src/boot/compile-cache.ts).
  flushCompileCache();
}

// Piscina calls this module's exports by name: each HostWorkerApi method must be one of them.
({
  init,
  startPlay,
  preconnect,
  runUnit,
  renderTaskName,
  templatedActionError,
  shutdown,
}) satisfies HostWorkerApi;
