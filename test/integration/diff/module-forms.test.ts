/**
 * The modules flotilla has in both forms (src/modules/module-form.ts BOTH_FORMS) run the
 * differential suite's module cases natively and through the bridge (Ansible's own module
 * code, FLOTILLA_MODULES=bridge): results, files, `changed` and stdout must agree. Where
 * Ansible itself cannot run (a host without Python, a collection's own tests), this is the
 * oracle for the native form.
 */
import { chmodSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APT_KEY_PLAY, APT_REPO_PLAY, cleanAptTestSources, makeAptKey } from './apt-cases.js';
import { GIT_CHECK_PLAY, GIT_PLAY, GIT_SETUP } from './git-cases.js';
import { type DiffCase, ownFleet, runForms, type SideResult } from './harness.js';
import { GET_URL_CHECK_TASKS, GET_URL_TASKS, URI_TASKS } from './http-cases.js';
import { startHttpServer } from './http-server.js';
import { AUTHORIZED_KEY_PLAY, CRON_PLAY, KNOWN_HOSTS_PLAY } from './keys-cases.js';
import { FILE_CASE, OTHER_CASE, RESULTS_FILES, RESULTS_PLAY } from './module-cases.js';
import { PRELUDE } from './modules-compare.js';
import { DEBCONF_CASE, GETENT_CASE, INI_CASE, SYSCTL_CASE } from './native-cases.js';
import { makeWheels, PIP_FORMS_TASKS, pipPlay } from './pip-cases.js';
import { serviceCase } from './service-cases.js';
import { normalise } from './sweep-compare.js';
import { FACTS_CASE, MOUNT_CASE } from './system-cases.js';
import { systemdCase } from './systemd-cases.js';
import { makeArchives, UNARCHIVE_CHECK_PLAY, unarchivePlay } from './unarchive-cases.js';

/** Normalised stdout; `until`'s retry lines interleave across hosts, so they are compared sorted. */
function comparableStdout(stdout: string): { text: string; retries: string[] } {
  // each form writes under its own root, which messages and diffs name
  // (git's cases clone into `<root>-w`, next to it)
  const lines = normalise(stdout.replace(/\/root-(native|bridge)([/-])/g, '/root-form$2'), '<unused>').split(
    '\n',
  );
  const retry = (l: string) => l.startsWith('FAILED - RETRYING: ');
  return { text: lines.filter((l) => !retry(l)).join('\n'), retries: lines.filter(retry).sort() };
}

function expectSameForms(r: { native: SideResult; bridge: SideResult }): void {
  const why = `--- native ---\n${r.native.stdout}${r.native.stderr}\n--- bridge ---\n${r.bridge.stdout}${r.bridge.stderr}`;
  expect(r.native.code, why).toBe(0);
  expect(r.bridge.recap, why).toEqual(r.native.recap);
  expect(r.bridge.files, why).toEqual(r.native.files);
  expect(comparableStdout(r.bridge.stdout), why).toEqual(comparableStdout(r.native.stdout));
  expect(r.bridge.code).toBe(r.native.code);
}

/** Without the file that is no archive: Ansible's module lists its reasons in set order, in stdout too. */
const UNARCHIVE_FORMS_CASE: DiffCase = { hosts: 1, playbook: unarchivePlay(false), setup: makeArchives };

describe('native and bridged forms of the same modules agree', () => {
  const fleet = ownFleet(2);
  afterAll(cleanAptTestSources);
  const cases: [string, DiffCase][] = [
    ['file and text modules, twice', FILE_CASE],
    ['command, shell, wait_for and the rest, twice', OTHER_CASE],
    [
      'registered results in check mode',
      { hosts: 2, playbook: RESULTS_PLAY, files: RESULTS_FILES, args: ['--check'] },
    ],
    ['getent', GETENT_CASE],
    ['ini_file', INI_CASE],
    ['ini_file in check mode with --diff', { ...INI_CASE, args: ['--check', '--diff'] }],
    ['debconf', DEBCONF_CASE],
    ['debconf in check mode with --diff', { ...DEBCONF_CASE, args: ['--check', '--diff'] }],
    ['sysctl', SYSCTL_CASE],
    ['mount on fstab files of its own', MOUNT_CASE],
    ['package_facts, and hostname in check mode unchanged', FACTS_CASE],
    ['authorized_key (short name and ansible.posix FQCN)', { hosts: 2, playbook: AUTHORIZED_KEY_PLAY }],
    ['authorized_key in check mode', { hosts: 2, playbook: AUTHORIZED_KEY_PLAY, args: ['--check'] }],
    ['known_hosts', { hosts: 2, playbook: KNOWN_HOSTS_PLAY }],
    ['cron with cron_file', { hosts: 2, playbook: CRON_PLAY }],
    ['unarchive (tar natively, zip handed to the bridge)', UNARCHIVE_FORMS_CASE],
    [
      'unarchive in check mode',
      { hosts: 1, playbook: UNARCHIVE_CHECK_PLAY, setup: makeArchives, args: ['--check'] },
    ],
    ['git', { hosts: 1, playbook: GIT_PLAY, setup: GIT_SETUP, args: ['--diff'] }],
    ['apt_repository (diff: true, some tasks in check mode)', { hosts: 1, playbook: APT_REPO_PLAY }],
    ['apt_key on keyrings of its own', { hosts: 1, playbook: APT_KEY_PLAY, setup: makeAptKey }],
    [
      'git in check mode with --diff',
      { hosts: 1, playbook: GIT_CHECK_PLAY, setup: GIT_SETUP, args: ['--check', '--diff'] },
    ],
    ['pip against a local wheel dir', { hosts: 1, playbook: pipPlay(PIP_FORMS_TASKS), setup: makeWheels }],
  ];
  it.each(cases)('%s', async (_name, c) => expectSameForms(await runForms(fleet(), c)), 240_000);

  it.each([
    ['service and sysvinit on throwaway init scripts', []],
    ['service and sysvinit in check mode with --diff', ['--check', '--diff']],
  ])(
    '%s',
    async (_name, args) => {
      const { c, cleanup } = serviceCase(['root-native', 'root-bridge'], { args, forms: true });
      try {
        expectSameForms(await runForms(fleet(), c));
      } finally {
        cleanup();
      }
    },
    240_000,
  );

  it(
    'systemd (and the service action with use: systemd) on a stand-in systemctl',
    async () => expectSameForms(await runForms(fleet(), systemdCase({ forms: true }))),
    240_000,
  );

  it("a host the native form does not drive (OpenRC's rc-service on PATH) runs Ansible's module instead", async () => {
    // A stand-in rc-service: the service is stopped, and starting it works.
    const fake = '#!/bin/sh\ncase "$2" in status) echo " * status: stopped"; exit 3;; *) exit 0;; esac\n';
    const r = await runForms(fleet(), {
      hosts: 2,
      files: { 'bin/rc-service': fake, 'bin/rc-update': '#!/bin/sh\nexit 0\n' },
      setup: (dir) => {
        for (const f of ['rc-service', 'rc-update']) chmodSync(path.join(dir, 'bin', f), 0o755);
      },
      playbook: `- hosts: fleet
  gather_facts: false
  tasks:
    - service: { name: flt-openrc-test, state: started }
      environment:
        PATH: "{{ playbook_dir }}/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
      register: r
    - copy: { dest: "{{ root }}/{{ inventory_hostname }}.json", content: "{{ r | to_nice_json }}" }
`,
    });
    expectSameForms(r);
    expect(r.native.files['node001.json']).toContain('"state": "started"');
  }, 120_000);

  it('the switch reaches the hosts: with no Python there, only the bridged form fails', async () => {
    const r = await runForms(fleet(), {
      hosts: 2,
      playbook: `- hosts: fleet
  gather_facts: false
  vars: { ansible_python_interpreter: /nonexistent/python3 }
  tasks:
    - file: { path: "{{ root }}/{{ inventory_hostname }}", state: directory }
`,
    });
    expect(r.native.recap.node001).toMatchObject({ ok: 1, failed: 0 });
    expect(r.bridge.recap.node001).toMatchObject({ ok: 0, failed: 1 });
    expect(r.bridge.stdout).toContain('/nonexistent/python3');
  }, 240_000);

  it("pip runs the host's pip without a module start-up: with no Python there, only the bridged form fails", async () => {
    const r = await runForms(fleet(), {
      hosts: 1,
      playbook: `- hosts: fleet
  gather_facts: false
  vars: { ansible_python_interpreter: /nonexistent/python3 }
  environment: { PIP_CONFIG_FILE: /dev/null, PIP_NO_INDEX: "1" }
  tasks:
    - pip: { name: flt-nosuch-here, executable: /usr/bin/pip3 }
      check_mode: true
`,
    });
    expect(r.native.recap.node001).toMatchObject({ ok: 1, changed: 1, failed: 0 });
    expect(r.bridge.recap.node001).toMatchObject({ ok: 0, failed: 1 });
  }, 120_000);

  describe('get_url and uri against a loopback server', () => {
    let server: Awaited<ReturnType<typeof startHttpServer>>;
    beforeAll(async () => {
      server = await startHttpServer();
    });
    afterAll(async () => {
      await server.close();
    });

    it('normal, then get_url in check mode with --diff', async () => {
      const args = ['-e', `base=http://127.0.0.1:${server.port}`];
      for (const [playbook, extra] of [
        [`${PRELUDE}  tasks:\n${GET_URL_TASKS}${URI_TASKS}`, []],
        [`${PRELUDE}  tasks:\n${GET_URL_CHECK_TASKS}`, ['--check', '--diff']],
      ] as const) {
        const r = await runForms(fleet(), { hosts: 1, playbook, args: [...args, ...extra] });
        // stdout is not compared: failed results print their temp paths and Date headers
        const why = `--- native ---\n${r.native.stdout}${r.native.stderr}\n--- bridge ---\n${r.bridge.stdout}${r.bridge.stderr}`;
        expect(r.native.code, why).toBe(0);
        expect(r.bridge.recap, why).toEqual(r.native.recap);
        expect(r.bridge.files, why).toEqual(r.native.files);
      }
    }, 240_000);
  });
});
