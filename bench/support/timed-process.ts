/**
 * Runs a command under GNU time: its wall time, CPU time (user + system, children included)
 * and peak RSS (`%M`: for a forking tool, its largest single process).
 */
import { spawnSync } from 'node:child_process';

export interface Measure {
  wallS: number;
  cpuS: number;
  rssMB: number;
  ok: boolean;
  /** What the command printed (the benches read recaps from it). */
  stdout: string;
  /** Its stderr, without GNU time's line. */
  stderr: string;
}

export function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Measure {
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S %M', cmd, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const m = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr);
  if (!m) throw new Error(`no timing from ${cmd}: ${r.stderr.slice(-500)}`);
  if (r.status !== 0) console.error(`${cmd} exited ${r.status}:\n${r.stdout.slice(-2000)}`);
  return {
    wallS: Number(m[1]),
    cpuS: Number(m[2]) + Number(m[3]),
    rssMB: Number(m[4]) / 1024,
    ok: r.status === 0,
    stdout: r.stdout,
    stderr: r.stderr.slice(0, m.index),
  };
}
