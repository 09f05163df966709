/**
 * Templating CPU benchmark: one play renders a large template (ROWS loop iterations, each
 * with several filters) for every host of a HOSTS-host loopback fleet, with flotilla on one
 * worker, flotilla on all workers, and ansible-playbook, in one run; prints wall times and
 * ratios (goals on 2 cores: all workers >= 1.7x one worker, >= 10x faster than Ansible).
 *
 * The task is `debug: msg="{{ lookup('template', 'big.j2') | length }}"`: the rendering is
 * the whole cost. Writing the rendered file with the template module would add one SFTP/
 * exec round trip per host, which on this machine (sshd on the same 2 cores) costs more
 * than the rendering and hides what this measures. Like Ansible, flotilla opens no SSH
 * session for a play whose tasks all run on the controller, so neither side pays for
 * handshakes here; the figures are the rendering plus each tool's fixed start-up cost.
 *
 * The same renders by the Templar alone on 1 and on all plain worker threads give, in the same
 * run, the ceiling this machine allows for the ratio (bench/support/render-threads.ts); a probe
 * of plain JavaScript (bench/support/scaling-probe.ts) shows how much of that ceiling is the
 * machine: arithmetic against short-lived string allocation, on the same threads.
 *
 * This machine's timings vary by ±15 % from run to run, mostly for a single busy thread, so the
 * flotilla runs and the Templar-alone runs are repeated REPEAT times, interleaved, and the
 * ratios are taken between medians. Ansible runs once (it takes half a minute).
 *
 * Run: npm run build && npx tsx bench/template-cpu.ts   (HOSTS=200 ROWS=3000 FORKS=20 REPEAT=3,
 * SKIP_ANSIBLE=1 to leave Ansible out)
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFleet, stopFleet } from '../tools/fleet/index.js';
import { renderOnThreads } from './support/render-threads.js';
import { probeScaling } from './support/scaling-probe.js';

const HOSTS = Number(process.env.HOSTS ?? 200);
const ROWS = Number(process.env.ROWS ?? 3000);
const FORKS = Number(process.env.FORKS ?? 20);
const REPEAT = Math.max(1, Number(process.env.REPEAT ?? 3));
const CLI = fileURLToPath(new URL('../dist/flotilla.mjs', import.meta.url));
const ANSIBLE = '/usr/bin/ansible-playbook';
const TEMPLAR = fileURLToPath(new URL('../dist/src/template/index.js', import.meta.url));

const TEMPLATE = `{% for i in range(rows | int) %}
{{ ('row-' ~ i) | upper | replace('ROW', inventory_hostname) }} {{ (i * 7) % 13 }} {{ [i, i + 1, i + 2] | map('string') | join(',') }} {{ 'even' if i is even else 'odd' }} {{ {'k': i, 'h': inventory_hostname} | to_json }} {{ ('a,b,' ~ i) | split(',') | last | int + 1 }}
{% endfor %}
`;

const TASK = "{{ lookup('template', 'big.j2') | length }}";

const PLAY = `- hosts: fleet
  gather_facts: false
  tasks:
    - name: render
      debug:
        msg: "${TASK}"
`;

interface Timed {
  ms: number;
  code: number | null;
  lengths: Set<string>;
  ok: number;
  load: string;
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const load = loadAverage();
    const started = performance.now();
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ANSIBLE_NOCOLOR: '1', ...env } });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', () => {});
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const lengths = new Set([...stdout.matchAll(/"msg": "?(\d+)"?/g)].map((m) => m[1]));
      const ok = [...stdout.matchAll(/: ok=1 /g)].length;
      resolve({ ms, code, lengths, ok, load });
    });
  });
}

function line(label: string, t: Timed): string {
  return `${label.padEnd(26)} ${(t.ms / 1000).toFixed(2).padStart(8)} s   exit ${t.code}   ok hosts ${t.ok}   rendered length ${[...t.lengths].join('/')}   load before ${t.load}`;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(2);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Other work on the machine skews the ratios: each line shows the 1-minute load average. */
function loadAverage(): string {
  return os.loadavg()[0].toFixed(1);
}

async function main(): Promise<void> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flotilla-bench-tpl-'));
  mkdirSync(path.join(dir, 'templates'));
  writeFileSync(path.join(dir, 'templates', 'big.j2'), TEMPLATE);
  writeFileSync(path.join(dir, 'play.yml'), PLAY);
  const fleet = await startFleet({ hosts: HOSTS });
  try {
    const common = ['play.yml', '-i', fleet.inventoryFile, '-e', `rows=${ROWS}`, '-f', String(FORKS)];
    console.log(
      `template-cpu: ${HOSTS} hosts, ${ROWS} rows per render, forks ${FORKS}, ${os.availableParallelism()} cores`,
    );
    const ones: Timed[] = [];
    const alls: Timed[] = [];
    const bare1s: number[] = [];
    const bareNs: number[] = [];
    // The same renders with the Templar alone on plain threads: this machine's ceiling.
    const ceiling = { module: TEMPLAR, dir, task: TASK, rows: String(ROWS), renders: HOSTS };
    const threads = os.availableParallelism();
    for (let round = 1; round <= REPEAT; round++) {
      const one = await run(process.execPath, [CLI, 'run', ...common, '--workers', '1'], dir);
      console.log(line(`flotilla --workers 1   #${round}`, one));
      const all = await run(process.execPath, [CLI, 'run', ...common], dir);
      console.log(line(`flotilla (all workers) #${round}`, all));
      const bare1 = await renderOnThreads({ ...ceiling, threads: 1 });
      const bareN = await renderOnThreads({ ...ceiling, threads });
      console.log(
        `Templar alone          #${round}: 1 thread ${seconds(bare1.ms)} s, ${threads} threads ${seconds(bareN.ms)} s`,
      );
      ones.push(one);
      alls.push(all);
      bare1s.push(bare1.ms);
      bareNs.push(bareN.ms);
    }
    const one = median(ones.map((t) => t.ms));
    const all = median(alls.map((t) => t.ms));
    const bare = median(bare1s) / median(bareNs);
    let ansible: Timed | undefined;
    if (process.env.SKIP_ANSIBLE === '1') console.log('SKIP_ANSIBLE=1: no Ansible baseline');
    else if (existsSync(ANSIBLE)) {
      ansible = await run(ANSIBLE, common, dir, { ANSIBLE_PIPELINING: '1' });
      console.log(line('ansible-playbook 2.14', ansible));
    } else console.log('ansible-playbook not installed: no Ansible baseline');
    console.log(
      `medians of ${REPEAT}: flotilla --workers 1 ${seconds(one)} s, all workers ${seconds(all)} s`,
    );
    console.log(`all workers vs one worker: ${(one / all).toFixed(2)}x (goal >= 1.7x on 2 cores)`);
    console.log(`Templar alone, all threads vs one: ${bare.toFixed(2)}x (the ceiling for that ratio)`);
    // What the machine gives plain JavaScript right now: allocation-heavy work scales less,
    // and by how much depends on the memory traffic of whatever else runs on the host.
    const probe = await probeScaling(threads);
    console.log(
      `plain JS, ${threads} threads vs 1 now:  arithmetic ${probe.arithmetic.toFixed(2)}x, short-lived strings ${probe.allocation.toFixed(2)}x`,
    );
    if (ansible) console.log(`flotilla vs Ansible:       ${(ansible.ms / all).toFixed(2)}x (goal >= 10x)`);
    const lengths = new Set([...ones, ...alls, ...(ansible ? [ansible] : [])].flatMap((t) => [...t.lengths]));
    if (lengths.size > HOSTS) console.log('note: rendered lengths differ between runs');
  } finally {
    await stopFleet(fleet);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
