import { describe, expect, it } from 'vitest';
import { type RebootHost, reboot } from '../../../src/actions/reboot.js';

/** A Debian host on a fake clock: down (exec throws) for `downFor` calls after the reboot command. */
function fakeHost(downFor: number) {
  let clock = 0;
  let bootId = 'boot-1';
  let down = 0;
  const commands: string[] = [];
  const host: RebootHost = {
    local: false,
    runModule: async (name) =>
      name === 'setup'
        ? {
            ansible_facts: {
              ansible_distribution: 'Debian',
              ansible_distribution_version: '12.4',
              ansible_os_family: 'Debian',
            },
          }
        : { files: [{ path: '/opt/fake/shutdown' }] },
    exec: async (command) => {
      commands.push(command);
      if (down > 0) {
        down--;
        throw new Error('Connection refused');
      }
      if (command.startsWith('/opt/fake/shutdown')) {
        bootId = 'boot-2';
        down = downFor;
      }
      return { rc: 0, stdout: command.startsWith('cat ') ? `${bootId}\n` : 'root\n', stderr: '' };
    },
    sleep: async (ms) => {
      clock += ms;
    },
    now: () => clock,
  };
  return { host, commands };
}

describe('the reboot action plugin', () => {
  it('finds shutdown, reboots, waits out the down host with backoff, then runs the test command', async () => {
    const { host, commands } = fakeHost(3);
    const result = await reboot({ msg: 'bye', pre_reboot_delay: 120 }, false, host);
    expect(result).toEqual({ rebooted: true, changed: true, elapsed: expect.any(Number) });
    // 3 failed tries back off 1, 2 and 4 s (plus up to 1 s each)
    expect(result.elapsed).toBeGreaterThanOrEqual(7);
    expect(result.elapsed).toBeLessThanOrEqual(10);
    expect(commands[1]).toBe('/opt/fake/shutdown -r 2 "bye"');
    expect(commands.at(-1)).toBe('whoami');
  });

  it('gives up after reboot_timeout, and never reboots over a local connection', async () => {
    const { host } = fakeHost(1000);
    expect(await reboot({ reboot_timeout: 30 }, false, host)).toMatchObject({
      failed: true,
      rebooted: true,
      msg: 'Timed out waiting for last boot time check (timeout=30)',
    });
    expect(await reboot({}, false, { ...host, local: true })).toMatchObject({
      failed: true,
      rebooted: false,
      msg: 'Running reboot with local connection would reboot the control node.',
    });
    expect(await reboot({}, true, host)).toEqual({ changed: true, elapsed: 0, rebooted: true });
  });
});
