/**
 * Per host, in this thread, for `--profile`:
 * - SSH sessions (channels: exec, sftp, the persistent agent's) opened;
 * - round trips: commands run, files put or got, and modules sent to the bridge's runner;
 *   each waits for the host's answer once, whichever channel carries it.
 * A host's connections live in one worker, so its counts are whole there; task outcomes
 * carry them to the main thread.
 */
const opened = new Map<string, number>();
const roundTrips = new Map<string, number>();

export function countSession(host: string): void {
  opened.set(host, (opened.get(host) ?? 0) + 1);
}

/** Sessions opened for `host` so far in this thread (0 when none, e.g. a local connection). */
export function sessionsOpened(host: string): number {
  return opened.get(host) ?? 0;
}

export function countRoundTrip(host: string): void {
  roundTrips.set(host, (roundTrips.get(host) ?? 0) + 1);
}

/** Round trips made to `host` so far in this thread (0 for a local connection). */
export function roundTripsMade(host: string): number {
  return roundTrips.get(host) ?? 0;
}
