/**
 * Shared parts of the connection fault cases: inventories over a fleet (plus extra hosts),
 * playbook files, polling with a deadline, and the processes a fault leaves behind.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { type Fleet, startFleet, stopFleet } from '../../tools/fleet/index.js';
import { tempDir } from '../support/temp-dirs.js';

/** A temp dir under the fault cases' own prefix; `cleanup` removes every one made. */
const made: string[] = [];
export function faultDir(): string {
  const dir = tempDir('flotilla-faults-');
  made.push(dir);
  return dir;
}

export function cleanupFaultDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * A fleet of its own for one test file (faults break it), started before its tests and stopped,
 * with the file's fault dirs, after them. The object is filled in by beforeAll.
 */
export function useFaultFleet(hosts: number, prefix: string): Fleet {
  const fleet = {} as Fleet;
  beforeAll(async () => {
    Object.assign(fleet, await startFleet({ hosts, prefix }));
  });
  afterAll(async () => {
    await stopFleet(fleet);
    cleanupFaultDirs();
  });
  return fleet;
}

/** An inventory for the fleet's first `n` hosts, extra host lines, and extra group vars. */
export function fleetInventory(fleet: Fleet, n: number, extra: string[] = [], vars: string[] = []): string {
  const lines = [
    '[fleet]',
    ...fleet.hosts.slice(0, n).map((h) => `${h.name} ansible_host=${h.address}`),
    ...extra,
  ];
  const base = readFileSync(fleet.inventoryFile, 'utf8').split('[fleet:vars]')[1];
  const file = path.join(faultDir(), 'hosts.ini');
  writeFileSync(file, `${lines.join('\n')}\n\n[fleet:vars]${base}${vars.join('\n')}\n`);
  return file;
}

/** The PLAY RECAP line of `host` ('' when it has none). */
export function recapLine(stdout: string, host: string): string {
  return (
    stdout
      .split('PLAY RECAP')[1]
      ?.split('\n')
      .find((l) => l.startsWith(`${host} `)) ?? ''
  );
}

export function playbookFile(yaml: string): string {
  const file = path.join(faultDir(), 'play.yml');
  writeFileSync(file, yaml);
  return file;
}

/** Polls `probe` every 50 ms until it returns a truthy value, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** PIDs of processes whose command line contains `pattern` (pgrep -f). */
export function processesMatching(pattern: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', pattern], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

/**
 * PIDs of the sshd processes holding a connection to `address` on the fleet's port (the
 * per-connection sshd: its privileged monitor and its unprivileged child). From `ss -p`.
 */
export function sshdProcessesFor(fleet: Fleet, address: string): number[] {
  const out = execFileSync('ss', ['-Htnp', 'state', 'established', `( sport = :${fleet.port} )`], {
    encoding: 'utf8',
  });
  const pids = new Set<number>();
  for (const line of out.split('\n')) {
    const cols = line.trim().split(/\s+/);
    // Recv-Q Send-Q Local:Port Peer:Port Process
    if (cols[2] !== `${address}:${fleet.port}`) continue;
    for (const m of line.matchAll(/pid=(\d+)/g)) pids.add(Number(m[1]));
  }
  return [...pids];
}

/** True while `pid` exists. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Files left in a directory (remote temp dirs of the fleet's user, e.g. ~/.ansible/tmp). */
export function entriesOf(dir: string): string[] {
  try {
    return execFileSync('ls', ['-A', dir], { encoding: 'utf8' }).split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

/** A unique number, so a test's remote `sleep` can be told from every other test's. */
export function uniqueSeconds(): number {
  return 100_000 + Math.floor(Math.random() * 800_000);
}
