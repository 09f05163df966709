/**
 * service (its Linux SysV init-script backend, which Ansible's action plugin picks on this
 * machine: service_mgr is neither systemd nor a module of its own) and sysvinit against
 * ansible-playbook 2.14, on throwaway init scripts (service-cases.ts): start from stopped,
 * started again, reloaded, restarted, stopped, enabled yes/no through update-rc.d, runlevels,
 * a failing action, a missing service and bad arguments, run normally and with --check --diff;
 * service_facts (`service --status-all`) with them.
 */
import { describe, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { same } from './modules-compare.js';
import { serviceCase } from './service-cases.js';

describe('same as ansible-playbook: service and sysvinit', () => {
  const fleet = ownFleet(1);
  const SIDES = ['root-ansible', 'root-flotilla'];

  it.each([
    ['normally', []],
    ['with --check --diff', ['--check', '--diff']],
  ])(
    '%s',
    async (_name, args) => {
      const { c, cleanup } = serviceCase(SIDES, { args });
      try {
        same(await runBoth(fleet(), c));
      } finally {
        cleanup();
      }
    },
    240_000,
  );
});
