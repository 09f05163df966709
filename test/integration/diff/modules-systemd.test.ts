/**
 * systemd (and systemd_service, and the service action with use: systemd) against
 * ansible-playbook 2.14, on a stand-in systemctl (systemd-cases.ts: this machine runs no
 * systemd): start, restart, reload, stop from activating, start from deactivating, enable
 * and disable (static and indirect units), mask and unmask (masked with enabled re-reads
 * is-enabled), daemon-reload / daemon-reexec, --user and --global scopes, no_block and force,
 * the show fallbacks (a chroot's ignored request, "Failed to parse bus message"), a unit with
 * a load error, an init script only, missing units, failing commands and bad arguments,
 * normally and with --check --diff. The fake's log and unit files are compared too.
 */
import { describe, expect, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { same } from './modules-compare.js';
import { systemdCase } from './systemd-cases.js';

describe('same as ansible-playbook: systemd', () => {
  const fleet = ownFleet(1);
  it.each([
    ['normally', []],
    ['with --check --diff', ['--check', '--diff']],
  ])(
    '%s',
    async (_name, args) => {
      const r = await runBoth(fleet(), systemdCase({ args }));
      same(r);
      if (args.length) return;
      // the service action's own warning: shown (on stderr), never part of the registered result
      const ignoring = 'Ignoring "sleep" as it is not used in "systemd"';
      expect(r.ansible.stderr).toContain(ignoring);
      expect(r.flotilla.stderr).toContain(ignoring);
    },
    240_000,
  );
});
