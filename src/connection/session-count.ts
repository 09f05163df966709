/**
 * SSH sessions (channels: exec, sftp, the persistent agent's) opened per host in this
 * thread, for `--profile`. A host's connections live in one worker, so its count is whole
 * there; task outcomes carry the running total to the main thread.
 */
const opened = new Map<string, number>();

export function countSession(host: string): void {
  opened.set(host, (opened.get(host) ?? 0) + 1);
}

/** Sessions opened for `host` so far in this thread (0 when none, e.g. a local connection). */
export function sessionsOpened(host: string): number {
  return opened.get(host) ?? 0;
}
