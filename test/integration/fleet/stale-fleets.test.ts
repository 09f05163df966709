/**
 * A fleet whose owner died without stopping it (a killed test run) is reaped by the next
 * start: its sshd stopped, its dir removed. Fleets whose owner lives, and detached ones (the
 * CLI's), are left alone.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Fleet, reapStaleFleets, startFleet, stopFleet } from '../../../tools/fleet/index.js';
import { tempDir } from '../../support/temp-dirs.js';

const root = tempDir('flotilla-reap-test-');
const tsx = path.resolve('node_modules/.bin/tsx');
const fleetModule = path.resolve('tools/fleet/index.ts');

/** Starts a fleet in a child process that then exits without stopping it. */
function orphanFleet(name: string, detached: boolean): Fleet {
  const dir = path.join(root, `flotilla-fleet-${name}`);
  const script = `import { startFleet } from ${JSON.stringify(fleetModule)};
startFleet({ hosts: 1, dir: ${JSON.stringify(dir)}, detached: ${detached} }).then(() => process.exit(0));`;
  execFileSync(tsx, ['--eval', script], { stdio: 'pipe', timeout: 30_000 });
  return JSON.parse(readFileSync(path.join(dir, 'fleet.json'), 'utf8')) as Fleet;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('stale fleets', () => {
  it('stops the sshd of a fleet whose owner died and removes its dir, and only that one', async () => {
    const orphan = orphanFleet('orphan', false);
    const detached = orphanFleet('detached', true);
    const owned = await startFleet({ hosts: 1, dir: path.join(root, 'flotilla-fleet-owned') });
    try {
      expect(alive(orphan.pid)).toBe(true);
      expect(await reapStaleFleets(root)).toEqual([orphan.dir]);
      expect(alive(orphan.pid)).toBe(false);
      expect(existsSync(orphan.dir)).toBe(false);
      expect(alive(detached.pid)).toBe(true);
      expect(alive(owned.pid)).toBe(true);
    } finally {
      await stopFleet(detached);
      await stopFleet(owned);
    }
  });
});
