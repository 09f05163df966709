/**
 * Lets a timed-out remote command, or every command of an interrupted run, be killed.
 * OpenSSH ignores channel "signal" requests in common setups (measured: 9.2 kept the
 * process), so every command first prints its shell's PID on stderr; sshd makes that shell a session leader, so killing
 * the process group `-PID` takes its children with it. The marker line is stripped
 * from the stderr the caller sees.
 */
const MARKER = 'flotilla-pid:';

export function withPidReport(command: string): string {
  return `printf '${MARKER}%s\\n' "$$" >&2; ${command}`;
}

/** The reported PID, once the marker line has fully arrived. */
export function reportedPid(stderr: Buffer): number | undefined {
  if (!stderr.subarray(0, MARKER.length).equals(Buffer.from(MARKER))) return undefined;
  const end = stderr.indexOf(10);
  if (end < 0) return undefined;
  const pid = Number(stderr.subarray(MARKER.length, end).toString('latin1'));
  return Number.isInteger(pid) && pid > 1 ? pid : undefined;
}

export function stripPidReport(stderr: Buffer): Buffer {
  if (reportedPid(stderr) === undefined) return stderr;
  return stderr.subarray(stderr.indexOf(10) + 1);
}

export function killProcessGroupCommand(pid: number): string {
  return `kill -KILL -- -${pid} 2>/dev/null || kill -KILL ${pid} 2>/dev/null; true`;
}
