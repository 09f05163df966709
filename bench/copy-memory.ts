/**
 * Peak memory of copy on the loopback fleet, flotilla against ansible-playbook: a src file
 * of --mib MiB to --hosts hosts, a --content-mb MB variable written with copy content: to
 * the same hosts, and (with --huge GIB) one sparse file of that size to one host.
 *
 *   npm run build && npx tsx bench/copy-memory.ts [--hosts 50] [--mib 100] [--content-mb 50]
 *       [--forks 50] [--huge 3] [--no-ansible] [--only src,content,huge]
 *
 * Peak RSS is GNU time's %M of the CLI: for flotilla the whole process with its worker
 * threads, for Ansible its largest single process (it forks one per host-task).
 */

import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFleet, stopFleet } from '../tools/fleet/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const hosts = Number(arg('--hosts', '50'));
const mib = Number(arg('--mib', '100'));
const contentMb = Number(arg('--content-mb', '50'));
const forks = arg('--forks', '50');
const hugeGib = Number(arg('--huge', '0'));
const withAnsible = !process.argv.includes('--no-ansible');
const only = new Set(arg('--only', 'src,content,huge').split(','));
const cli = path.join(root, 'dist/flotilla.mjs');
if (!existsSync(cli)) throw new Error('run `npm run build` first');

interface Measure {
  wallS: number;
  rssMB: number;
  ok: boolean;
  tail: string;
}

function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Measure {
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %M', cmd, ...args], {
    env: { ...process.env, ANSIBLE_NOCOLOR: '1', ...env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const m = /TIME ([\d.]+) (\d+)/.exec(r.stderr);
  if (!m) throw new Error(`no timing from ${cmd}: ${r.stderr.slice(-500)}`);
  return {
    wallS: Number(m[1]),
    rssMB: Number(m[2]) / 1024,
    ok: r.status === 0,
    tail: `${r.stdout}`.trim().split('\n').slice(-4).join('\n'),
  };
}

/** A file of random bytes, written 1 MiB at a time. */
function randomFile(file: string, bytes: number): void {
  const fd = openSync(file, 'w');
  for (let left = bytes; left > 0; left -= 1 << 20) writeSync(fd, randomBytes(Math.min(left, 1 << 20)));
  closeSync(fd);
}

const work = mkdtempSync(path.join(os.tmpdir(), 'flotilla-copymem-'));
const fleet = await startFleet({ hosts });
const fmt = (m: Measure) =>
  `${m.wallS.toFixed(1)} s, peak RSS ${m.rssMB.toFixed(0)} MB${m.ok ? '' : ' (FAILED)'}`;
const rows: string[] = [];

function compare(label: string, play: string, inventory: string, extra: string[] = []): void {
  const playFile = path.join(work, `${label.replace(/\W+/g, '-')}.yml`);
  writeFileSync(playFile, play);
  for (const tool of withAnsible ? ['flotilla', 'ansible'] : ['flotilla']) {
    rmSync(path.join(work, 'dest'), { recursive: true, force: true });
    const m =
      tool === 'flotilla'
        ? timed(process.execPath, [cli, 'run', playFile, '-i', inventory, '-f', forks, ...extra])
        : timed('ansible-playbook', ['-i', inventory, playFile, '-f', forks, ...extra], {
            ANSIBLE_PIPELINING: '1',
          });
    console.log(`${label}, ${tool.padEnd(8)}: ${fmt(m)}`);
    if (!m.ok) console.log(m.tail);
    rows.push(
      `| ${label} | ${tool} | ${m.wallS.toFixed(1)} s | ${m.rssMB.toFixed(0)} MB |${m.ok ? '' : ' FAILED'}`,
    );
  }
  rmSync(path.join(work, 'dest'), { recursive: true, force: true });
}

const play = (task: string) => `- hosts: fleet
  gather_facts: false
  tasks:
    - file: { path: "${work}/dest/{{ inventory_hostname }}", state: directory }
    - ${task}
`;

try {
  console.log(
    `machine: ${os.cpus().length} cores; forks ${forks}; sshd on the same machine; work dir ${work}`,
  );
  if (only.has('src')) {
    const src = path.join(work, 'src.bin');
    randomFile(src, mib << 20);
    compare(
      `${mib} MiB src to ${hosts} hosts`,
      play(`copy: { src: "${src}", dest: "${work}/dest/{{ inventory_hostname }}/f.bin" }`),
      fleet.inventoryFile,
    );
    rmSync(src);
  }
  if (only.has('content')) {
    const varsFile = path.join(work, 'big.json');
    writeFileSync(varsFile, JSON.stringify({ big: 'x'.repeat(contentMb * 1_000_000) }));
    compare(
      `${contentMb} MB content: to ${hosts} hosts`,
      play(`copy: { content: "{{ big }}", dest: "${work}/dest/{{ inventory_hostname }}/c.txt" }`),
      fleet.inventoryFile,
      ['-e', `@${varsFile}`],
    );
    rmSync(varsFile);
  }
  if (only.has('huge') && hugeGib > 0) {
    const huge = path.join(work, 'huge.bin');
    spawnSync('truncate', ['-s', `${hugeGib}G`, huge]);
    const one = path.join(work, 'one.ini');
    const [head = '', vars = ''] = readFileSync(fleet.inventoryFile, 'utf8').split('[fleet:vars]');
    writeFileSync(one, `${head.split('\n').slice(0, 2).join('\n')}\n\n[fleet:vars]${vars}`);
    compare(
      `${hugeGib} GiB sparse src to 1 host`,
      play(`copy: { src: "${huge}", dest: "${work}/dest/{{ inventory_hostname }}/huge.bin" }`),
      one,
    );
    rmSync(huge);
  }
  console.log('\n| case | tool | wall | peak RSS |\n|---|---|---|---|');
  for (const r of rows) console.log(r);
} finally {
  await stopFleet(fleet);
  rmSync(work, { recursive: true, force: true });
}
