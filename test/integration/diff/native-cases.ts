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
  'g_nobin',
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
    - getent: { database: passwd, key: root }
      environment: { PATH: /nonexistent-flt }
      register: g_nobin
      ignore_errors: true
${dumpTasks(GETENT)}    - copy:
        dest: "{{ d }}/facts.json"
        content: "{{ {'passwd': getent_passwd, 'ahosts': getent_ahosts, 'hosts': getent_hosts} | to_nice_json(sort_keys=true) | replace(root, '<root>') }}\\n"
      check_mode: false
`,
};

const INI = [
  'i_new',
  'i_again',
  'i_modify',
  'i_newsect',
  'i_nosect',
  'i_dup',
  'i_multi',
  'i_multi2',
  'i_absent',
  'i_absent_val',
  'i_dropsect',
  'i_noval',
  'i_nospace',
  'i_missing',
  'i_absent_missing',
  'i_backup',
  'i_nested',
  'i_crlf',
  'i_mode',
  'i_badarg',
  'i_novalue',
];

/** The file the edge cases edit: a value before any section, a commented option, duplicates, tabs. */
const INI_EDGES =
  'top=1\\n[s]\\n# opt = old\\nopt=a\\n  opt\\t=\\tb\\n;other = x\\n\\n[t]\\nkey = v\\nkey=w\\n';

export const INI_CASE: DiffCase = {
  hosts: 2,
  playbook: `${PRELUDE}  tasks:
    - file: { path: "{{ d }}", state: directory }
      check_mode: false
    - ini_file: { path: "{{ d }}/a.ini", section: main, option: color, value: blue, mode: "0640" }
      register: i_new
    - community.general.ini_file: { path: "{{ d }}/a.ini", section: main, option: color, value: blue, mode: "0640" }
      register: i_again
    - ini_file: { path: "{{ d }}/a.ini", section: main, option: color, value: red }
      register: i_modify
    - ini_file: { dest: "{{ d }}/a.ini", section: other, option: size, value: "3" }
      register: i_newsect
    - ini_file: { path: "{{ d }}/a.ini", section: null, option: global, value: "yes" }
      register: i_nosect
    - copy: { dest: "{{ d }}/e.ini", content: "${INI_EDGES}" }
      check_mode: false
    - ini_file: { path: "{{ d }}/e.ini", section: s, option: opt, value: c }
      register: i_dup
    - ini_file: { path: "{{ d }}/e.ini", section: t, option: key, values: [x, w, x], exclusive: false }
      register: i_multi
    - ini_file: { path: "{{ d }}/e.ini", section: t, option: key, values: [w, y] }
      register: i_multi2
    - ini_file: { path: "{{ d }}/e.ini", section: s, option: other, state: absent }
      register: i_absent
    - ini_file: { path: "{{ d }}/e.ini", section: t, option: key, values: [y], state: absent, exclusive: false }
      register: i_absent_val
    - ini_file: { path: "{{ d }}/e.ini", section: t, state: absent }
      register: i_dropsect
    - ini_file: { path: "{{ d }}/e.ini", section: s, option: flag, allow_no_value: true }
      register: i_noval
    - ini_file: { path: "{{ d }}/e.ini", section: u, option: k, value: "a b", no_extra_spaces: true }
      register: i_nospace
    - ini_file: { path: "{{ d }}/missing.ini", section: s, option: o, value: v, create: false }
      register: i_missing
      ignore_errors: true
    - ini_file: { path: "{{ d }}/newdir/none.ini", section: s, option: o, state: absent }
      register: i_absent_missing
    - ini_file: { path: "{{ d }}/a.ini", section: main, option: color, value: green, backup: true }
      register: i_backup
    - copy:
        dest: "{{ d }}/backup.txt"
        content: "{{ i_backup.backup_file is defined }} {{ (i_backup.backup_file | default('')).startswith(d ~ '/a.ini.') }}\\n"
      check_mode: false
    - file: { path: "{{ i_backup.backup_file }}", state: absent }
      when: i_backup.backup_file is defined
      check_mode: false
    - ini_file: { path: "{{ d }}/deep/er/n.ini", section: s, option: o, value: v }
      register: i_nested
    - copy: { dest: "{{ d }}/crlf.ini", content: "\\ufeff[s]\\r\\na = 1\\r\\nb = 2" }
      check_mode: false
    - ini_file: { path: "{{ d }}/crlf.ini", section: s, option: a, value: "1" }
      register: i_crlf
    - ini_file: { path: "{{ d }}/a.ini", section: main, option: color, value: green, mode: "0600" }
      register: i_mode
    - ini_file: { path: "{{ d }}/a.ini", optoin: x, value: y }
      register: i_badarg
      ignore_errors: true
    - ini_file: { path: "{{ d }}/a.ini", section: s, option: x }
      register: i_novalue
      ignore_errors: true
${dumpTasks(INI)}    - copy:
        dest: "{{ d }}/diffs.json"
        content: "{{ [i_new.diff, i_modify.diff, i_dup.diff, i_dropsect.diff, i_crlf.diff, i_again.diff] | to_nice_json(sort_keys=true) | replace(root, '<root>') }}\\n"
      check_mode: false
`,
};

const DEBCONF = [
  'c_empty',
  'c_set',
  'c_again',
  'c_modify',
  'c_bool',
  'c_bool_again',
  'c_unseen',
  'c_multi',
  'c_query',
  'c_together',
  'c_badtype',
];

/**
 * debconf against a database of the case's own (DEBCONF_DB_REPLACE, which debconf-show and
 * debconf-set-selections both honour): the host's real answers are never read or changed.
 */
export const DEBCONF_CASE: DiffCase = {
  hosts: 2,
  playbook: `${PRELUDE}  environment:
    DEBCONF_DB_REPLACE: "File{{ '{' }}{{ d }}/config.dat{{ '}' }}"
  tasks:
    - file: { path: "{{ d }}", state: directory }
      check_mode: false
    - debconf: { name: flt-test }
      register: c_empty
    - debconf: { name: flt-test, question: flt-test/greeting, vtype: string, value: hello }
      register: c_set
    - debconf: { name: flt-test, question: flt-test/greeting, vtype: string, value: hello }
      register: c_again
    - debconf: { pkg: flt-test, selection: flt-test/greeting, vtype: string, answer: "hello world" }
      register: c_modify
    - debconf: { name: flt-test, question: flt-test/enabled, vtype: boolean, value: "True" }
      register: c_bool
    - debconf: { name: flt-test, question: flt-test/enabled, vtype: boolean, value: "TRUE" }
      register: c_bool_again
    - debconf: { name: flt-test, question: flt-test/quiet, vtype: string, value: shh, unseen: true }
      register: c_unseen
    - debconf: { name: flt-test, setting: flt-test/pick, vtype: multiselect, value: "a, b" }
      register: c_multi
    - debconf: { name: flt-test }
      register: c_query
    - debconf: { name: flt-test, question: flt-test/greeting }
      register: c_together
      ignore_errors: true
    - debconf: { name: flt-test, question: flt-test/greeting, vtype: strung, value: x }
      register: c_badtype
      ignore_errors: true
${dumpTasks(DEBCONF)}    - copy:
        dest: "{{ d }}/diffs.json"
        content: "{{ [c_set.diff | default('none'), c_modify.diff | default('none'), c_bool.diff | default('none')] | to_nice_json(sort_keys=true) | replace(root, '<root>') }}\\n"
      check_mode: false
`,
};

const SYSCTL = [
  's_new',
  's_again',
  's_modify',
  's_bool',
  's_dup',
  's_dup2',
  's_absent',
  's_absent2',
  's_reload_check',
  's_set_check',
  's_novalue',
  's_blank',
];

/**
 * sysctl on a file of the case's own, never reloaded nor set: only the tasks run in check
 * mode read the live value (reload and sysctl_set compare it), and they write nothing.
 */
export const SYSCTL_CASE: DiffCase = {
  hosts: 2,
  playbook: `${PRELUDE}  tasks:
    - file: { path: "{{ d }}", state: directory }
      check_mode: false
    - sysctl: { name: vm.swappiness, value: "10", sysctl_file: "{{ d }}/a.conf", reload: false }
      register: s_new
    - ansible.posix.sysctl: { name: vm.swappiness, value: "10", sysctl_file: "{{ d }}/a.conf", reload: false }
      register: s_again
    - sysctl: { key: " vm.swappiness ", val: " 20 ", sysctl_file: "{{ d }}/a.conf", reload: false }
      register: s_modify
    - sysctl: { name: net.ipv4.ip_forward, value: "yes", sysctl_file: "{{ d }}/a.conf", reload: false }
      register: s_bool
    - copy:
        dest: "{{ d }}/b.conf"
        content: "# comment\\n; other\\n\\n  vm.swappiness = 5\\nkernel.x=1\\nvm.swappiness=7\\nnoequals\\nkernel.x = 2\\n"
      check_mode: false
    - sysctl: { name: vm.swappiness, value: "7", sysctl_file: "{{ d }}/b.conf", reload: false }
      register: s_dup
    - sysctl: { name: vm.swappiness, value: "8", sysctl_file: "{{ d }}/b.conf", reload: false }
      register: s_dup2
    - sysctl: { name: kernel.x, state: absent, sysctl_file: "{{ d }}/b.conf", reload: false }
      register: s_absent
    - sysctl: { name: kernel.x, state: absent, sysctl_file: "{{ d }}/b.conf", reload: false }
      register: s_absent2
    - sysctl: { name: vm.swappiness, value: "8", sysctl_file: "{{ d }}/b.conf", reload: true }
      check_mode: true
      register: s_reload_check
    - sysctl: { name: vm.swappiness, value: "8", sysctl_file: "{{ d }}/b.conf", reload: false, sysctl_set: true }
      check_mode: true
      register: s_set_check
    - sysctl: { name: vm.swappiness, sysctl_file: "{{ d }}/b.conf", reload: false }
      register: s_novalue
      ignore_errors: true
    - sysctl: { name: vm.swappiness, value: "", sysctl_file: "{{ d }}/b.conf", reload: false }
      register: s_blank
      ignore_errors: true
${dumpTasks(SYSCTL)}`,
};
