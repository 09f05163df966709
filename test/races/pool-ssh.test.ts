/**
 * double-create against a real sshd: sshd's own log says how many logins happened, so the
 * count does not depend on our instrumentation. A private fleet keeps the log to this test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStress } from '../../src/stress/index.js';
import { countAcceptedLogins, type Fleet, startFleet, stopFleet } from '../../tools/fleet/index.js';

const HOSTS = 3;
let fleet: Fleet;

beforeAll(async () => {
  fleet = await startFleet({ hosts: HOSTS, prefix: 'race' });
});

afterAll(async () => {
  if (fleet) await stopFleet(fleet);
});

const doubleCreate = (mode: 'naive' | 'safe') =>
  runStress({
    scenario: 'double-create',
    mode,
    transport: 'ssh',
    inventory: fleet.inventoryFile,
    threads: 3,
    hosts: HOSTS,
    iterations: 2,
  });

describe('race lab over real ssh: double-create', () => {
  it('safe mode logs in exactly once per host, however many threads ask', async () => {
    const before = countAcceptedLogins(fleet);
    const r = await doubleCreate('safe');
    expect(r.transport).toBe('ssh');
    expect(r.violations).toBe(0);
    expect(r.metrics.failures).toBe(0);
    expect(r.metrics.connectionsOpened).toBe(HOSTS);
    expect(countAcceptedLogins(fleet) - before).toBe(HOSTS);
  });

  it('naive mode logs in more than once per host, and the ledger agrees with sshd', async () => {
    const before = countAcceptedLogins(fleet);
    const r = await doubleCreate('naive');
    expect(r.violations).toBeGreaterThan(0);
    expect(countAcceptedLogins(fleet) - before).toBe(r.metrics.connectionsOpened);
    expect(r.metrics.connectionsOpened).toBeGreaterThan(HOSTS);
  });
});
