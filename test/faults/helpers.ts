/**
 * Shared parts of the fault tests: an inventory over chosen fleet hosts with per-host vars,
 * leftover temp files under a folder, and remote processes still naming a folder.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Fleet } from '../support/fleet.js';

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
