/**
 * How many SSH connections the run may hold open at once, from the process's open-file
 * limit (RLIMIT_NOFILE): every connection is one socket, and the rest of the process needs
 * descriptors too (each worker thread's event loop, files read and written, the pipes of
 * local commands, the sockets of delegate_to sessions). Node itself raises the soft limit
 * to the hard one at start-up (measured: `ulimit -Sn 64 -Hn 2048` gives 2048 in
 * /proc/self/limits), so the soft limit read here is already the most we can have.
 */
import { readFileSync } from 'node:fs';

export interface OpenFileLimit {
  soft: number;
  hard: number;
}

/** RLIMIT_NOFILE from /proc/self/limits; undefined where there is none (not Linux) or it is unlimited. */
export function readOpenFileLimit(limitsText?: string): OpenFileLimit | undefined {
  let text = limitsText;
  if (text === undefined) {
    try {
      text = readFileSync('/proc/self/limits', 'utf8');
    } catch {
      return undefined;
    }
  }
  const m = /^Max open files\s+(\S+)\s+(\S+)/m.exec(text);
  if (!m) return undefined;
  const num = (s: string) => (s === 'unlimited' ? Number.POSITIVE_INFINITY : Number(s));
  const soft = num(m[1]);
  const hard = num(m[2]);
  if (!Number.isFinite(soft) || soft <= 0) return undefined;
  return { soft, hard: Number.isFinite(hard) ? hard : soft };
}

/** Descriptors kept for everything but host connections. */
export function reservedDescriptors(limit: number, workers: number, forks: number): number {
  // The process itself (stdio, its event loop, the module files it loads) and each worker's
  // event loop (measured: ~20 + ~5 a worker); each fork may hold a local command's three
  // pipes or a delegate_to socket. Forks count for at most a quarter of the limit.
  return 64 + 8 * workers + Math.min(3 * forks, Math.floor(limit / 4));
}

/** Connections the run may hold open at once under `limit` open files (at least 8). */
export function connectionBudget(limit: number, workers: number, forks: number): number {
  return Math.max(8, limit - reservedDescriptors(limit, workers, forks));
}
