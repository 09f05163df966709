/**
 * The run's memory target, and how many open host connections fit in it. Every open
 * connection costs the controller memory for as long as it stays open (ssh2's socket,
 * ciphers and buffers, the persistent channel, the host's state in its worker), so with
 * more hosts than fit, idle connections are closed, least recently used first, and
 * reopened when needed (src/connection/pool.ts, src/sync/connection-budget.ts).
 *
 * The target comes from `--memory-target`, else FLOTILLA_MEMORY_TARGET, else a quarter of
 * the machine's memory, at most 1 GiB.
 */
import os from 'node:os';
import { FlotillaError } from '../errors/index.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/**
 * The process before any connection (Node, the worker threads, the plan, the run's output)
 * and each open connection's share, from bench/scale.ts's peak RSS at two fleet sizes (the
 * 5-task play: 202 MB on 300 hosts, 356 MB on 1,200, so 175 KB per connection with its
 * persistent channel), rounded up.
 */
export const BASE_BYTES = 160 * MiB;
export const PER_CONNECTION_BYTES = 0.2 * MiB;

const UNITS: Record<string, number> = { '': MiB, k: 1024, m: MiB, g: GiB, t: 1024 * GiB };

/** "1G", "768M", "1.5g", "900" (MiB), with an optional trailing "B" or "iB". */
export function parseMemorySize(text: string, source: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text);
  const bytes = m ? Number(m[1]) * (UNITS[m[2].toLowerCase()] as number) : Number.NaN;
  if (!Number.isFinite(bytes) || bytes < 64 * MiB) {
    throw new FlotillaError('FLT_CLI_OPTION', `${source} "${text}" is not a memory size of at least 64M`, {
      hint: 'give a size such as 1G, 768M or 2048 (MiB)',
    });
  }
  return Math.floor(bytes);
}

/** The target in bytes: the flag, else FLOTILLA_MEMORY_TARGET, else min(1 GiB, a quarter of RAM). */
export function memoryTarget(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  totalBytes: number = os.totalmem(),
): number {
  if (flag !== undefined) return parseMemorySize(flag, '--memory-target');
  const fromEnv = env.FLOTILLA_MEMORY_TARGET;
  if (fromEnv !== undefined && fromEnv !== '') return parseMemorySize(fromEnv, 'FLOTILLA_MEMORY_TARGET');
  return Math.min(GiB, Math.floor(totalBytes / 4));
}

/** Connections that fit in the target next to the fixed base (at least 8). */
export function connectionsForMemory(targetBytes: number): number {
  return Math.max(8, Math.floor((targetBytes - BASE_BYTES) / PER_CONNECTION_BYTES));
}

/** A size for messages: "1 GiB", "768 MiB". */
export function formatMemorySize(bytes: number): string {
  return bytes >= GiB && bytes % GiB === 0 ? `${bytes / GiB} GiB` : `${Math.round(bytes / MiB)} MiB`;
}
