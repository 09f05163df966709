/**
 * The persistent channel (FLOTILLA_PERSISTENT_CHANNEL) on against off, flotilla only, on the
 * loopback fleet: the 5-task command play of bench/run-vs-ansible.ts and the realistic play
 * of issue 17 (bench/support/realistic-play.ts; a fresh target dir each run, so every run
 * writes). Runs are interleaved (on, off, off, on, ...) and each line is a median over the
 * rounds, with the load average before each round printed (the machine is shared):
 * - wall time;
 * - host CPU per host: the fleet sshd listener's cutime+cstime (every session and what it
 *   ran), read before and after the run once all its sessions have closed;
 * - sessions per host, counted in sshd's log (LogLevel VERBOSE, "Starting session").
 * With --procs, it also counts the processes the host starts (clone/fork) and the programs
 * it execs per command: `strace -f` on the sshd listener while a play of 20 commands runs on
 * one host, for each mode.
 *
 *   npm run build && npx tsx bench/persistent-channel.ts [--hosts 20] [--rounds 5] [--forks 50] [--procs]
 *     [--cli dist/flotilla.mjs]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Fleet, sessionProcesses, startFleet, stopFleet } from '../tools/fleet/index.js';
import { commandPlay } from './support/command-play.js';
import { cpuSeconds, readProcCpu } from './support/proc-stat.js';
import { REALISTIC_TEMPLATE, realisticPlay } from './support/realistic-play.js';
import { parseRecap, recapTotals } from './support/recap.js';
import { sessionsByAddress } from './support/sshd-log.js';
import { median } from './support/stats.js';
import { timed } from './support/timed-process.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const hosts = Number(arg('--hosts', '20'));
const rounds = Number(arg('--rounds', '5'));
const forks = arg('--forks', '50');
// --cli: a copy of dist/ to run, so a rebuild during a long bench does not change the runs.
const cli = path.resolve(root, arg('--cli', 'dist/flotilla.mjs'));
if (!existsSync(cli)) throw new Error('run `npm run build` first');

const COMMAND_PLAY = commandPlay('{{ base }}');
const TWENTY_COMMANDS = `- hosts: fleet
  gather_facts: false
  tasks:
    - command: "echo {{ item }}"
      loop: "{{ range(20) | list }}"
`;

type Mode = 'on' | 'off';
type Play = 'command' | 'realistic';
interface Run {
  wallS: number;
  hostMsPerHost: number;
  sessionsPerHost: number;
  failed: number;
}

const work = mkdtempSync(path.join(os.tmpdir(), 'flotilla-h17a-bench-'));
const fleet = await startFleet({ hosts, logLevel: 'VERBOSE' });
const plays: Record<Play, string> = {
  command: path.join(work, 'command.yml'),
  realistic: path.join(work, 'realistic.yml'),
};
writeFileSync(plays.command, COMMAND_PLAY);
writeFileSync(plays.realistic, realisticPlay('30'));
writeFileSync(path.join(work, 'app.conf.j2'), REALISTIC_TEMPLATE);
writeFileSync(path.join(work, 'twenty.yml'), TWENTY_COMMANDS);

async function sessionsClosed(f: Fleet): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (sessionProcesses(f).length > 0) {
    if (Date.now() > deadline) throw new Error('sshd sessions still open 30 s after the run');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const env = (mode: Mode) => ({ FLOTILLA_PERSISTENT_CHANNEL: mode === 'on' ? '1' : '0' });

let runCount = 0;
async function runOnce(play: Play, mode: Mode): Promise<Run> {
  await sessionsClosed(fleet);
  const cpu0 = cpuSeconds(readProcCpu(fleet.pid), true);
  const log0 = statSync(fleet.logFile).size;
  const base = path.join(work, `out-${runCount++}`);
  const m = timed(
    process.execPath,
    [cli, 'run', plays[play], '-i', fleet.inventoryFile, '-f', forks, '-e', `base=${base}`, '-T', '30'],
    env(mode),
  );
  await sessionsClosed(fleet);
  const hostS = cpuSeconds(readProcCpu(fleet.pid), true) - cpu0;
  const log = readFileSync(fleet.logFile).subarray(log0).toString('utf8');
  const sessions = [...sessionsByAddress(log).values()].reduce((a, h) => a + h.sessions, 0);
  rmSync(base, { recursive: true, force: true });
  return {
    wallS: m.wallS,
    hostMsPerHost: (hostS / hosts) * 1000,
    sessionsPerHost: sessions / hosts,
    failed: recapTotals(parseRecap(m.stdout)).failed,
  };
}

/** Processes started (clone/fork) and programs exec'd on the host per command, under strace -f. */
async function processesPerCommand(mode: Mode): Promise<{ forks: number; execs: number }> {
  await sessionsClosed(fleet);
  const out = path.join(work, `strace-${mode}`);
  const tracer = spawn(
    'strace',
    ['-f', '-qq', '-e', 'trace=clone,clone3,fork,vfork,execve', '-o', out, '-p', String(fleet.pid)],
    { stdio: 'ignore' },
  );
  await new Promise((r) => setTimeout(r, 1000)); // attached
  timed(
    process.execPath,
    [cli, 'run', path.join(work, 'twenty.yml'), '-i', fleet.inventoryFile, '-l', fleet.hosts[0]?.name ?? ''],
    env(mode),
  );
  await sessionsClosed(fleet);
  tracer.kill('SIGINT');
  await new Promise((r) => tracer.once('exit', r));
  const lines = readFileSync(out, 'utf8').split('\n');
  // A successful call only (a failed PATH lookup is not a program run; "resumed" lines are halves).
  const count = (re: RegExp) =>
    lines.filter((l) => re.test(l) && !/= -1 /.test(l) && !/unfinished/.test(l)).length;
  // The connection itself (sshd's fork and re-exec, auth) costs the same in both modes:
  // the per-command figure is (total - a one-command run's) / 19; reported here as total / 20.
  return { forks: count(/\b(clone3?|v?fork)\(/) / 20, execs: count(/\bexecve\(/) / 20 };
}

const results: Record<Play, Record<Mode, Run[]>> = {
  command: { on: [], off: [] },
  realistic: { on: [], off: [] },
};
try {
  console.log(
    `machine: ${os.cpus().length} cores; ${hosts} hosts; forks ${forks}; ${rounds} round(s); sshd on the same cores`,
  );
  for (let round = 0; round < rounds; round++) {
    const order: Mode[] = round % 2 === 0 ? ['on', 'off'] : ['off', 'on'];
    const load = os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
    const line: string[] = [];
    for (const play of ['command', 'realistic'] as Play[]) {
      for (const mode of order) {
        const r = await runOnce(play, mode);
        results[play][mode].push(r);
        line.push(
          `${play} ${mode} ${r.wallS.toFixed(1)} s ${r.hostMsPerHost.toFixed(0)} ms/host ${r.sessionsPerHost.toFixed(1)} sess${r.failed ? ` FAILED ${r.failed}` : ''}`,
        );
      }
    }
    console.log(`round ${round + 1} (load ${load}): ${line.join('; ')}`);
  }
  console.log(`\nmedians of ${rounds} interleaved rounds, ${hosts} hosts, forks ${forks}:`);
  console.log('| play | channel | wall | host CPU per host | sessions per host |');
  console.log('|---|---|---|---|---|');
  for (const play of ['command', 'realistic'] as Play[]) {
    for (const mode of ['off', 'on'] as Mode[]) {
      const rs = results[play][mode];
      console.log(
        `| ${play} | ${mode} | ${median(rs.map((r) => r.wallS)).toFixed(1)} s | ${median(rs.map((r) => r.hostMsPerHost)).toFixed(0)} ms | ${median(rs.map((r) => r.sessionsPerHost)).toFixed(1)} |`,
      );
    }
  }
  if (process.argv.includes('--procs')) {
    for (const mode of ['off', 'on'] as Mode[]) {
      const p = await processesPerCommand(mode);
      console.log(
        `channel ${mode}: per command (20 commands on one host, connection included) ${p.forks.toFixed(2)} processes started, ${p.execs.toFixed(2)} programs exec'd on the host`,
      );
    }
  }
  console.log(
    `load after: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
} finally {
  await stopFleet(fleet);
  rmSync(work, { recursive: true, force: true });
}
