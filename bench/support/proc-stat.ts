/**
 * CPU time of a process from /proc/<pid>/stat: its own user+sys and its reaped children's
 * (cutime+cstime: every descendant it, or a descendant in between, waited for). The fleet's
 * sshd listener reaps each connection's session process, which reaps the shells it started,
 * so the listener's children time, read before and after a run once all sessions have
 * closed, is the host CPU the run cost.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface ProcCpu {
  /** Clock ticks (see `clockTicksPerSecond`). */
  utime: number;
  stime: number;
  cutime: number;
  cstime: number;
}

/**
 * Parses the text of /proc/<pid>/stat. The command name (field 2) is in parentheses and may
 * itself hold spaces and parentheses, so fields are counted from the last ")".
 */
export function parseProcStat(text: string): ProcCpu {
  const close = text.lastIndexOf(')');
  if (close < 0) throw new Error(`not a /proc/<pid>/stat line: ${text.slice(0, 80)}`);
  // After ")": field 3 (state) is index 0, so field n is index n - 3.
  const fields = text
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  const field = (n: number) => {
    const v = Number(fields[n - 3]);
    if (!Number.isInteger(v)) throw new Error(`/proc stat field ${n} is not a number: ${fields[n - 3]}`);
    return v;
  };
  return { utime: field(14), stime: field(15), cutime: field(16), cstime: field(17) };
}

export function readProcCpu(pid: number): ProcCpu {
  return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

let ticks: number | undefined;
/** USER_HZ, the unit of /proc/<pid>/stat times (100 on Linux, asked once). */
export function clockTicksPerSecond(): number {
  ticks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return ticks;
}

/** Seconds of CPU a process and its reaped descendants used. */
export function cpuSeconds(cpu: ProcCpu, withChildren: boolean): number {
  const t = cpu.utime + cpu.stime + (withChildren ? cpu.cutime + cpu.cstime : 0);
  return t / clockTicksPerSecond();
}
