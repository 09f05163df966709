/**
 * The cases of the native fast paths (getent, ini_file, debconf, sysctl): run against
 * Ansible in modules-native.test.ts and in both of flotilla's forms in module-forms.test.ts.
 * Registered results are dumped whole (volatile keys dropped).
 */
import type { DiffCase } from './harness.js';
import { dumpTasks, PRELUDE } from './modules-compare.js';

const GETENT = [
  'g_root',
  'g_group',
  'g_all',
  'g_hosts',
  'g_dup',
  'g_split',
  'g_service',
  'g_missing',
  'g_nofail',
  'g_baddb',
  'g_noargs',
  'g_badarg',
];

export const GETENT_CASE: DiffCase = {
  hosts: 2,
  playbook: `${PRELUDE}  tasks:
    - file: { path: "{{ d }}", state: directory }
      check_mode: false
    - getent: { database: passwd, key: root }
      register: g_root
    - getent: { database: group, key: root }
      register: g_group
    - getent: { database: group }
      register: g_all
    - getent: { database: hosts, key: localhost }
      register: g_hosts
    - getent: { database: ahosts, key: localhost }
      register: g_dup
    - getent: { database: passwd, key: root, split: "/" }
      register: g_split
    - getent: { database: shadow, key: root, service: files }
      register: g_service
    - getent: { database: passwd, key: no-such-user-flt }
      register: g_missing
      ignore_errors: true
    - getent: { database: passwd, key: no-such-user-flt, fail_key: false }
      register: g_nofail
    - getent: { database: no-such-db-flt }
      register: g_baddb
      ignore_errors: true
    - getent: {}
      register: g_noargs
      ignore_errors: true
    - getent: { database: passwd, keyy: root }
      register: g_badarg
      ignore_errors: true
${dumpTasks(GETENT)}    - copy:
        dest: "{{ d }}/facts.json"
        content: "{{ {'passwd': getent_passwd, 'ahosts': getent_ahosts, 'hosts': getent_hosts} | to_nice_json(sort_keys=true) | replace(root, '<root>') }}\\n"
      check_mode: false
`,
};
