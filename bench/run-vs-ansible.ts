/**
 * The same 5-task play (command, shell, a file written with shell, a registered variable,
 * debug) with Ansible (ansible-core, pipelining on), with flotilla, and with a bare ssh2
 * script (the floor), on the loopback fleet, in one run. Prints wall time, CPU time and
 * peak RSS of each, and the ratios.
 *
 *   npm run build && npx tsx bench/run-vs-ansible.ts [--sizes 50,200,500] [--ansible-max 200] [--forks 50]
 *
 * Peak RSS is GNU time's %M: for Ansible that is its largest single process (it forks one
 * per host-task), for flotilla the whole process with all its worker threads.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFleet, stopFleet } from '../tools/fleet/index.js';
import { commandPlay } from './support/command-play.js';
import { subsetInventory } from './support/subset-inventory.js';
import { type Measure, timed } from './support/timed-process.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const sizes = arg('--sizes', '50,200,500').split(',').map(Number);
const ansibleMax = Number(arg('--ansible-max', '200'));
const forks = arg('--forks', '50');
const cli = path.join(root, 'dist/flotilla.mjs');
if (!existsSync(cli)) throw new Error('run `npm run build` first');

const PLAY = commandPlay('/tmp/flotilla-bench');

const fleet = await startFleet({ hosts: Math.max(...sizes) });
const fleetJson = path.join(fleet.dir, 'fleet.json');
const playFile = path.join(fleet.dir, 'bench.yml');
writeFileSync(playFile, PLAY);
const rows: string[] = [];
const fmt = (m: Measure) =>
  `${m.wallS.toFixed(1)} s, cpu ${m.cpuS.toFixed(1)} s, ${m.rssMB.toFixed(0)} MB${m.ok ? '' : ' (FAILED)'}`;
try {
  console.log(
    `machine: ${os.cpus().length} cores, ${os.cpus()[0]?.model}; forks ${forks}; sshd on the same cores`,
  );
  for (const n of sizes) {
    const inv = subsetInventory(fleet, n);
    const floor = timed(process.execPath, [
      path.join(root, 'bench/ssh2-floor.mjs'),
      fleetJson,
      String(n),
      forks,
    ]);
    const flotilla = timed(process.execPath, [cli, 'run', playFile, '-i', inv, '-f', forks]);
    let ansible: Measure | undefined;
    if (n <= ansibleMax) {
      ansible = timed('ansible-playbook', ['-i', inv, playFile, '-f', forks], {
        ANSIBLE_PIPELINING: '1',
        ANSIBLE_NOCOLOR: '1',
      });
    }
    console.log(`\n${n} hosts`);
    console.log(`  ssh2 floor : ${fmt(floor)}`);
    console.log(`  flotilla   : ${fmt(flotilla)}  (${(flotilla.wallS / floor.wallS).toFixed(2)}x the floor)`);
    if (ansible)
      console.log(
        `  ansible    : ${fmt(ansible)}  (flotilla is ${(ansible.wallS / flotilla.wallS).toFixed(1)}x faster)`,
      );
    rows.push(
      `| ${n} | ${flotilla.wallS.toFixed(1)} s | ${floor.wallS.toFixed(1)} s | ${(flotilla.wallS / floor.wallS).toFixed(2)}x | ${ansible ? `${ansible.wallS.toFixed(1)} s` : 'not run'} | ${ansible ? `${(ansible.wallS / flotilla.wallS).toFixed(1)}x` : '-'} | ${flotilla.rssMB.toFixed(0)} MB |`,
    );
  }
  console.log(
    '\n| hosts | flotilla | ssh2 floor | flotilla/floor | ansible (pipelining) | ansible/flotilla | flotilla peak RSS |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
} finally {
  await stopFleet(fleet);
  execFileSync('sh', ['-c', 'rm -f /tmp/flotilla-bench-*.txt']);
}
