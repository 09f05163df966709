/**
 * The realistic play of issue 17 (gather facts, then file, copy, template, lineinfile,
 * command, debug) on the loopback fleet, with Ansible 2.14 (pipelining on) and with flotilla,
 * same forks, in one run. Each round runs each tool twice on a fresh target dir of its own
 * (the first run writes, the second finds everything in place), tools interleaved, and prints
 * per tool the medians of:
 * - wall time;
 * - controller CPU: user+sys of the process tree (GNU time: every process the tool waited
 *   for), plus, for Ansible, its ssh ControlMaster processes, which detach from it (their
 *   CPU is read from /proc before they are told to exit);
 * - host CPU: the CPU of every sshd session and what it ran (the fleet sshd listener's
 *   cutime+cstime, read before and after the run once all its sessions have closed);
 * - sessions and connections per host, counted in sshd's log at LogLevel VERBOSE
 *   ("Starting session" per channel that runs a command, shell or sftp; "Accepted" per login);
 * - peak RSS (GNU time %M: flotilla's whole process; Ansible's largest single process).
 * It checks that the second runs report the same changed counts (MATCH/MISMATCH) and that
 * both tools wrote identical files (content and mode, on a few hosts).
 *
 *   npm run build && npx tsx bench/realistic.ts [--hosts 200] [--runs 1] [--forks 50] [--compare 5] [--timeout 10]
 *     [--cli dist/flotilla.mjs]
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
import { fileURLToPath } from 'node:url';
import { type Fleet, sessionProcesses, startFleet, stopFleet } from '../tools/fleet/index.js';
import { cpuSeconds, readProcCpu } from './support/proc-stat.js';
import { REALISTIC_TEMPLATE, realisticPlay } from './support/realistic-play.js';
import { parseRecap, type RecapCounts, recapTotals } from './support/recap.js';
import { sessionsByAddress } from './support/sshd-log.js';
import { median } from './support/stats.js';
import { type Measure, timed } from './support/timed-process.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const hosts = Number(arg('--hosts', '200'));
const runs = Number(arg('--runs', '1'));
const forks = arg('--forks', '50');
const compareHosts = Number(arg('--compare', '5'));
// Both tools' defaults (10 s) fail hosts when the machine is shared and loaded: a connection
// handshake, or flotilla's setup script (given 3x gather_timeout), takes longer than that.
const timeout = arg('--timeout', '10');
// --cli: a copy of dist/ to run, so a rebuild during a long bench does not change the runs.
const cli = path.resolve(root, arg('--cli', 'dist/flotilla.mjs'));
if (!existsSync(cli)) throw new Error('run `npm run build` first');

const PLAY = realisticPlay(timeout);
const TEMPLATE = REALISTIC_TEMPLATE;

type Tool = 'ansible' | 'flotilla';
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
}

const work = mkdtempSync(path.join(os.tmpdir(), 'flotilla-h17bench-realistic-'));
const controlDir = path.join(work, 'cp');
mkdirSync(controlDir);
const fleet = await startFleet({ hosts, logLevel: 'VERBOSE' });
const playFile = path.join(work, 'realistic.yml');
writeFileSync(playFile, PLAY);
writeFileSync(path.join(work, 'app.conf.j2'), TEMPLATE);

/** Waits until the sshd listener has no session children left (every connection closed). */
async function sessionsClosed(f: Fleet): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (sessionProcesses(f).length > 0) {
    if (Date.now() > deadline) throw new Error('sshd sessions still open 30 s after the run');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Ansible's ssh ControlMaster processes of this bench: those whose command line names our control dir. */
function controlMasters(): number[] {
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
function stopControlMasters(): number {
  let seconds = 0;
  for (const pid of controlMasters()) {
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

async function runOnce(tool: Tool, base: string): Promise<RunResult> {
  await sessionsClosed(fleet);
  const cpu0 = cpuSeconds(readProcCpu(fleet.pid), true);
  const log0 = statSync(fleet.logFile).size;
  const measure =
    tool === 'flotilla'
      ? timed(process.execPath, [
          cli,
          'run',
          playFile,
          '-i',
          fleet.inventoryFile,
          '-f',
          forks,
          '-e',
          `base=${base}`,
          '-T',
          timeout,
        ])
      : timed(
          'ansible-playbook',
          ['-i', fleet.inventoryFile, playFile, '-f', forks, '-e', `base=${base}`, '-T', timeout],
          {
            ANSIBLE_PIPELINING: '1',
            ANSIBLE_NOCOLOR: '1',
            ANSIBLE_SSH_CONTROL_PATH_DIR: controlDir,
          },
        );
  if (!measure.ok) {
    // The recap says how many failed; the first failures say why.
    const why = measure.stdout.split('\n').filter((l) => /^(fatal|failed):|ERROR!/.test(l));
    console.log(`${tool} failed:\n  ${why.slice(0, 5).join('\n  ')}`);
  }
  const mastersS = tool === 'ansible' ? stopControlMasters() : 0;
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
    sessionsPerHost: sessions.reduce((a, b) => a + b, 0) / hosts,
    maxSessionsPerHost: Math.max(0, ...sessions),
    connectionsPerHost: perHost.reduce((a, h) => a + h.connections, 0) / hosts,
    recap: parseRecap(measure.stdout),
  };
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

function compareFiles(aBase: string, fBase: string): string[] {
  const problems: string[] = [];
  const names = fleet.hosts.map((h) => h.name);
  const picked = [...new Set([0, names.length - 1, ...Array.from({ length: compareHosts }, (_, i) => i)])]
    .filter((i) => i < names.length)
    .slice(0, Math.max(compareHosts, 1));
  for (const i of picked) {
    const name = names[i] as string;
    const a = snapshot(path.join(aBase, name));
    const f = snapshot(path.join(fBase, name));
    if (a.size === 0) problems.push(`${name}: Ansible wrote nothing`);
    for (const key of new Set([...a.keys(), ...f.keys()])) {
      if (a.get(key) !== f.get(key))
        problems.push(
          `${name}/${key}: ansible ${JSON.stringify(a.get(key))} vs flotilla ${JSON.stringify(f.get(key))}`,
        );
    }
  }
  return problems;
}

const results: Record<Tool, RunResult[][]> = { ansible: [[], []], flotilla: [[], []] };
const problems: string[] = [];
try {
  console.log(
    `machine: ${os.cpus().length} cores, ${os.cpus()[0]?.model}; load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}; ${hosts} hosts; forks ${forks}; ${runs} round(s); sshd on the same cores`,
  );
  for (let round = 0; round < runs; round++) {
    // Alternate which tool goes first, so neither always meets a warmer page cache.
    const order: Tool[] = round % 2 === 0 ? ['ansible', 'flotilla'] : ['flotilla', 'ansible'];
    const bases: Record<Tool, string> = {
      ansible: path.join(work, `ansible-${round}`),
      flotilla: path.join(work, `flotilla-${round}`),
    };
    for (const tool of order) {
      for (const pass of [0, 1]) {
        const r = await runOnce(tool, bases[tool]);
        results[tool][pass]?.push(r);
        const t = recapTotals(r.recap);
        console.log(
          `round ${round + 1} ${tool} run ${pass + 1}: ${r.measure.wallS.toFixed(1)} s, changed=${t.changed} ok=${t.ok} failed=${t.failed} unreachable=${t.unreachable}${r.measure.ok ? '' : ' (FAILED)'}`,
        );
      }
    }
    for (const pass of [0, 1]) {
      const a = recapTotals(results.ansible[pass]?.at(-1)?.recap ?? new Map());
      const f = recapTotals(results.flotilla[pass]?.at(-1)?.recap ?? new Map());
      const same = a.changed === f.changed && a.ok === f.ok && a.failed === f.failed;
      console.log(
        `round ${round + 1} run ${pass + 1} recap: ansible changed=${a.changed} ok=${a.ok}, flotilla changed=${f.changed} ok=${f.ok}: ${same ? 'MATCH' : 'MISMATCH'}`,
      );
      if (!same) problems.push(`round ${round + 1} run ${pass + 1}: recaps differ`);
    }
    const diff = compareFiles(bases.ansible, bases.flotilla);
    console.log(
      `round ${round + 1} files on ${Math.min(compareHosts, hosts)} hosts: ${diff.length === 0 ? 'IDENTICAL' : `DIFFER\n  ${diff.slice(0, 10).join('\n  ')}`}`,
    );
    problems.push(...diff);
    for (const tool of order) rmSync(bases[tool], { recursive: true, force: true });
  }

  const m = (rs: RunResult[], f: (r: RunResult) => number) => median(rs.map(f));
  console.log(`\nmedians of ${runs} round(s), ${hosts} hosts:`);
  console.log(
    '| tool | run | wall | controller CPU | host CPU per host | sessions per host (max) | connections per host | peak RSS |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const tool of ['ansible', 'flotilla'] as Tool[]) {
    for (const pass of [0, 1]) {
      const rs = results[tool][pass] ?? [];
      const masters = tool === 'ansible' ? ` (ssh masters ${m(rs, (r) => r.mastersS).toFixed(1)} s)` : '';
      console.log(
        `| ${tool} | ${pass + 1} | ${m(rs, (r) => r.measure.wallS).toFixed(1)} s | ${m(rs, (r) => r.controllerS).toFixed(1)} s${masters} | ${((m(rs, (r) => r.hostS) / hosts) * 1000).toFixed(0)} ms | ${m(rs, (r) => r.sessionsPerHost).toFixed(1)} (${m(rs, (r) => r.maxSessionsPerHost)}) | ${m(rs, (r) => r.connectionsPerHost).toFixed(1)} | ${m(rs, (r) => r.measure.rssMB).toFixed(0)} MB |`,
      );
    }
  }
  for (const pass of [0, 1]) {
    const ratio = (f: (r: RunResult) => number) =>
      m(results.ansible[pass] ?? [], f) / m(results.flotilla[pass] ?? [], f);
    console.log(
      `run ${pass + 1}: flotilla is ${ratio((r) => r.measure.wallS).toFixed(1)}x faster in wall time, uses ${ratio((r) => r.controllerS).toFixed(1)}x less controller CPU and ${ratio((r) => r.hostS).toFixed(1)}x less host CPU than Ansible`,
    );
  }
  if (problems.length > 0) {
    console.log(`\n${problems.length} problem(s): see MISMATCH/DIFFER above`);
    process.exitCode = 1;
  }
} finally {
  stopControlMasters();
  await stopFleet(fleet);
  rmSync(work, { recursive: true, force: true });
}
