/**
 * A play of three modules that both tools run from Ansible's own module code on the hosts
 * (getent, community.general.ini_file, debconf; flotilla with FLOTILLA_MODULES=bridge, as it
 * has native forms of some), with Ansible (pipelining on) and with flotilla's bridge, on the
 * same loopback fleet, interleaved runs, medians. Prints wall time, controller CPU per host-task, and the ratio; flotilla with its
 * warm Python runner (the default) and without it (FLOTILLA_PYTHON_RUNNER=0: a fresh python3
 * per module, as Ansible); and the cost of the host's Python start-up, which the runner pays
 * once per host (`raw: python3 -c pass` against `raw: true`, over the same connections).
 *
 *   npm run build && npx tsx bench/bridge-vs-ansible.ts [--hosts 200] [--runs 3] [--forks 50]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFleet, stopFleet } from '../tools/fleet/index.js';
import { type Measure, timed } from './support/timed-process.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const hosts = Number(arg('--hosts', '200'));
const runs = Number(arg('--runs', '3'));
const forks = arg('--forks', '50');
const cli = path.join(root, 'dist/flotilla.mjs');
if (!existsSync(cli)) throw new Error('run `npm run build` first');

const TASKS = 3;
const PLAY = `- hosts: fleet
  gather_facts: false
  tasks:
    - name: getent
      getent:
        database: passwd
        key: root
    - name: ini_file
      community.general.ini_file:
        path: /tmp/flotilla-bridge-bench-{{ inventory_hostname }}.ini
        section: bench
        option: host
        value: "{{ inventory_hostname }}"
    - name: debconf query
      debconf:
        name: tzdata
`;
const rawPlay = (command: string) => `- hosts: fleet
  gather_facts: false
  tasks:
${Array.from({ length: TASKS }, () => `    - raw: ${command}\n`).join('')}`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const fleet = await startFleet({ hosts });
const playFile = path.join(fleet.dir, 'bridge-bench.yml');
const pythonFile = path.join(fleet.dir, 'python-only.yml');
writeFileSync(playFile, PLAY);
const trueFile = path.join(fleet.dir, 'true-only.yml');
writeFileSync(pythonFile, rawPlay('/usr/bin/python3 -c pass'));
writeFileSync(trueFile, rawPlay('true'));
const bare: Measure[] = [];
const flotilla: Measure[] = [];
const fresh: Measure[] = [];
const ansible: Measure[] = [];
const python: Measure[] = [];
try {
  console.log(`machine: ${os.cpus().length} cores; ${hosts} hosts; forks ${forks}; ${runs} interleaved runs`);
  for (let i = 0; i < runs; i++) {
    // The bridge even where flotilla has a native form of the module (issue 18's fast paths).
    flotilla.push(
      timed(process.execPath, [cli, 'run', playFile, '-i', fleet.inventoryFile, '-f', forks], {
        FLOTILLA_MODULES: 'bridge',
      }),
    );
    fresh.push(
      timed(process.execPath, [cli, 'run', playFile, '-i', fleet.inventoryFile, '-f', forks], {
        FLOTILLA_MODULES: 'bridge',
        FLOTILLA_PYTHON_RUNNER: '0',
      }),
    );
    ansible.push(
      timed('ansible-playbook', ['-i', fleet.inventoryFile, playFile, '-f', forks], {
        ANSIBLE_PIPELINING: '1',
        ANSIBLE_NOCOLOR: '1',
      }),
    );
    python.push(timed(process.execPath, [cli, 'run', pythonFile, '-i', fleet.inventoryFile, '-f', forks]));
    bare.push(timed(process.execPath, [cli, 'run', trueFile, '-i', fleet.inventoryFile, '-f', forks]));
  }
  const hostTasks = hosts * TASKS;
  const line = (name: string, ms: Measure[]) =>
    `  ${name.padEnd(22)}: ${median(ms.map((m) => m.wallS)).toFixed(1)} s wall, controller CPU ${((median(ms.map((m) => m.cpuS)) / hostTasks) * 1000).toFixed(1)} ms per host-task${ms.every((m) => m.ok) ? '' : ' (SOME RUNS FAILED)'}`;
  console.log(line('flotilla (bridge)', flotilla));
  console.log(line('flotilla, no runner', fresh));
  console.log(line('ansible (pipelining)', ansible));
  console.log(line('raw python3 -c pass', python));
  console.log(line('raw true', bare));
  const startUp = (median(python.map((m) => m.wallS)) - median(bare.map((m) => m.wallS))) / TASKS;
  console.log(`  host Python start-up: ${startUp.toFixed(2)} s of wall time per task over ${hosts} hosts`);
  const load = os.loadavg().map((l) => l.toFixed(1));
  console.log(`  load average at the end: ${load.join(' ')} (the machine is shared)`);
  const ratio = median(ansible.map((m) => m.wallS)) / median(flotilla.map((m) => m.wallS));
  console.log(
    `\nflotilla is ${ratio.toFixed(1)}x faster than Ansible on ${hostTasks} bridged host-tasks (median of ${runs}).`,
  );
} finally {
  await stopFleet(fleet);
  spawnSync('sh', ['-c', 'rm -f /tmp/flotilla-bridge-bench-*.ini']);
}
