/**
 * Start-up of the CLI: a one-host play with one debug task over ansible_connection=local,
 * run N times; prints the median wall time and CPU time (user+sys, all threads), next to a bare
 * `node -e 0` and `--version` for scale.
 *
 *   npm run build && npx tsx bench/startup.ts [--runs 10] [--cli dist/flotilla.mjs[,other/flotilla.mjs]]
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './support/stats.js';
import { type Measure, timed } from './support/timed-process.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const runs = Number(arg('--runs', '10'));
// --cli a.mjs,b.mjs compares builds (copies of dist/), runs interleaved.
const clis = arg('--cli', 'dist/flotilla.mjs')
  .split(',')
  .map((c) => path.resolve(root, c));
for (const cli of clis)
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);

const dir = mkdtempSync(path.join(os.tmpdir(), 'flotilla-startup-'));
const play = path.join(dir, 'play.yml');
const inventory = path.join(dir, 'hosts.ini');
writeFileSync(play, '- hosts: all\n  gather_facts: false\n  tasks:\n    - debug:\n        msg: hello\n');
writeFileSync(inventory, 'localhost ansible_connection=local\n');

const label = (cli: string) => (clis.length > 1 ? ` ${path.relative(root, cli)}` : '');
const cases: [string, string[]][] = [
  ['node -e 0', ['-e', '0']],
  ...clis.flatMap((cli): [string, string[]][] => [
    [`--version${label(cli)}`, [cli, '--version']],
    [`run, 1 host, debug${label(cli)}`, [cli, 'run', play, '-i', inventory]],
  ]),
];
const results = new Map<string, Measure[]>(cases.map(([name]) => [name, []]));
try {
  // Interleaved, so a burst of load elsewhere on the machine hits every case alike.
  for (let i = 0; i < runs; i++) {
    for (const [name, args] of cases) results.get(name)?.push(timed(process.execPath, args));
  }
  console.log(`machine: ${os.cpus().length} cores, load ${os.loadavg()[0]?.toFixed(1)}; median of ${runs}`);
  for (const [name, ms] of results) {
    console.log(
      `  ${name.padEnd(44)} wall ${median(ms.map((m) => m.wallS)).toFixed(2)} s, cpu ${median(ms.map((m) => m.cpuS)).toFixed(2)} s${ms.every((m) => m.ok) ? '' : ' (SOME RUNS FAILED)'}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
