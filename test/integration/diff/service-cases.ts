/**
 * The service and sysvinit cases: each side (root-ansible / root-flotilla, root-native /
 * root-bridge) manages a throwaway init script of its own, /etc/init.d/flt-test-<id>-<side>,
 * whose start/stop/status/reload only touch a flag file under the case's dir (no daemon).
 * The case's setup writes the scripts; `cleanup` removes them and their /etc/rc?.d links,
 * and must run whether the case passed or not.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { initScript } from '../../../tools/fleet/init-script.js';
import type { DiffCase } from './harness.js';
import { dumpTasks, PRELUDE, registeredTasks } from './modules-compare.js';

const RC_DIRS = ['0', '1', '2', '3', '4', '5', '6', 'S'].map((l) => `/etc/rc${l}.d`);

/** The tasks, by the name each registers; `check` marks the ones the check-mode run keeps. */
const TASKS: [string, string, boolean][] = [
  ['r_start', 'service: { name: "{{ svc }}", state: started }', true],
  ['r_start2', 'service: { name: "{{ svc }}", state: started }', false],
  ['r_reload', 'service: { name: "{{ svc }}", state: reloaded }', false],
  ['r_restart', 'service: { name: "{{ svc }}", state: restarted, sleep: 1 }', true],
  ['r_stop', 'ansible.builtin.service: { name: "{{ svc }}", state: stopped }', true],
  ['r_enable', 'service: { name: "{{ svc }}", state: stopped, enabled: true }', true],
  ['r_enable2', 'service: { name: "{{ svc }}", enabled: true }', false],
  ['r_disable', 'service: { name: "{{ svc }}", enabled: false, state: reloaded }', true],
  ['r_fail', 'service: { name: "{{ svc }}", state: started, args: fail }', false],
  ['r_missing', 'service: { name: "flt-test-missing-{{ id }}", state: started }', true],
  ['r_noargs', 'service: { name: "{{ svc }}" }', false],
  // check_ps: the sshd serving the play is up; nothing runs with the other pattern
  ['r_pattern', 'service: { name: "{{ svc }}", pattern: "sshd", state: started }', false],
  ['r_nopattern', 'service: { name: "{{ svc }}", pattern: "flt-none-{{ id }}", state: stopped }', false],
  ['v_start', 'sysvinit: { name: "{{ svc }}", state: started }', true],
  ['v_enable', 'sysvinit: { name: "{{ svc }}", state: started, enabled: true }', true],
  ['v_reload', 'sysvinit: { service: "{{ svc }}", state: reloaded }', false],
  ['v_restart', 'ansible.builtin.sysvinit: { name: "{{ svc }}", state: restarted, sleep: 0 }', true],
  ['v_stop', 'sysvinit: { name: "{{ svc }}", state: stopped, enabled: false }', false],
  ['v_runlevels', 'sysvinit: { name: "{{ svc }}", enabled: true, runlevels: ["3", "5"] }', true],
  ['v_fail', 'sysvinit: { name: "{{ svc }}", state: restarted, arguments: fail, sleep: 0 }', false],
  ['v_pattern', 'sysvinit: { name: "{{ svc }}", pattern: "flt-none-{{ id }}", state: stopped }', false],
  ['v_missing', 'sysvinit: { name: "flt-test-missing-{{ id }}", state: started }', true],
  // the throwaway scripts (this case's, other cases') change under the scan: left out
  [
    'f_facts',
    `service_facts:
      register: f_all
    - set_fact:
        f_facts: "{{ f_all | combine({'ansible_facts': {'services': f_all.ansible_facts.services | dict2items | rejectattr('key', 'match', 'flt-test-') | items2dict}}) }}"`,
    false,
  ],
];

/** Tasks whose failure the case expects. */
const FAILING = new Set(['r_fail', 'r_missing', 'r_noargs', 'v_fail', 'v_missing']);

/**
 * The case (sides: the root dir names of the two runs) and its cleanup. `forms`: failures are
 * kept out of stdout (failed_when: false), which runForms compares and which names the side.
 */
export function serviceCase(
  sides: readonly string[],
  options: { args?: string[]; forms?: boolean } = {},
): { c: DiffCase; cleanup: () => void } {
  const id = randomBytes(4).toString('hex');
  const services = sides.map((side) => `flt-test-${id}-${side}`);
  const { names, yaml } = registeredTasks(TASKS, FAILING, options);
  const c: DiffCase = {
    hosts: 1,
    args: options.args,
    playbook: `${PRELUDE.replace('  vars:\n', `  vars:\n    id: ${id}\n    svc: "flt-test-${id}-{{ root | basename }}"\n`)}  tasks:
    - file: { path: "{{ d }}", state: directory }
      check_mode: false
${yaml}${dumpTasks(names, [], " | replace(svc, 'SVC')")}`,
    setup: (dir) => {
      for (const name of services) {
        const file = `/etc/init.d/${name}`;
        writeFileSync(file, initScript(name, path.join(dir, 'svc-state')));
        chmodSync(file, 0o755);
      }
    },
  };
  const cleanup = () => {
    for (const name of services) {
      rmSync(`/etc/init.d/${name}`, { force: true });
      for (const rc of RC_DIRS) {
        let entries: string[] = [];
        try {
          entries = readdirSync(rc);
        } catch {
          continue;
        }
        for (const e of entries)
          if (/^[SK]\d\d/.test(e) && e.slice(3) === name) rmSync(path.join(rc, e), { force: true });
      }
    }
  };
  return { c, cleanup };
}
