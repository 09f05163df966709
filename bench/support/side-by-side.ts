/**
 * One play on the loopback fleet, run by Ansible 2.14 (pipelining on) and by one or more
 * flotilla configurations, same forks, in one run (bench/realistic.ts, bench/native-modules.ts).
 * Each round runs each tool twice on a fresh target dir of its own (the first run writes, the
 * second finds everything in place), tools interleaved, and prints per tool the medians of:
 * - wall time;
 * - controller CPU: user+sys of the process tree (GNU time: every process the tool waited
 *   for), plus, for Ansible, its ssh ControlMaster processes, which detach from it (their
 *   CPU is read from /proc before they are told to exit);
 * - host CPU: the CPU of every sshd session and what it ran (the fleet sshd listener's
 *   cutime+cstime, read before and after the run once all its sessions have closed);
 * - sessions and connections per host, counted in sshd's log at LogLevel VERBOSE
 *   ("Starting session" per channel that runs a command, shell or sftp; "Accepted" per login);
 * - peak RSS (GNU time %M: flotilla's whole process; Ansible's largest single process);
 * - for flotilla, round trips per host-task by module (its --profile section).
 * It checks that every tool's recaps match Ansible's, run by run (MATCH/MISMATCH), and that
 * each tool wrote the same files as Ansible (content and mode, on a few hosts).
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Fleet, sessionProcesses, startFleet, stopFleet } from '../../tools/fleet/index.js';
import { cpuSeconds, readProcCpu } from './proc-stat.js';
import { parseRecap, type RecapCounts, recapTotals } from './recap.js';
import { sessionsByAddress } from './sshd-log.js';
import { median } from './stats.js';
import { type Measure, timed } from './timed-process.js';

export interface Tool {
  name: string;
  kind: 'ansible' | 'flotilla';
  env?: NodeJS.ProcessEnv;
}

export interface SideBySideOptions {
  /** Names the work dir. */
  name: string;
  hosts: number;
  runs: number;
  forks: string;
  timeout: string;
  /** Hosts whose files are compared. */
  compareHosts: number;
  /** The built CLI to run. */
  cli: string;
  play: string;
  /** Files written next to the play (templates), by name. */
  files?: Record<string, string>;
  /** Ansible first: the others are compared with it. */
  tools: Tool[];
  /** Extra `-e` values (besides `base`). */
  extraVars?: string[];
  /** Before each run; pass 0 starts from nothing (state outside `base`, e.g. services, is reset here). */
  beforeRun?(pass: number): void;
  /** Run once the fleet is up; its result is awaited after the last run. */
  setup?(fleet: Fleet, work: string): Promise<() => Promise<void> | void>;
}

interface RunResult {
  measure: Measure;
  /** Controller CPU, seconds: the process tree, plus Ansible's detached ssh masters. */
  controllerS: number;
  mastersS: number;
  hostS: number;
  sessionsPerHost: number;
  maxSessionsPerHost: number;
  connectionsPerHost: number;
  recap: Map<string, RecapCounts>;
  /** flotilla's --profile round trips: action → [unchanged median, changed median]. */
  roundTrips: Map<string, [string, string]>;
}

/** Waits until the sshd listener has no session children left (every connection closed). */
async function sessionsClosed(f: Fleet): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (sessionProcesses(f).length > 0) {
    if (Date.now() > deadline) throw new Error('sshd sessions still open 30 s after the run');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Ansible's ssh ControlMaster processes of this bench: those whose command line names our control dir. */
function controlMasters(controlDir: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      if (cmd.startsWith('ssh') && cmd.includes(controlDir)) pids.push(Number(name));
    } catch {}
  }
  return pids;
}

/** Reads the masters' CPU, then asks each to exit (ControlPersist would keep them 60 s). */
function stopControlMasters(controlDir: string): number {
  let seconds = 0;
  for (const pid of controlMasters(controlDir)) {
    try {
      seconds += cpuSeconds(readProcCpu(pid), true);
    } catch {}
  }
  for (const sock of readdirSync(controlDir)) {
    spawnSync('ssh', ['-o', `ControlPath=${path.join(controlDir, sock)}`, '-O', 'exit', 'bench'], {
      stdio: 'ignore',
    });
  }
  return seconds;
}

/** The `PROFILE: round trips` section of flotilla's text output (src/output/profile.ts). */
export function parseRoundTrips(stdout: string): Map<string, [string, string]> {
  const out = new Map<string, [string, string]>();
  const at = stdout.lastIndexOf('PROFILE: round trips');
  if (at < 0) return out;
  for (const line of stdout.slice(at).split('\n').slice(1)) {
    const m = /^(\S+)\s+unchanged (-|\d+, max \d+ \(\d+\))\s+changed (-|\d+, max \d+ \(\d+\))/.exec(line);
    if (!m) break;
    const short = (s: string) => (s === '-' ? '-' : s.replace(/^(\d+), max (\d+).*/, '$1 (max $2)'));
    out.set(m[1]!, [short(m[2]!), short(m[3]!)]);
  }
  return out;
}

/** Files under `dir` by relative path: content and mode. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(dir)) return out;
  out.set('.', `mode ${(statSync(dir).mode & 0o7777).toString(8)}`);
  for (const name of readdirSync(dir).sort()) {
    const file = path.join(dir, name);
    out.set(name, `mode ${(statSync(file).mode & 0o7777).toString(8)}\n${readFileSync(file, 'utf8')}`);
  }
  return out;
}

export async function sideBySide(o: SideBySideOptions): Promise<void> {
  const work = mkdtempSync(path.join(os.tmpdir(), `flotilla-bench-${o.name}-`));
  const controlDir = path.join(work, 'cp');
  mkdirSync(controlDir);
  const fleet = await startFleet({ hosts: o.hosts, logLevel: 'VERBOSE' });
  const playFile = path.join(work, 'play.yml');
  writeFileSync(playFile, o.play);
  for (const [name, text] of Object.entries(o.files ?? {})) writeFileSync(path.join(work, name), text);
  let cleanup: (() => Promise<void> | void) | undefined;

  const runOnce = async (tool: Tool, base: string, pass: number): Promise<RunResult> => {
    await sessionsClosed(fleet);
    o.beforeRun?.(pass);
    const cpu0 = cpuSeconds(readProcCpu(fleet.pid), true);
    const log0 = statSync(fleet.logFile).size;
    const vars = ['-e', `base=${base}`, ...(o.extraVars ?? []).flatMap((v) => ['-e', v])];
    const common = ['-i', fleet.inventoryFile, playFile, '-f', o.forks, ...vars, '-T', o.timeout];
    const measure =
      tool.kind === 'flotilla'
        ? timed(process.execPath, [o.cli, 'run', ...common, '--profile'], tool.env)
        : timed('ansible-playbook', common, {
            ANSIBLE_PIPELINING: '1',
            ANSIBLE_NOCOLOR: '1',
            ANSIBLE_SSH_CONTROL_PATH_DIR: controlDir,
            ...tool.env,
          });
    if (!measure.ok) {
      // The recap says how many failed; the first failures say why.
      const why = measure.stdout.split('\n').filter((l) => /^(fatal|failed):|ERROR!/.test(l));
      console.log(`${tool.name} failed:\n  ${why.slice(0, 5).join('\n  ')}`);
    }
    const mastersS = tool.kind === 'ansible' ? stopControlMasters(controlDir) : 0;
    await sessionsClosed(fleet);
    const hostS = cpuSeconds(readProcCpu(fleet.pid), true) - cpu0;
    const log = readFileSync(fleet.logFile).subarray(log0).toString('utf8');
    const perHost = [...sessionsByAddress(log).values()];
    const sessions = perHost.map((h) => h.sessions);
    return {
      measure,
      controllerS: measure.cpuS + mastersS,
      mastersS,
      hostS,
      sessionsPerHost: sessions.reduce((a, b) => a + b, 0) / o.hosts,
      maxSessionsPerHost: Math.max(0, ...sessions),
      connectionsPerHost: perHost.reduce((a, h) => a + h.connections, 0) / o.hosts,
      recap: parseRecap(measure.stdout),
      roundTrips: parseRoundTrips(measure.stdout),
    };
  };

  const compareFiles = (aBase: string, fBase: string, label: string): string[] => {
    const problems: string[] = [];
    const names = fleet.hosts.map((h) => h.name);
    const picked = [...new Set([0, names.length - 1, ...Array.from({ length: o.compareHosts }, (_, i) => i)])]
      .filter((i) => i < names.length)
      .slice(0, Math.max(o.compareHosts, 1));
    for (const i of picked) {
      const name = names[i] as string;
      const a = snapshot(path.join(aBase, name));
      const f = snapshot(path.join(fBase, name));
      if (a.size === 0) problems.push(`${name}: Ansible wrote nothing`);
      for (const key of new Set([...a.keys(), ...f.keys()])) {
        if (a.get(key) !== f.get(key))
          problems.push(
            `${name}/${key}: ansible ${JSON.stringify(a.get(key))} vs ${label} ${JSON.stringify(f.get(key))}`,
          );
      }
    }
    return problems;
  };

  const results = new Map<string, RunResult[][]>(o.tools.map((t) => [t.name, [[], []]]));
  const problems: string[] = [];
  const [reference, ...others] = o.tools as [Tool, ...Tool[]];
  try {
    cleanup = await o.setup?.(fleet, work);
    console.log(
      `machine: ${os.cpus().length} cores, ${os.cpus()[0]?.model}; load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}; ${o.hosts} hosts; forks ${o.forks}; ${o.runs} round(s); sshd on the same cores`,
    );
    for (let round = 0; round < o.runs; round++) {
      // Rotate which tool goes first, so none always meets a warmer page cache.
      const order = o.tools.map((_, i) => o.tools[(i + round) % o.tools.length]!);
      const bases = new Map(o.tools.map((t) => [t.name, path.join(work, `${t.name}-${round}`)]));
      for (const tool of order) {
        for (const pass of [0, 1]) {
          const r = await runOnce(tool, bases.get(tool.name)!, pass);
          results.get(tool.name)![pass]!.push(r);
          const t = recapTotals(r.recap);
          console.log(
            `round ${round + 1} ${tool.name} run ${pass + 1}: ${r.measure.wallS.toFixed(1)} s, changed=${t.changed} ok=${t.ok} failed=${t.failed} unreachable=${t.unreachable}${r.measure.ok ? '' : ' (FAILED)'}`,
          );
        }
      }
      for (const pass of [0, 1]) {
        const a = recapTotals(results.get(reference.name)![pass]!.at(-1)!.recap);
        for (const tool of others) {
          const f = recapTotals(results.get(tool.name)![pass]!.at(-1)!.recap);
          const same = a.changed === f.changed && a.ok === f.ok && a.failed === f.failed;
          console.log(
            `round ${round + 1} run ${pass + 1} recap: ${reference.name} changed=${a.changed} ok=${a.ok}, ${tool.name} changed=${f.changed} ok=${f.ok}: ${same ? 'MATCH' : 'MISMATCH'}`,
          );
          if (!same) problems.push(`round ${round + 1} run ${pass + 1}: ${tool.name}'s recap differs`);
        }
      }
      for (const tool of others) {
        const diff = compareFiles(bases.get(reference.name)!, bases.get(tool.name)!, tool.name);
        console.log(
          `round ${round + 1} ${tool.name}'s files on ${Math.min(o.compareHosts, o.hosts)} hosts: ${diff.length === 0 ? 'IDENTICAL' : `DIFFER\n  ${diff.slice(0, 10).join('\n  ')}`}`,
        );
        problems.push(...diff);
      }
      for (const base of bases.values()) rmSync(base, { recursive: true, force: true });
    }
    report(o, results, reference, others);
    if (problems.length > 0) {
      console.log(`\n${problems.length} problem(s): see MISMATCH/DIFFER above`);
      process.exitCode = 1;
    }
  } finally {
    stopControlMasters(controlDir);
    await cleanup?.();
    await stopFleet(fleet);
    rmSync(work, { recursive: true, force: true });
  }
}

function report(o: SideBySideOptions, results: Map<string, RunResult[][]>, reference: Tool, others: Tool[]) {
  const m = (rs: RunResult[], f: (r: RunResult) => number) => median(rs.map(f));
  console.log(`\nmedians of ${o.runs} round(s), ${o.hosts} hosts:`);
  console.log(
    '| tool | run | wall | controller CPU | host CPU per host | sessions per host (max) | connections per host | peak RSS |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const tool of o.tools) {
    for (const pass of [0, 1]) {
      const rs = results.get(tool.name)![pass]!;
      const masters =
        tool.kind === 'ansible' ? ` (ssh masters ${m(rs, (r) => r.mastersS).toFixed(1)} s)` : '';
      console.log(
        `| ${tool.name} | ${pass + 1} | ${m(rs, (r) => r.measure.wallS).toFixed(1)} s | ${m(rs, (r) => r.controllerS).toFixed(1)} s${masters} | ${((m(rs, (r) => r.hostS) / o.hosts) * 1000).toFixed(0)} ms | ${m(rs, (r) => r.sessionsPerHost).toFixed(1)} (${m(rs, (r) => r.maxSessionsPerHost)}) | ${m(rs, (r) => r.connectionsPerHost).toFixed(1)} | ${m(rs, (r) => r.measure.rssMB).toFixed(0)} MB |`,
      );
    }
  }
  for (const tool of others) {
    for (const pass of [0, 1]) {
      const ratio = (f: (r: RunResult) => number, than: Tool = reference) =>
        m(results.get(than.name)![pass]!, f) / m(results.get(tool.name)![pass]!, f);
      const vsOthers = others
        .filter((t) => t !== tool)
        .map((t) => `, ${ratio((r) => r.measure.wallS, t).toFixed(1)}x ${t.name}'s wall time`)
        .join('');
      console.log(
        `run ${pass + 1}: ${tool.name} is ${ratio((r) => r.measure.wallS).toFixed(1)}x faster in wall time than ${reference.name}, uses ${ratio((r) => r.controllerS).toFixed(1)}x less controller CPU and ${ratio((r) => r.hostS).toFixed(1)}x less host CPU${vsOthers}`,
      );
    }
  }
  // Round trips per host-task, from the last round's --profile (they do not vary by round).
  for (const tool of others) {
    const [first, second] = [0, 1].map((pass) => results.get(tool.name)![pass]!.at(-1)!.roundTrips);
    const actions = [...new Set([...first!.keys(), ...second!.keys()])];
    if (actions.length === 0) continue;
    console.log(`\n${tool.name}: round trips per host-task, median (max)`);
    console.log('| module | changed (run 1) | unchanged (run 2) |');
    console.log('|---|---|---|');
    const run1 = (a: string) => {
      const [unchanged, changed] = first!.get(a) ?? ['-', '-'];
      return changed !== '-' ? changed : unchanged === '-' ? '-' : `${unchanged}, unchanged`;
    };
    for (const a of actions) console.log(`| ${a} | ${run1(a)} | ${second!.get(a)?.[0] ?? '-'} |`);
  }
}
