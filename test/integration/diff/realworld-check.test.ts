/**
 * Differential cases found by running public roles (geerlingguy.*, dev-sec) with both tools
 * in `--check --diff`: each is the smallest play that showed a divergence, kept so it stays
 * fixed. Whole normalised stdout, exit code and files must match (see sweep-compare.ts).
 */
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { expectSame, SLOW } from './sweep-compare.js';

const FQCN_LOOPS = `- hosts: fleet
  gather_facts: false
  tasks:
    - debug: { msg: "{{ item }}" }
      with_community.general.flattened: [[1, [2]], 3]
    - debug: { msg: "{{ item }}" }
      with_ansible.builtin.items: [a, [b]]
    - debug: { msg: "{{ item.key }}={{ item.value }}" }
      with_ansible.builtin.dict: { k: v }
`;

const COLLECTION = 'collections/ansible_collections/myns/mycol';
const COLLECTION_ROLE = {
  playbook: `- hosts: fleet
  gather_facts: false
  roles:
    - myns.mycol.myrole
  tasks:
    - include_role: { name: myns.mycol.myrole, tasks_from: other }
- hosts: fleet
  gather_facts: false
  tasks:
    - import_role: { name: myns.mycol.myrole }
      vars: { greeting: hi }
    - myns.mycol.hello: { name: world }
- hosts: fleet
  gather_facts: false
  collections: [myns.mycol]
  tasks:
    - hello: { name: via-collections }
`,
  files: {
    [`${COLLECTION}/galaxy.yml`]: 'namespace: myns\nname: mycol\nversion: 1.0.0\n',
    [`${COLLECTION}/roles/myrole/tasks/main.yml`]: `- debug:
    msg: "{{ role_name }} {{ ansible_role_name }} {{ ansible_collection_name }} {{ greeting }} {{ role_path | basename }}"
- ping:
`,
    [`${COLLECTION}/roles/myrole/tasks/other.yml`]: '- debug: { msg: "other {{ role_name }}" }\n',
    [`${COLLECTION}/roles/myrole/defaults/main.yml`]: 'greeting: hello\n',
    [`${COLLECTION}/plugins/module_utils/greet.py`]: "def greet(name):\n    return 'hello ' + name\n",
    [`${COLLECTION}/plugins/modules/hello.py`]: `from ansible.module_utils.basic import AnsibleModule
from ansible_collections.myns.mycol.plugins.module_utils.greet import greet


def main():
    module = AnsibleModule(argument_spec=dict(name=dict(type='str', required=True)))
    module.exit_json(changed=False, msg=greet(module.params['name']))


if __name__ == '__main__':
    main()
`,
  },
  hosts: 1,
};

/** roles/alias is a symlink to roles/real.role (as `geerlingguy.ntp` links often are). */
const SYMLINKED_ROLE = {
  playbook: `- hosts: fleet
  gather_facts: false
  roles: [alias]
  tasks:
    - include_role: { name: alias, tasks_from: more }
`,
  files: {
    'roles/real.role/tasks/main.yml':
      '- debug: msg="{{ role_path }} {{ role_name }}"\n- include_tasks: more.yml\n',
    'roles/real.role/tasks/more.yml':
      "- debug: msg=\"{{ lookup('first_found', ['x.yml', 'more.yml'], paths=[role_path ~ '/tasks']) }}\"\n",
  },
  setup: (dir: string) => symlinkSync('real.role', path.join(dir, 'roles/alias')),
  hosts: 1,
};

const VARS_FILES_UNDEFINED = `- hosts: fleet
  gather_facts: true
  vars_files:
    - [ "vars/{{ nope }}.yml", "vars/defaults.yml" ]
  tasks:
    - debug: msg=hi
`;

const LINKS = `- hosts: fleet
  gather_facts: false
  vars:
    d: "{{ root }}/{{ inventory_hostname }}"
  tasks:
    - file: { path: "{{ d }}", state: directory }
      check_mode: false
    - copy: { content: "x", dest: "{{ d }}/plain" }
      check_mode: false
    - file: { src: /etc/hostname, dest: "{{ d }}/l1", state: link }
    - file: { src: /etc/hostname, dest: "{{ d }}/h1", state: hard }
    - file: { src: /nonexistent-flt/a, dest: "{{ d }}/l2", state: link }
      ignore_errors: true
    - file: { src: /nonexistent-flt/a, dest: "{{ d }}/h2", state: hard }
      ignore_errors: true
    - file: { src: /etc/hostname, dest: "{{ d }}/plain", state: hard }
      ignore_errors: true
    - file: { src: /etc/hosts, dest: "{{ d }}/plain", state: link }
      ignore_errors: true
    - file: { path: "{{ d }}", state: directory, mode: "1528" }
      ignore_errors: true
`;

const USERS = `- hosts: fleet
  gather_facts: false
  tasks:
    - user: { name: flt_nosuchuser, shell: /sbin/nologin, create_home: false, state: present }
    - user: { name: nobody, shell: /bin/false }
    - user: { name: nobody }
    - user: { name: nobody, create_home: false }
`;

/** Keys in the modules' own order: a loop label or `keys()` shows it (os_hardening's find loops). */
const KEY_ORDER = `- hosts: fleet
  gather_facts: false
  tasks:
    - file: { src: /etc/hostname, dest: "{{ root }}/solink", state: link }
    - stat: { path: "{{ root }}/solink", get_md5: true }
      register: s
    - debug: msg="{{ s.stat.keys() | list }}"
    - stat: { path: /etc/hostname, get_md5: true, follow: true }
      register: s2
    - debug: msg="{{ s2.stat.keys() | list }}"
    - find: { paths: /etc, patterns: hostname }
      register: f
    - debug: msg="{{ item.path }}"
      loop: "{{ f.files }}"
    - stat: path=/etc/hostname get_checksum=no
      loop: [1]
      register: a
    - debug: msg="{{ a.results[0].invocation.module_args.keys() | list }}"
    - apt: { name: coreutils, update_cache: false }
      loop: [1]
      register: b
    - debug: msg="{{ b.results[0].invocation.module_args.keys() | list }}"
    - command: echo hi
      args: { chdir: /tmp }
      loop: [1]
      register: c
    - debug: msg="{{ c.results[0].invocation.module_args.keys() | list }}"
    - file: { dest: "{{ root }}", mode: "0755", state: directory }
      loop: [1]
      register: d
    - debug: msg="{{ d.results[0].invocation.module_args.keys() | list }}"
    - shell: echo hi
      loop: [1]
      register: e
    - debug: msg="{{ e.results[0].invocation.module_args.keys() | list }}"
`;

const LABELS = `- hosts: fleet
  gather_facts: false
  vars:
    hide: true
  tasks:
    - stat: path={{ item }}
      loop: []
      no_log: true
    - stat: path={{ item }}
      with_items: []
      no_log: "{{ hide }}"
    - debug: msg={{ item }}
      loop: [a, b]
      no_log: "{{ hide }}"
      when: item == 'z'
    - debug: msg={{ item }}
      loop: [a, b]
      no_log: "{{ hide }}"
      when: item == 'a'
    - ping:
      delegate_to: localhost
      register: r
      until: r.status == 200
      retries: 1
      delay: 0
      ignore_errors: true
    - ping:
      delegate_to: localhost
      when: undefined_thing.status == 200
      ignore_errors: true
`;

const LOOKUP_WARNINGS = `- hosts: fleet
  gather_facts: false
  tasks:
    - debug: var=item
      with_fileglob: /nonexistent-flt/files/*
    - debug: msg="{{ lookup('fileglob', 'nodir/*.txt') }}"
    - debug: msg="{{ query('fileglob', '*.nomatch') }}"
    - debug: msg="{{ lookup('file', 'nofile.txt') }}"
      ignore_errors: true
    - debug: msg="{{ lookup('first_found', ['nofile3.txt'], errors='ignore') }}"
`;

const TEMPLATING = `- hosts: fleet
  gather_facts: false
  vars:
    arch: x86_64
    empty: ""
  tasks:
    - debug: { msg: "{{ 'arm64' if arch == 'aarch64' else 'armhf' if arch == 'armv7l' else 'amd64' }}" }
    - debug: { msg: "{{ 'Ansible managed' | comment(decoration='; ') }}" }
    - debug: { msg: "{{ 'a\\n\\nb' | comment }}" }
    - debug: { msg: "{{ 'a' | comment('cblock') }}" }
    - debug: { msg: "{{ 'x' | comment(prefix='PRE', postfix_count=2, end='END') }}" }
    - debug: { msg: "{{ 'a' | comment('c', prefix_count=0, postfix_count=3, newline='|') }}" }
    - debug: { msg: "{{ empty is version('8.0', '>=') }}" }
      ignore_errors: true
`;

const LOOP_WARNINGS = `- hosts: fleet
  gather_facts: false
  tasks:
    - lineinfile: { path: "{{ root }}/lw", regexp: '', line: "{{ item }}", create: true }
      check_mode: true
      loop: [a, b]
      register: r
    - debug: msg="{{ r.warnings | default('none') }} {{ r.results[0].warnings | default('none') }}"
    - find: { paths: "/nonexistent-flt/{{ item }}" }
      loop: [x, y]
`;

const MISSING_SOURCES = `- hosts: fleet
  gather_facts: false
  tasks:
    - unarchive: { src: /nonexistent-flt/archive.tar.gz, dest: "{{ root }}" }
      ignore_errors: true
    - copy: { src: /nonexistent-flt/file.txt, dest: "{{ root }}/x" }
      ignore_errors: true
    - copy: { src: missing.txt, dest: "{{ root }}/x" }
      ignore_errors: true
    - template: { src: missing.j2, dest: "{{ root }}/x" }
      ignore_errors: true
    - template: src={{ item }} dest={{ root }}/out-{{ item }}
      with_items: [missing1.j2, missing2.j2]
      ignore_errors: true
    - script: missing.sh
      ignore_errors: true
    - script: /bin/true
      args: { creates: /nonexistent-flt/created }
    - debug: msg=after
`;

const LIMITED = `- hosts: node002
  gather_facts: false
  tasks:
    - debug: msg=x
- hosts: localhost
  gather_facts: false
  tasks:
    - debug: msg=x
- hosts: nosuchhost
  gather_facts: false
  tasks:
    - debug: msg=x
`;

const MISSING_OWNERS = `- hosts: fleet
  gather_facts: false
  tasks:
    - file: { path: "{{ root }}/newdir", owner: nosuchuser42, group: nosuchgroup42, state: directory }
    - file: { path: "{{ root }}/fo1", state: directory, owner: "54321", group: root }
    - file: { path: "{{ root }}/fo1", state: absent, owner: nosuch }
`;

const HOSTVARS_UNDEFINED = `- hosts: fleet
  gather_facts: false
  tasks:
    - debug: { msg: "{{ hostvars[inventory_hostname]['nope'] }}" }
      ignore_errors: true
    - debug: { msg: "{{ hostvars[inventory_hostname].nope }}" }
      ignore_errors: true
    - debug: { msg: "{{ hostvars['nosuchhost'].x }}" }
      ignore_errors: true
    - debug: { msg: "{{ hostvars['nosuchhost'] | default('d') }} {{ hostvars.nosuch2 is defined }} {{ 'node001' in hostvars }}" }
`;

const CHECK_SKIPS = `- hosts: fleet
  gather_facts: false
  tasks:
    - name: command skipped by check mode, with failed_when and changed_when
      command: /bin/true --version
      failed_when: false
      changed_when: false
      register: r1
    - debug: { var: r1 }
    - name: uri skipped by check mode, failed_when on a key only a real run has
      uri:
        url: http://localhost:9/
        return_content: true
      register: r2
      failed_when: "'Metrics' not in r2.content"
`;

const CHDIR = `- hosts: fleet
  gather_facts: false
  tasks:
    - command: make all
      args:
        chdir: /nonexistent-dir-flt
      ignore_errors: true
    - shell: echo hi
      args:
        chdir: /nonexistent-dir-flt
        creates: x
      ignore_errors: true
    - command: /bin/true
      args:
        chdir: /etc
        creates: passwd
    - command: /bin/true
      args:
        chdir: /etc
        removes: passwd*
    - command: /bin/true
      args:
        chdir: /etc
        removes: no-such-file-flt
`;

const APT = `- hosts: fleet
  gather_facts: false
  tasks:
    - apt: { name: [coreutils, bash], state: present }
    - package: { name: coreutils, state: present }
    - apt: { name: flt-no-such-package, state: absent }
    - apt: { name: flt-no-such-package }
      ignore_errors: true
    - apt: { update_cache: true, cache_valid_time: 999999999 }
    - apt: { name: coreutils, default_release: "", update_cache: false }
    - apt: { autoremove: true }
    - apt: { name: "coreutils=0.0-flt" }
      ignore_errors: true
`;

const FILE_EXTRAS = `- hosts: fleet
  gather_facts: false
  vars:
    d: "{{ root }}/{{ inventory_hostname }}"
  tasks:
    - file: { path: "{{ d }}", state: directory }
    - file: { path: "{{ d }}/f", state: touch, setype: etc_t, seuser: system_u }
    - file: { path: "{{ d }}/missing", setype: etc_t }
      ignore_errors: true
    - file: { path: "{{ d }}/missing", state: file }
      ignore_errors: true
    - lineinfile: { path: "{{ d }}/f", line: a, selevel: s0 }
    - copy: { content: "x\\n", dest: "{{ d }}/c", setype: etc_t }
    - template: { src: blocks.j2, dest: "{{ d }}/t", serole: object_r }
`;

const BLOCKS = `- hosts: fleet
  gather_facts: false
  vars:
    x: outer
  tasks:
    - template: { src: blocks.j2, dest: "{{ root }}/blocks.conf" }
    - copy: { content: "x\\n", dest: "{{ root }}/content.conf" }
    - debug:
        msg: "a{% block a %}[{{ x }}{% set x = 'inner' %}{{ x }}]{% endblock %}{{ x }}{% for i in [1, 2] %}{% block b %}<{{ i | default('u') }}>{% endblock %}{% endfor %}"
    - debug:
        msg: "{% set y = 1 %}{% block c %}{{ y }}{% block d %}nested{% endblock %}{% endblock c %}"
`;

const BLOCKS_TEMPLATE = `{% block head %}
worker {{ 2 }};
{% endblock %}
{% for i in [1] %}{% block loop %}{{ i is defined }}{% endblock %}{% endfor %}
tail
`;

describe('same as ansible-playbook: cases from real-world roles in check mode', () => {
  const fleet = ownFleet(2);

  it(
    'a result check mode skipped is not judged by failed_when or changed_when',
    async () => {
      expectSame(await runBoth(fleet(), { playbook: CHECK_SKIPS, hosts: 1, args: ['--check', '-v'] }));
    },
    SLOW,
  );

  it(
    '{% block %} without extends (nginx.conf.j2), and the diff header naming the rendered temp file',
    async () => {
      const c = { playbook: BLOCKS, files: { 'templates/blocks.j2': BLOCKS_TEMPLATE }, hosts: 1 };
      expectSame(await runBoth(fleet(), { ...c, args: ['--check', '--diff'] }));
      expectSame(await runBoth(fleet(), { ...c, args: ['--diff', '-v'] }));
    },
    SLOW,
  );

  it(
    'command changes into chdir first: its failure in check mode, creates and removes relative to it',
    async () => {
      expectSame(await runBoth(fleet(), { playbook: CHDIR, hosts: 1, args: ['--check', '-v'] }));
      expectSame(await runBoth(fleet(), { playbook: CHDIR, hosts: 1, args: ['-v'] }));
    },
    SLOW,
  );

  it(
    'apt: native where nothing changes, apt.py itself for the rest (missing packages, cache_valid_time, pins)',
    async () => {
      expectSame(await runBoth(fleet(), { playbook: APT, hosts: 1, args: ['--check', '--diff', '-v'] }));
    },
    SLOW,
  );

  it(
    'SELinux options: the file modules run Ansible code (a bridged failure keeps its message); copy and template take them where SELinux is off',
    async () => {
      const c = { playbook: FILE_EXTRAS, files: { 'templates/blocks.j2': BLOCKS_TEMPLATE }, hosts: 1 };
      expectSame(await runBoth(fleet(), { ...c, args: ['-v'] }));
      expectSame(await runBoth(fleet(), { ...c, args: ['--check', '-v'] }));
    },
    SLOW,
  );

  it(
    'with_<collection lookup> loops (os_hardening: with_community.general.flattened)',
    async () => {
      expectSame(await runBoth(fleet(), { playbook: FQCN_LOOPS, hosts: 1, args: ['--check'] }));
    },
    SLOW,
  );

  it(
    'a role of a collection next to the playbook, by its FQCN (devsec.hardening.os_hardening)',
    async () => {
      expectSame(await runBoth(fleet(), { ...COLLECTION_ROLE, args: ['-v'] }));
      expectSame(await runBoth(fleet(), { ...COLLECTION_ROLE, args: ['--list-tasks'] }));
    },
    SLOW,
  );

  it(
    'a role reached through a symlink: its paths are the real ones (unfrackpath), its name the one given',
    async () => {
      expectSame(await runBoth(fleet(), { ...SYMLINKED_ROLE, args: ['-v'] }));
    },
    SLOW,
  );

  it(
    "an undefined name in a vars_files entry ends the run with Ansible's error and exit code, on every host",
    async () => {
      const r = await runBoth(fleet(), {
        playbook: VARS_FILES_UNDEFINED,
        files: { 'vars/defaults.yml': 'x: 1\n' },
        hosts: 2,
      });
      const error =
        "ERROR! an undefined variable was found when attempting to template the vars_files item '['vars/{{ nope }}.yml', 'vars/defaults.yml']'";
      expect(r.ansible.stdout + r.ansible.stderr).toContain(error);
      expect(r.flotilla.stdout + r.flotilla.stderr).toContain(error);
      expect(r.flotilla.stdout + r.flotilla.stderr).not.toContain('crashed');
      expect([r.flotilla.code, r.ansible.code]).toEqual([1, 1]);
    },
    SLOW,
  );

  it(
    'file links: check-mode results, ensure_hardlink refusals, failures carrying the stat of an existing path',
    async () => {
      expectSame(await runBoth(fleet(), { playbook: LINKS, hosts: 1, args: ['--check', '-v'] }));
      expectSame(await runBoth(fleet(), { playbook: LINKS, hosts: 1, args: ['-v'] }));
    },
    SLOW,
  );

  it(
    'user in check mode: a new account is just changed; an existing one whose home is missing is changed (create_home)',
    async () => {
      expectSame(await runBoth(fleet(), { playbook: USERS, hosts: 1, args: ['--check', '-v'] }));
    },
    SLOW,
  );

  it(
    "results keep the modules' key order (find's files, stat, invocation.module_args)",
    async () => {
      expectSame(await runBoth(fleet(), { playbook: KEY_ORDER, hosts: 1 }));
    },
    SLOW,
  );

  it(
    'an empty loop censored only by a literal no_log; a delegated task failing its until/when names its delegate',
    async () => {
      expectSame(await runBoth(fleet(), { playbook: LABELS, hosts: 1, args: ['-v'] }));
    },
    SLOW,
  );

  it(
    'a lookup that finds no file warns as find_file_in_search_path does (first_found does not)',
    async () => {
      expectSame(await runBoth(fleet(), { playbook: LOOKUP_WARNINGS, hosts: 1 }));
    },
    SLOW,
  );

  it(
    'templating from real roles: chained conditional expressions (docker), the comment filter (php), version of an empty value (mysql)',
    async () => {
      expectSame(await runBoth(fleet(), { playbook: TEMPLATING, hosts: 1 }));
    },
    SLOW,
  );

  it(
    "a loop's item warnings show with each item and once more for the task, which takes them out of its results",
    async () => {
      expectSame(await runBoth(fleet(), { playbook: LOOP_WARNINGS, hosts: 1, args: ['-v'] }));
      expectSame(await runBoth(fleet(), { playbook: LOOP_WARNINGS, hosts: 1 }));
    },
    SLOW,
  );

  it(
    'a controller file that is not there fails as _find_needle does (searched paths, the remote_src hint), per item in a loop',
    async () => {
      expectSame(await runBoth(fleet(), { playbook: MISSING_SOURCES, hosts: 1 }));
      expectSame(await runBoth(fleet(), { playbook: MISSING_SOURCES, hosts: 1, args: ['--check', '-v'] }));
    },
    SLOW,
  );

  it(
    'a play whose hosts the limit leaves out has no hosts, without the unmatched-pattern warning',
    async () => {
      expectSame(await runBoth(fleet(), { playbook: LIMITED, hosts: 2, args: ['-l', 'node001'] }));
    },
    SLOW,
  );

  it(
    'file in check mode warns of an owner or group that does not exist yet (tomcat, jboss, mongodb)',
    async () => {
      expectSame(await runBoth(fleet(), { playbook: MISSING_OWNERS, hosts: 1, args: ['--check', '-v'] }));
    },
    SLOW,
  );

  it(
    "hostvars' undefined errors name Ansible's classes (HostVarsVars) and an unknown host as hostvars['x'] (mongodb's iptables.j2)",
    async () => {
      expectSame(await runBoth(fleet(), { playbook: HOSTVARS_UNDEFINED, hosts: 1 }));
    },
    SLOW,
  );

  it(
    '--syntax-check loads the static imports: an unknown module in an imported file fails it (exit 4)',
    async () => {
      const r = await runBoth(fleet(), {
        playbook: '- hosts: fleet\n  gather_facts: false\n  tasks:\n    - import_tasks: t.yml\n',
        files: {
          't.yml': '- name: a module 2.14 lacks\n  ansible.builtin.deb822_repository:\n    name: x\n',
        },
        hosts: 1,
        args: ['--syntax-check'],
      });
      expect([r.flotilla.code, r.ansible.code]).toEqual([4, 4]);
      for (const side of [r.ansible, r.flotilla])
        expect(side.stdout + side.stderr).toContain("couldn't resolve module/action");
    },
    SLOW,
  );

  it(
    "a filter's error inside a template file fails as the template action words it (AnsibleFilterError, AnsibleError)",
    async () => {
      const playbook = `- hosts: fleet
  gather_facts: false
  tasks:
    - template: { src: t.j2, dest: "{{ root }}/never" }
      ignore_errors: true
    - template: { src: m.j2, dest: "{{ root }}/never" }
      ignore_errors: true
    - template: { src: u.j2, dest: "{{ root }}/never" }
      ignore_errors: true
`;
      const files = {
        'templates/t.j2': "{{ 'x' | dict2items }}\n",
        'templates/m.j2': '{{ nope_undefined | mandatory }}\n',
        'templates/u.j2': '{{ nope_undefined }}\n',
      };
      expectSame(await runBoth(fleet(), { playbook, files, hosts: 1, args: ['--check'] }));
    },
    SLOW,
  );

  it(
    'the listing modes warn of a play pattern that matches nothing, as get_vars(play) does',
    async () => {
      const playbook = '- hosts: nosuchgroup\n  gather_facts: false\n  tasks:\n    - debug: msg=hi\n';
      for (const mode of ['--list-tasks', '--list-tags', '--syntax-check']) {
        const r = await runBoth(fleet(), { playbook, hosts: 1, args: [mode] });
        const warning = 'Could not match supplied host pattern, ignoring: nosuchgroup';
        expect(r.ansible.stderr, mode).toContain(warning);
        expect(r.flotilla.stderr, mode).toContain(warning);
        expect(r.flotilla.stdout).toBe(r.ansible.stdout);
      }
    },
    SLOW,
  );

  it(
    'an inventory group name with invalid characters is warned about once (web-servers)',
    async () => {
      const playbook = '- hosts: web-servers\n  gather_facts: false\n  tasks:\n    - debug: msg=hi\n';
      const r = await runBoth(fleet(), {
        playbook,
        hosts: 1,
        inventoryExtra: ['', '[web-servers]', 'node001'],
      });
      expectSame(r);
      const warning = 'Invalid characters were found in group names but not replaced';
      for (const side of [r.ansible, r.flotilla]) expect(side.stderr.split(warning)).toHaveLength(2);
    },
    SLOW,
  );
});
