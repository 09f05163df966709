/**
 * Lets a timed-out remote command, or every command of an interrupted run, be killed.
 * OpenSSH ignores channel "signal" requests in common setups (measured: 9.2 kept the
 * process), so every command first prints its shell's PID on stderr; sshd makes that
 * shell a session leader, so killing the process group `-PID` takes its children with it.
 * The marker line is stripped from the stderr the caller sees, wherever it landed: a login
 * shell's start-up files may have written to stderr before it.
 */
const MARKER = Buffer.from('flotilla-pid:');

export function withPidReport(command: string): string {
  return `printf '${MARKER.toString('latin1')}%s\\n' "$$" >&2; ${command}`;
}

/** Where the marker line starts and ends (after its newline), once it has fully arrived. */
function markerLine(stderr: Buffer): { start: number; end: number; pid: number } | undefined {
  let start = stderr.indexOf(MARKER);
  while (start > 0 && stderr[start - 1] !== 10) start = stderr.indexOf(MARKER, start + 1);
  if (start < 0) return undefined;
  const nl = stderr.indexOf(10, start);
  if (nl < 0) return undefined;
  const pid = Number(stderr.subarray(start + MARKER.length, nl).toString('latin1'));
  return Number.isInteger(pid) && pid > 1 ? { start, end: nl + 1, pid } : undefined;
}

/** The reported PID, once the marker line has fully arrived. */
export function reportedPid(stderr: Buffer): number | undefined {
  return markerLine(stderr)?.pid;
}

export function stripPidReport(stderr: Buffer): Buffer {
  const line = markerLine(stderr);
  if (!line) return stderr;
  if (line.start === 0) return stderr.subarray(line.end);
  return Buffer.concat([stderr.subarray(0, line.start), stderr.subarray(line.end)]);
}

/**
 * TERM first, so a shell's traps run (copy's receiving shell removes its temp file), then
 * KILL a second later for whatever ignored it. The KILL waits in the background, detached
 * from the channel, so the kill command itself returns at once.
 */
/** `pid` is a number, or a shell word that expands to one (`$p`). */
export function killProcessGroupCommand(pid: number | string): string {
  return (
    `{ kill -TERM -- -${pid} || kill -TERM ${pid}; } 2>/dev/null; ` +
    `( sleep 1; kill -KILL -- -${pid} || kill -KILL ${pid}; ) >/dev/null 2>&1 </dev/null & true`
  );
}
