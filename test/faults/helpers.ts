/**
 * Shared parts of the fault tests: an inventory over chosen fleet hosts with per-host vars,
 * leftover temp files under a folder, remote processes still naming a folder, and the
 * controller signalled in the middle of a copy.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import type { Fleet } from '../../tools/fleet/index.js';
import { runCli } from '../support/cli.js';

/** An inventory file in `dir` for fleet hosts `first`..`first+n-1`, each with `vars(name)`. */
export function faultInventory(
  fleet: Fleet,
  dir: string,
  first: number,
  n: number,
  vars: (name: string) => string,
): string {
  const hosts = fleet.hosts.slice(first, first + n);
  const common = readFileSync(fleet.inventoryFile, 'utf8').split('[fleet:vars]')[1];
  const file = path.join(dir, 'hosts.ini');
  writeFileSync(
    file,
    `[fleet]\n${hosts.map((h) => `${h.name} ansible_host=${h.address} ${vars(h.name)}`).join('\n')}\n\n[fleet:vars]${common}`,
  );
  return file;
}

/** Every `.flotilla-tmp-*` file under `dir` (recursively). */
export function leftoverTemps(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) =>
    path.basename(f).startsWith('.flotilla-tmp-'),
  );
}

/** Processes (other than this one) whose command line names `marker`: what a copy runs on a host. */
export function processesNaming(marker: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((l) => l.includes(marker) && Number(l.trim().split(/\s+/)[0]) !== process.pid);
}

/** Polls `check` every 50 ms until it returns true or `timeoutMs` passes; returns its last answer. */
export async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

/** A temp file with bytes in it under `dir`: a transfer is under way. */
function transferring(dir: string): boolean {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).some(
    (f) => path.basename(f).startsWith('.flotilla-tmp-') && statSync(path.join(dir, f)).size > 0,
  );
}

/** The status a shell reports: the exit code, or 128 + the signal's number. */
function shellStatus(r: { code: number | null; signal: NodeJS.Signals | null }): number {
  return r.code ?? 128 + (os.constants.signals[r.signal!] ?? 0);
}

/**
 * Copies `src` to three fleet hosts from `first` on, sends `signal` to the CLI once a temp
 * file has bytes, and checks its status, then that within seconds no `.flotilla-tmp-*` file
 * is left on any host and no process of the copy runs there.
 */
export async function interruptCopy(
  fleet: Fleet,
  root: string,
  src: string,
  signal: NodeJS.Signals,
  first: number,
): Promise<{ status: number; output: string }> {
  const dir = path.join(root, signal);
  const inventory = faultInventory(fleet, mkdtempSync(path.join(root, 'inv-')), first, 3, (name) => {
    mkdirSync(path.join(dir, name), { recursive: true });
    return `dest_dir=${dir}/${name}`;
  });
  const play = path.join(dir, 'play.yml');
  writeFileSync(
    play,
    `- hosts: fleet\n  gather_facts: false\n  tasks:\n    - copy: { src: ${src}, dest: "{{ dest_dir }}/big.bin" }\n`,
  );
  let pid = 0;
  const run = runCli(['run', '-i', inventory, play], { onSpawn: (p) => (pid = p), timeoutMs: 60_000 });
  expect(await waitFor(() => transferring(dir), 40_000), 'no transfer started').toBe(true);
  process.kill(pid, signal);
  const r = await run;
  // The hosts clean up once their sessions end: within seconds, whatever the controller did.
  await waitFor(() => leftoverTemps(dir).length === 0 && processesNaming(dir).length === 0, 10_000);
  expect(leftoverTemps(dir)).toEqual([]);
  expect(processesNaming(dir)).toEqual([]);
  return { status: shellStatus(r), output: r.stdout + r.stderr };
}
