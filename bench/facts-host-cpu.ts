/**
 * Host CPU of the facts script (src/modules/util/facts-script.ts), measured as issue 17 did:
 * the CPU that the fleet's sshd reaps from its children. Each sample opens SESSIONS ssh
 * sessions that run one script, and reads the sshd's cutime + cstime before and after; the
 * same samples of `true` give the fixed cost of a session (key exchange, login shell), which
 * is taken off. Variants run interleaved; the figures are medians (this machine is shared and
 * noisy: each sample also prints the load average).
 *
 * Then, on this machine (every fleet host is this machine), per section of the script: processes started (execve, fork/clone counted by
 * `strace -f -c`) and CPU over LOOPS runs (the shell's `times`), so the costly parts show.
 *
 * Variants: the working tree's script (`current`), and BASE_REF (a git revision) built from
 * that revision's src/ in a temp dir, so before/after come from one run.
 *
 * Last, `gather_facts` as a play runs it: GATHER_HOSTS hosts, forks 50, `flotilla run --profile`
 * of this tree's dist/ and of BASE_CLI (another build's dist/flotilla.mjs), interleaved REPEAT
 * times: wall time, the profile's summed Gathering Facts time and sshd children CPU per host.
 *
 * Run: npm run build && npx tsx bench/facts-host-cpu.ts   (SAMPLES=7 SESSIONS=10 LOOPS=10
 * BASE_REF=<rev>, BREAKDOWN=0 to skip the per-section table, GATHER_HOSTS=50 (0 to skip)
 * REPEAT=3 BASE_CLI=<path to an older build's dist/flotilla.mjs>)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { factsScript } from '../src/modules/util/facts-script.js';
import { type Fleet, startFleet, stopFleet } from '../tools/fleet/index.js';

const SAMPLES = Number(process.env.SAMPLES ?? 7);
const SESSIONS = Number(process.env.SESSIONS ?? 10);
const LOOPS = Number(process.env.LOOPS ?? 10);
const BASE_REF = process.env.BASE_REF;
const GATHER_HOSTS = Number(process.env.GATHER_HOSTS ?? 50);
const REPEAT = Math.max(1, Number(process.env.REPEAT ?? 3));
const BASE_CLI = process.env.BASE_CLI;
const CLI = fileURLToPath(new URL('../dist/flotilla.mjs', import.meta.url));
const PYTHON = '/usr/bin/python3'; // the fleet inventory's ansible_python_interpreter
const REPO = fileURLToPath(new URL('..', import.meta.url));
const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** The facts script of another git revision: its src/ in a temp dir, dumped by tsx. */
function scriptAt(ref: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flotilla-facts-bench-'));
  try {
    execFileSync('sh', ['-c', `git -C "$1" archive "$2" src | tar -x -C "$3"`, 'sh', REPO, ref, dir]);
    symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'));
    const dump = path.join(dir, 'dump.ts');
    writeFileSync(
      dump,
      `import { factsScript } from './src/modules/util/facts-script.js';\n` +
        `process.stdout.write(factsScript('/etc/ansible/facts.d', 10, ${JSON.stringify(PYTHON)}));\n`,
    );
    return execFileSync(path.join(REPO, 'node_modules/.bin/tsx'), [dump], { encoding: 'utf8', cwd: dir });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** cutime + cstime of a process, in ms: the CPU of the children it has reaped. */
function reapedCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) * TICK_MS; // fields 16 and 17 of stat(5)
}

function sshArgs(fleet: Fleet, address: string): string[] {
  return [
    '-p',
    String(fleet.port),
    '-i',
    fleet.privateKeyFile,
    '-o',
    `UserKnownHostsFile=${fleet.knownHostsFile}`,
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    'BatchMode=yes',
    '-o',
    'ControlMaster=no',
    '-o',
    'ControlPath=none',
    `${fleet.user}@${address}`,
  ];
}

/** sshd's reaped CPU per session (ms) for SESSIONS sessions running `script`, one host each. */
function sample(fleet: Fleet, script: string): number {
  const before = reapedCpuMs(fleet.pid);
  for (let i = 0; i < SESSIONS; i++) {
    const host = fleet.hosts[i % fleet.hosts.length];
    const r = spawnSync('ssh', [...sshArgs(fleet, host.address), script], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (r.status !== 0 && script !== 'true' && !r.stdout.includes('@@uname'))
      throw new Error(`facts script failed on ${host.address}: ${r.stderr.slice(-500)}`);
  }
  // the per-connection sshd is reaped just after the client sees the channel close
  const deadline = Date.now() + 2000;
  let after = reapedCpuMs(fleet.pid);
  while (Date.now() < deadline) {
    spawnSync('sleep', ['0.05']);
    const now = reapedCpuMs(fleet.pid);
    if (now === after) break;
    after = now;
  }
  return (after - before) / SESSIONS;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const load = () => os.loadavg()[0].toFixed(2);

/** Processes one run of `script` starts: execve calls, and forks (clone/fork/vfork). */
function processCount(script: string, shell: string): { execs: number; forks: number } {
  const r = spawnSync(
    'strace',
    ['-f', '-c', '-e', 'trace=execve,clone,clone3,fork,vfork', shell, '-c', script],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  // strace -c's table: % time, seconds, usecs/call, calls, [errors,] syscall; an execve that
  // failed is a PATH search (execvp in timeout, env…), not a process
  const calls = (name: string) =>
    r.stderr
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .filter((f) => f[f.length - 1] === name && f.length >= 5)
      .reduce((n, f) => n + Number(f[3]) - (f.length === 6 ? Number(f[4]) : 0), 0);
  return {
    execs: calls('execve') - 1, // strace's own exec of the shell
    forks: calls('clone') + calls('clone3') + calls('fork') + calls('vfork'),
  };
}

/** CPU (ms) of one run of `script`, averaged over LOOPS runs inside one shell (`times`). */
function localCpuMs(script: string, shell: string): number {
  const wrapper = `i=0; while [ $i -lt ${LOOPS} ]; do ( eval "$1" ) >/dev/null 2>&1; i=$((i+1)); done; times`;
  const r = spawnSync(shell, ['-c', wrapper, 'sh', script], { encoding: 'utf8' });
  const lines = r.stdout.trim().split('\n');
  const ms = (s: string) =>
    [...s.matchAll(/(\d+)m([\d.]+)s/g)].reduce((t, m) => t + (Number(m[1]) * 60 + Number(m[2])) * 1000, 0);
  return ms(lines[lines.length - 1]) / LOOPS;
}

function breakdown(name: string, script: string, shell: string): void {
  // sections start with `echo @@name` (a section may span lines: here-documents); what comes
  // before the first is the prelude every section is run with
  const chunks = script.split(/\n(?=echo @@)/);
  const [prelude, ...rest] = chunks;
  const total = processCount(script, shell);
  console.log(`\n${name}: ${total.execs} execs, ${total.forks} forks per run (strace -f, ${shell})`);
  const rows = rest.map((line) => {
    const names = /^echo @@(\w+)/.exec(line)?.[1] ?? line.slice(0, 30);
    const body = `${prelude}\n${line}`;
    const { execs, forks } = processCount(body, shell);
    return { names, execs, forks, ms: localCpuMs(body, shell) };
  });
  const base = localCpuMs(prelude, shell);
  rows.sort((a, b) => b.ms - a.ms);
  console.log('  section                       execs forks   CPU ms (minus an empty shell)');
  for (const r of rows)
    console.log(
      `  ${r.names.padEnd(30)}${String(r.execs).padStart(5)}${String(r.forks).padStart(6)}${(r.ms - base).toFixed(1).padStart(9)}`,
    );
}

const GATHER_PLAY = `- hosts: fleet
  gather_facts: true
  tasks:
    - debug: { msg: "{{ ansible_distribution }} {{ ansible_processor_nproc }}" }
`;

/** One `flotilla run --profile` of the gather play: wall s, summed Gathering Facts s, host CPU ms/host. */
function gatherRun(fleet: Fleet, cli: string, playbook: string) {
  const before = reapedCpuMs(fleet.pid);
  const started = performance.now();
  const r = spawnSync('node', [cli, 'run', '-i', fleet.inventoryFile, '-f', '50', '--profile', playbook], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wall = (performance.now() - started) / 1000;
  spawnSync('sleep', ['0.3']);
  const hostCpu = (reapedCpuMs(fleet.pid) - before) / GATHER_HOSTS;
  const ok = [...r.stdout.matchAll(/ ok=2 /g)].length;
  // a host whose facts outlive setup's timeout (30 s) fails: counted and printed, not fatal
  const facts = /Gathering Facts\][ -]+([\d.]+)s/.exec(r.stdout)?.[1];
  return { wall, facts: Number(facts), hostCpu, ok };
}

async function gatherBench(fleet: Fleet): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flotilla-facts-bench-'));
  const playbook = path.join(dir, 'gather.yml');
  writeFileSync(playbook, GATHER_PLAY);
  // the fleet's inventory lists SESSIONS or more hosts: the play runs on the first GATHER_HOSTS
  const inventory = path.join(dir, 'hosts.ini');
  const lines = readFileSync(fleet.inventoryFile, 'utf8').split('\n');
  const vars = lines.indexOf('[fleet:vars]');
  writeFileSync(inventory, [...lines.slice(0, 1 + GATHER_HOSTS), '', ...lines.slice(vars)].join('\n'));
  const clis: [string, string][] = [['current', CLI]];
  if (BASE_CLI) clis.unshift(['base', BASE_CLI]);
  const runs = new Map(clis.map(([n]) => [n, [] as ReturnType<typeof gatherRun>[]]));
  try {
    for (let i = 0; i < REPEAT; i++)
      for (const [name, cli] of clis) {
        const r = gatherRun({ ...fleet, inventoryFile: inventory }, cli, playbook);
        runs.get(name)?.push(r);
        console.log(
          `gather ${name} run ${i + 1} (load ${load()}): wall ${r.wall.toFixed(2)} s, Gathering Facts ${r.facts.toFixed(2)} s summed, host CPU ${r.hostCpu.toFixed(1)} ms/host, ${r.ok}/${GATHER_HOSTS} hosts ok`,
        );
      }
    console.log(`\ngather_facts on ${GATHER_HOSTS} hosts, forks 50, medians of ${REPEAT}:`);
    for (const [name, list] of runs)
      console.log(
        `  ${name}: wall ${median(list.map((r) => r.wall)).toFixed(2)} s, Gathering Facts ${median(list.map((r) => r.facts)).toFixed(2)} s summed over hosts, host CPU ${median(list.map((r) => r.hostCpu)).toFixed(1)} ms/host (sshd children, session included)`,
      );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (GATHER_HOSTS > 0 && !existsSync(CLI)) throw new Error('npm run build first (dist/flotilla.mjs)');
  const variants: [string, string][] = [['current', factsScript('/etc/ansible/facts.d', 10, PYTHON)]];
  if (BASE_REF) variants.unshift([`base ${BASE_REF}`, scriptAt(BASE_REF)]);
  const fleet = await startFleet({ hosts: Math.max(SESSIONS, GATHER_HOSTS, 1) });
  try {
    const shell = os.userInfo().shell || '/bin/sh';
    const results = new Map<string, number[]>([
      ['session (true)', []],
      ...variants.map(([n]) => [n, []] as [string, number[]]),
    ]);
    for (let s = 0; s < SAMPLES; s++) {
      const row = [`sample ${s + 1} (load ${load()}):`];
      for (const [name, script] of [['session (true)', 'true'], ...variants]) {
        const ms = sample(fleet, script);
        results.get(name)?.push(ms);
        row.push(`${name} ${ms.toFixed(1)}`);
      }
      console.log(row.join('  '));
    }
    const session = median(results.get('session (true)') ?? []);
    console.log(
      `\nhost CPU per session, sshd children, median of ${SAMPLES} samples x ${SESSIONS} sessions:`,
    );
    console.log(`  session running \`true\`: ${session.toFixed(1)} ms`);
    for (const [name] of variants) {
      const m = median(results.get(name) ?? []);
      console.log(
        `  ${name}: ${m.toFixed(1)} ms per host, ${(m - session).toFixed(1)} ms above a bare session`,
      );
    }
    if (process.env.BREAKDOWN !== '0') for (const [name, script] of variants) breakdown(name, script, shell);
    if (GATHER_HOSTS > 0) await gatherBench(fleet);
  } finally {
    await stopFleet(fleet);
  }
}

await main();
