/**
 * Scale: the 5-task command play (bench/support/command-play.ts) on a small and a large
 * fleet (default 2,000 and 10,000 hosts) from one loopback sshd, forks 50, the default
 * memory target (or --memory-target). Prints, per size, wall time, controller CPU, peak RSS
 * and the SSH sessions per host that --profile counts (above 1: the host's connection was
 * closed for the budget and reopened), then the two goals: the large run's peak RSS under
 * 1 GB, and its wall time at most 5.5x the small run's.
 *
 *   npm run build && npx tsx bench/scale.ts [--sizes 2000,10000] [--forks 50] [--memory-target 1G]
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
const arg = (name: string, fallback?: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const sizes = (arg('--sizes', '2000,10000') as string).split(',').map(Number);
const forks = arg('--forks', '50') as string;
const memoryTarget = arg('--memory-target');
const cli = path.join(root, 'dist/flotilla.mjs');
if (!existsSync(cli)) throw new Error('run `npm run build` first');

const fleet = await startFleet({ hosts: Math.max(...sizes) });
const playFile = path.join(fleet.dir, 'scale.yml');
writeFileSync(playFile, commandPlay('/tmp/flotilla-scale'));

interface Row {
  hosts: number;
  run: Measure;
  sessions: string;
  warning: string;
}

const rows: Row[] = [];
try {
  console.log(
    `machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; forks ${forks}; memory target ${memoryTarget ?? 'default'}; sshd on the same cores`,
  );
  for (const n of sizes) {
    const inv = subsetInventory(fleet, n);
    const args = ['run', playFile, '-i', inv, '-f', forks, '--profile'];
    if (memoryTarget) args.push('--memory-target', memoryTarget);
    const run = timed(process.execPath, [cli, ...args], { ANSIBLE_NOCOLOR: '1' });
    const sessions = /\d+ hosts?, \d+ sessions: [^\n]*/.exec(run.stdout)?.[0] ?? 'not shown';
    const warning = /\[WARNING\]: \d+ hosts, but the ([a-z -]+)/.exec(run.stderr)?.[1] ?? '';
    rows.push({ hosts: n, run, sessions, warning });
    console.log(
      `\n${n} hosts: ${run.wallS.toFixed(1)} s wall, controller CPU ${run.cpuS.toFixed(1)} s, peak RSS ${run.rssMB.toFixed(0)} MB${run.ok ? '' : ' (FAILED)'}`,
    );
    console.log(`  sessions: ${sessions}`);
    if (warning) console.log(`  connections closed and reopened: ${warning} binds`);
    execFileSync('sh', ['-c', 'rm -f /tmp/flotilla-scale-*.txt']);
  }
  const small = rows[0];
  const large = rows[rows.length - 1];
  if (small && large && large !== small) {
    const ratio = large.run.wallS / small.run.wallS;
    const perHost = (large.run.rssMB - small.run.rssMB) / (large.hosts - small.hosts);
    console.log(
      `\n${large.hosts} vs ${small.hosts} hosts: wall ${ratio.toFixed(2)}x (goal <= 5.5x), peak RSS ${large.run.rssMB.toFixed(0)} MB (goal < 1,000 MB), ${(perHost * 1024).toFixed(0)} KB more per extra host`,
    );
  }
  console.log(
    `load average at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
} finally {
  await stopFleet(fleet);
}
