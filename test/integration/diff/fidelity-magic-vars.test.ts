/**
 * Every special variable of Ansible's "Special Variables" reference (and the connection
 * variables a task sees), GENERATED from one list into every context where Ansible defines
 * them: play level, inside roles (with a dependency and an include_role), inside loops, in a
 * template file, through `hostvars`, as `debug: var=`, on inventory hosts (one without
 * ansible_host) and on the implicit localhost (with group_vars/ and host_vars/ next to the
 * playbook); then again with the CLI options that feed the option variables (--limit,
 * --tags, --skip-tags, --check, --diff).
 *
 * Normalised in the probes themselves, and only what legitimately differs from run to run or
 * from tool to tool: `omit`'s per-run token (its prefix is compared), `ansible_version` (the
 * major.minor flotilla implements, and its keys), `role_uuid` (random), the order of the role
 * name lists Ansible builds from a Python set, and the two dates of
 * the template module (compared to the day and by type).
 */

import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { expectSame, SLOW } from './sweep-compare.js';

/** Special variables whose value is printed as it is (undefined ones print `<undef>`). */
const PLAIN = [
  'ansible_check_mode',
  'ansible_config_file',
  'ansible_diff_mode',
  'ansible_forks',
  'ansible_inventory_sources',
  'ansible_limit',
  'ansible_loop',
  'ansible_loop_var',
  'ansible_index_var',
  'ansible_parent_role_names',
  'ansible_parent_role_paths',
  'ansible_play_batch',
  'ansible_play_hosts',
  'ansible_play_hosts_all',
  'ansible_play_role_names',
  'ansible_play_name',
  'ansible_playbook_python',
  'ansible_role_name',
  'ansible_collection_name',
  'ansible_search_path',
  'ansible_verbosity',
  'group_names',
  'groups',
  'inventory_dir',
  'inventory_file',
  'inventory_hostname',
  'inventory_hostname_short',
  'play_hosts',
  'playbook_dir',
  'role_name',
  'role_names',
  'role_path',
  'ansible_facts',
  'ansible_local',
  // next to the playbook: group_vars/all.yml and host_vars/<host>.yml
  'gv_all',
  'hv_own',
];

/**
 * Connection variables: PlayContext adds them to what a task's arguments see, the connection
 * plugin to what the action sees (`debug: var=`, the template module), never to hostvars.
 */
const CONNECTION = [
  'ansible_host',
  'ansible_ssh_host',
  'ansible_port',
  'ansible_ssh_port',
  'ansible_user',
  'ansible_ssh_user',
  'ansible_connection',
  'ansible_python_interpreter',
  'ansible_pipelining',
  'ansible_timeout',
  'ansible_shell_type',
  'ansible_shell_executable',
  'ansible_module_compression',
  'ansible_private_key_file',
  'ansible_ssh_private_key_file',
  'ansible_ssh_pipelining',
  'ansible_ssh_timeout',
  'ansible_ssh_executable',
  'ansible_ssh_common_args',
  'ansible_ssh_extra_args',
  'ansible_sftp_extra_args',
  'ansible_scp_extra_args',
  'ansible_ssh_transfer_method',
  'ansible_network_os',
  'ansible_connection_user',
  'ansible_docker_extra_args',
  'ansible_password',
  'ansible_become',
  'ansible_become_user',
  'ansible_become_method',
];

/** Probes of the values that legitimately differ: each keeps what must still be the same. */
const NORMALISED: Record<string, string> = {
  omit: "omit.startswith('__omit_place_holder__') if omit is defined else '<undef>'",
  ansible_version:
    "[ansible_version.keys() | sort, ansible_version.major ~ '.' ~ ansible_version.minor] if ansible_version is defined else '<undef>'",
  role_uuid: "(role_uuid | length > 0) if role_uuid is defined else '<undef>'",
  // Ansible builds these from Python sets: their order changes from run to run
  ansible_run_tags: "ansible_run_tags | sort if ansible_run_tags is defined else '<undef>'",
  ansible_skip_tags: "ansible_skip_tags | sort if ansible_skip_tags is defined else '<undef>'",
  // (and these two): their order changes from run to run
  ansible_role_names: "ansible_role_names | sort if ansible_role_names is defined else '<undef>'",
  ansible_dependent_role_names:
    "ansible_dependent_role_names | sort if ansible_dependent_role_names is defined else '<undef>'",
  hostvars_keys: 'hostvars[inventory_hostname].keys() | sort',
  hostvars_localhost: "'localhost' in hostvars",
};

/** Variables only the template module sets (dates compared to the day and by their type). */
const TEMPLATE_ONLY: Record<string, string> = {
  template_host: 'template_host',
  template_path: 'template_path',
  template_fullpath: 'template_fullpath',
  // the dest is under each tool's own root
  template_destpath: "template_destpath | replace(root, '<root>')",
  template_uid: 'template_uid',
  template_mtime:
    "[(template_mtime | string)[:10], template_mtime.year is number, template_mtime.strftime('%Y')]",
  template_run_date: '[(template_run_date | string)[:10], template_run_date.year is number]',
  ansible_managed: 'ansible_managed',
};

function probeOf(name: string): string {
  return NORMALISED[name] ?? `${name} | default('<undef>')`;
}

/** One debug task whose msg maps every probe to its value (sorted keys, one line each). */
function dictTask(title: string, extra = ''): string {
  const names = [...PLAIN, ...CONNECTION, ...Object.keys(NORMALISED)];
  const lines = names.map((n) => `          ${n}: "{{ ${probeOf(n)} }}"`);
  return `    - name: ${title}
      debug:
        msg:
${lines.join('\n')}
${extra}`;
}

/** `debug: var=` looks a variable up in the action's own variables (not the task's args). */
function varTask(title: string): string {
  return `    - name: ${title}
      debug: var={{ item }}
      loop: ${JSON.stringify([...CONNECTION, 'ansible_playbook_python', 'ansible_search_path', 'hv_own'])}
`;
}

/** `when:` is evaluated with PlayContext's view, as the task's arguments are. */
const WHEN_TASK = `    - name: when sees the connection variables of the arguments' view
      debug: msg="{{ ansible_ssh_host }} {{ ansible_host }}"
      when: ansible_ssh_host is defined and ansible_shell_type is not defined
`;

/** A template file printing every probe and the template module's own variables. */
function templateText(): string {
  const names = [...PLAIN, ...CONNECTION, ...Object.keys(NORMALISED)];
  const all = { ...Object.fromEntries(names.map((n) => [n, probeOf(n)])), ...TEMPLATE_ONLY };
  return `${Object.entries(all)
    .map(([n, e]) => `${n}={{ (${e}) | to_json }}`)
    .join('\n')}\n`;
}

const TEMPLATE_TASK = `    - name: template with every variable
      template:
        src: magic.j2
        dest: "{{ root }}/{{ inventory_hostname }}-{{ role_name | default('play') }}.txt"
        mode: '0644'
`;

const LOOP_TASK = `    - name: in a loop
      debug:
        msg:
          ansible_loop: "{{ ansible_loop | default('<undef>') }}"
          ansible_loop_var: "{{ ansible_loop_var | default('<undef>') }}"
          ansible_index_var: "{{ ansible_index_var | default('<undef>') }}"
          it: "{{ it }} {{ idx }}"
      loop: [a, b, c]
      loop_control:
        loop_var: it
        index_var: idx
        extended: true
    - name: in a plain loop
      debug:
        msg: "{{ ansible_loop_var | default('<undef>') }} {{ ansible_index_var | default('<undef>') }} {{ ansible_loop | default('<undef>') }}"
      loop: [1]
`;

const PLAYBOOK = `- name: inventory hosts
  hosts: fleet
  gather_facts: false
  roles:
    - r1
  tasks:
${dictTask('play level')}
${varTask('debug var')}
${WHEN_TASK}${LOOP_TASK}
${TEMPLATE_TASK}
- name: implicit localhost
  hosts: localhost
  gather_facts: false
  tasks:
${dictTask('play level on localhost')}
${varTask('debug var on localhost')}
${WHEN_TASK}${TEMPLATE_TASK}
`;

const ROLES: Record<string, string> = {
  'roles/r1/meta/main.yml': 'dependencies:\n  - r2\n',
  'roles/r1/tasks/main.yml': `${dictTask('in role r1')}${TEMPLATE_TASK}    - include_role:
        name: r3
`,
  'roles/r1/templates/magic.j2': templateText(),
  'roles/r2/tasks/main.yml': dictTask('in dependency r2'),
  'roles/r3/tasks/main.yml': dictTask('in included r3'),
  'templates/magic.j2': templateText(),
  'group_vars/all.yml': 'gv_all: from group_vars/all\n',
  'host_vars/localhost.yml': 'hv_own: from host_vars/localhost\n',
  'host_vars/node001.yml': 'hv_own: from host_vars/node001\n',
  'host_vars/127.0.1.4.yml': 'hv_own: from host_vars/127.0.1.4\n',
};

const OPTIONS_PLAYBOOK = `- name: option variables
  hosts: fleet
  gather_facts: false
  tasks:
${dictTask('options', '      tags: [probe]\n')}
    - name: not selected
      debug: msg=never
      tags: [other]
    - name: facts of the configured interpreter (a symlink to python3 beside the playbook)
      setup:
        gather_subset: ['!all']
        filter: ansible_python
      vars:
        ansible_python_interpreter: "{{ playbook_dir }}/py"
      tags: [probe]
    - name: ansible_python.executable is the interpreter the module ran with
      debug: msg="{{ ansible_python.executable | replace(playbook_dir, '<dir>') }} {{ ansible_python.type }}"
      tags: [probe]
`;

describe.concurrent('differential: special variables, generated into every context', () => {
  const fleet = ownFleet(4);
  // The fourth fleet address as a host name without ansible_host: Ansible connects to the name.
  const noAddress = ['127.0.1.4'];

  it(
    'play level, roles, loops, templates, debug var, when, hostvars; inventory hosts and implicit localhost',
    async () => {
      expectSame(
        await runBoth(fleet(), { playbook: PLAYBOOK, files: ROLES, hosts: 1, inventoryExtra: noAddress }),
      );
    },
    SLOW,
  );

  it(
    'the option variables (--limit, --tags, --skip-tags, --check, --diff), ansible_python of the configured interpreter',
    async () => {
      expectSame(
        await runBoth(fleet(), {
          playbook: OPTIONS_PLAYBOOK,
          hosts: 2,
          args: ['-l', 'node00*', '-t', 'probe', '--skip-tags', 'other,x', '-C', '-D'],
          setup: (dir) => symlinkSync('/usr/bin/python3', path.join(dir, 'py')),
        }),
      );
    },
    SLOW,
  );
});
