import { describe, expect, it } from 'vitest';
import { type ConnectionProbe, waitForConnection } from '../../../src/actions/wait-for-connection.js';

/** A host that answers from the `upAfter`-th ping on, on a fake clock that sleeps advance. */
function fakeProbe(upAfter: number) {
  let clock = 0;
  let pings = 0;
  const probe: ConnectionProbe = {
    ping: async () => {
      pings++;
      clock += 100;
      if (pings < upAfter) throw new Error('Failed to connect to the host via ssh: Connection refused');
      return { changed: false, ping: 'pong' };
    },
    sleep: async (ms) => {
      clock += ms;
    },
    now: () => clock,
  };
  return { probe, pings: () => pings };
}

describe('wait_for_connection', () => {
  it('pings until the host answers, sleeping between tries; elapsed counts the delay', async () => {
    const { probe, pings } = fakeProbe(3);
    const r = await waitForConnection({ delay: 2, sleep: 1 }, false, probe);
    expect(r).toEqual({ failed: false, changed: false, elapsed: 4 });
    expect(pings()).toBe(3);
  });

  it('fails after timeout with the last error', async () => {
    const { probe } = fakeProbe(1000);
    const r = await waitForConnection({ timeout: 3, sleep: '1' }, false, probe);
    expect(r).toMatchObject({
      failed: true,
      msg: 'timed out waiting for ping module test: Failed to connect to the host via ssh: Connection refused',
      elapsed: 3,
    });
  });

  it('is skipped in check mode, and refuses options it does not take', async () => {
    const { probe, pings } = fakeProbe(1);
    expect(await waitForConnection({}, true, probe)).toEqual({ changed: false, skipped: true });
    expect((await waitForConnection({ bogus: 1 }, false, probe)).msg).toBe(
      'Invalid options for wait_for_connection: bogus',
    );
    expect(pings()).toBe(0);
    await expect(waitForConnection({ timeout: 'soon' }, false, probe)).rejects.toThrow(
      /invalid literal for int/,
    );
  });
});
