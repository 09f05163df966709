/**
 * Parity sweep against ansible-playbook 2.14 with realistic playbooks of the kind users run:
 * a web-server role (defaults, vars, import_tasks/include_tasks with loop_control, templates,
 * files, handlers via listen, flush_handlers) with group_vars/host_vars next to the inventory;
 * user and config management (subelements, dict2items, lineinfile/blockinfile/replace, set_fact
 * accumulation, assert, failed_when/changed_when) under --diff; a rolling update; a facts-driven
 * play with tags.
 * Whole normalised stdout, exit code and files written must match (see sweep-compare.ts).
 */
import { describe, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { expectSame, SLOW } from './sweep-compare.js';

const WEB_PLAY = `- name: configure web servers
  hosts: fleet
  gather_facts: false
  vars:
    base: "{{ root }}/{{ inventory_hostname }}"
  pre_tasks:
    - name: create base dir
      file:
        path: "{{ base }}"
        state: directory
        mode: "0755"
  roles:
    - role: web
      web_port: 8080
  post_tasks:
    - name: summary
      debug:
        msg: "{{ inventory_hostname }} serves {{ web_sites | map(attribute='name') | join(',') }} on {{ web_port }}"
`;

const WEB_FILES: Record<string, string> = {
  'group_vars/fleet.yml': `web_sites:
  - name: main
    root: /srv/main
    aliases: [www, home]
  - name: api
    root: /srv/api
    aliases: []
env_name: staging
`,
  'host_vars/node002.yml': `web_workers: 8
env_name: production
`,
  'roles/web/defaults/main.yml': `web_port: 80
web_workers: 2
web_user: www-data
web_extra_headers: {}
`,
  'roles/web/files/index.html': `<h1>hello</h1>
`,
  'roles/web/handlers/main.yml': `- name: reload web
  copy:
    content: "reloaded {{ inventory_hostname }}\\n"
    dest: "{{ base }}/reloaded"
- name: restart app
  debug:
    msg: "restart app on {{ inventory_hostname }}"
  listen: restart stack
- name: restart db
  debug:
    msg: restart db
  listen: restart stack
`,
  'roles/web/tasks/layout.yml': `- name: conf dir
  file:
    path: "{{ web_conf_dir }}/sites"
    state: directory
    mode: "0750"
- name: logs dir
  file:
    path: "{{ base }}/logs"
    state: directory
`,
  'roles/web/tasks/main.yml': `- name: layout
  import_tasks: layout.yml
- name: per site
  include_tasks: site.yml
  loop: "{{ web_sites }}"
  loop_control:
    loop_var: site
    label: "{{ site.name }}"
- name: main config
  template:
    src: web.conf.j2
    dest: "{{ web_conf_dir }}/web.conf"
    mode: "0644"
  notify: reload web
- name: static file
  copy:
    src: index.html
    dest: "{{ base }}/index.html"
    mode: "0644"
  notify: restart stack
- name: flush now
  meta: flush_handlers
- name: after flush
  debug:
    msg: "handlers ran: {{ lookup('file', base + '/reloaded', errors='ignore') | default('none', true) }}"
`,
  'roles/web/tasks/site.yml': `- name: site file for {{ site.name }}
  template:
    src: site.j2
    dest: "{{ web_conf_dir }}/sites/{{ site.name }}.conf"
  notify: reload web
- name: note aliases
  debug:
    msg: "{{ site.name }} has {{ site.aliases | length }} aliases"
  when: site.aliases | length > 0
`,
  'roles/web/templates/site.j2': `server {
  name {{ site.name }};
  root {{ site.root }};
{% if site.aliases %}
  aliases {{ site.aliases | join(' ') }};
{% endif %}
  port {{ web_port | int + 1 }};
}
`,
  'roles/web/templates/web.conf.j2': `# {{ ansible_managed | default('managed') }}
listen {{ web_port }};
workers {{ web_workers }};
user {{ web_user | upper }};
env {{ env_name }};
{% for s in web_sites | sort(attribute='name') %}
include sites/{{ s.name }}.conf;  # {{ loop.index }}/{{ loop.length }}
{% endfor %}
{% if web_workers > 4 %}
tuning high;
{% else %}
tuning low;
{% endif %}
{% for k, v in web_extra_headers.items() %}
header {{ k }} {{ v }};
{% endfor %}
`,
  'roles/web/vars/main.yml': `web_conf_dir: "{{ base }}/etc/web"
`,
};

const USERS_PLAY = `- name: users and config
  hosts: fleet
  gather_facts: false
  vars:
    d: "{{ root }}/{{ inventory_hostname }}"
    users:
      - name: alice
        groups: [admin, dev]
        shell: /bin/bash
      - name: bob
        groups: [dev]
        shell: /bin/zsh
      - name: carol
        groups: []
        shell: /bin/sh
    settings:
      max_conn: 100
      timeout: 30
      log_level: info
  tasks:
    - name: dirs
      file:
        path: "{{ d }}/{{ item }}"
        state: directory
        mode: "0750"
      with_items:
        - etc
        - home
    - name: user homes
      file:
        path: "{{ d }}/home/{{ item.name }}"
        state: directory
      loop: "{{ users }}"
      loop_control:
        label: "{{ item.name }}"
        index_var: idx
    - name: group memberships
      lineinfile:
        path: "{{ d }}/etc/group"
        line: "{{ item.1 }}:{{ item.0.name }}"
        create: true
        mode: "0644"
      loop: "{{ users | subelements('groups') }}"
      loop_control:
        label: "{{ item.0.name }} in {{ item.1 }}"
    - name: settings file
      copy:
        dest: "{{ d }}/etc/app.conf"
        content: |
          # app
          max_conn = 1
          timeout = 1
        mode: "0640"
    - name: apply settings
      lineinfile:
        path: "{{ d }}/etc/app.conf"
        regexp: "^{{ item.key }} ="
        line: "{{ item.key }} = {{ item.value }}"
      loop: "{{ settings | dict2items }}"
      register: applied
    - name: changed settings
      debug:
        msg: "{{ applied.results | selectattr('changed') | map(attribute='item.key') | list }}"
    - name: managed block
      blockinfile:
        path: "{{ d }}/etc/app.conf"
        block: |
          [users]
          {% for u in users %}
          {{ u.name }} = {{ u.shell }}
          {% endfor %}
    - name: rename log level
      replace:
        path: "{{ d }}/etc/app.conf"
        regexp: 'log_level = (\\w+)'
        replace: 'log_level = \\1-verbose'
    - name: read config
      command: cat {{ d }}/etc/app.conf
      register: conf
      changed_when: false
    - name: count lines
      set_fact:
        conf_lines: "{{ conf.stdout_lines | length }}"
    - name: accumulate shells
      set_fact:
        shells: "{{ shells | default({}) | combine({item.name: item.shell}) }}"
      loop: "{{ users }}"
      loop_control:
        index_var: i
        label: "{{ i }}:{{ item.name }}"
    - name: show shells
      debug:
        var: shells
    - name: check config
      assert:
        that:
          - conf_lines | int > 5
          - "'max_conn = 100' in conf.stdout"
        fail_msg: "config too short: {{ conf_lines }}"
        success_msg: "config ok"
    - name: failing assert is ignored
      assert:
        that: "users | length > 5"
        fail_msg: "only {{ users | length }} users"
      ignore_errors: true
    - name: grep with failed_when
      command: grep -c dev {{ d }}/etc/group
      register: devs
      failed_when: devs.rc > 1
      changed_when: devs.stdout | int > 1
    - name: report
      debug:
        msg: "{{ devs.stdout }} dev members, rc={{ devs.rc }}"
      when: devs is changed
    - name: missing file with failed_when on result
      command: cat {{ d }}/nope
      register: nope
      failed_when: "'No such file' not in nope.stderr"
    - name: copy again is unchanged
      copy:
        dest: "{{ d }}/etc/motd"
        content: "hello {{ inventory_hostname }}\\n"
        mode: "0644"
      loop: [1, 2]
    - name: file modes
      file:
        path: "{{ d }}/etc/motd"
        mode: u=rw,g=r,o=
    - name: stat it
      stat:
        path: "{{ d }}/etc/motd"
      register: st
    - name: mode
      debug:
        msg: "{{ st.stat.mode }} {{ st.stat.size }}"
`;

const USERS_FILES: Record<string, string> = {};

const ROLLING_PLAY = `- name: rolling update
  hosts: fleet
  gather_facts: false
  serial: [1, "70%"]
  max_fail_percentage: 60
  vars:
    d: "{{ root }}/{{ inventory_hostname }}"
    version: "2.1"
  tasks:
    - name: prepare
      file:
        path: "{{ d }}"
        state: directory
    - name: announce batch
      debug:
        msg: "batch {{ ansible_play_batch }} of {{ ansible_play_hosts_all | length }}"
      run_once: true
    - name: drain from balancer
      copy:
        content: "drained {{ inventory_hostname }}\\n"
        dest: "{{ root }}/lb-{{ inventory_hostname }}"
      delegate_to: localhost
    - name: deploy
      block:
        - name: write release
          copy:
            content: "version={{ version }}\\n"
            dest: "{{ d }}/release"
        - name: migrate
          command: /bin/false
          when: inventory_hostname == 'node002'
      rescue:
        - name: report failure
          debug:
            msg: "{{ ansible_failed_task.name }} failed: rc={{ ansible_failed_result.rc }}"
        - name: roll back
          copy:
            content: "version=2.0\\n"
            dest: "{{ d }}/release"
      always:
        - name: undrain
          file:
            path: "{{ root }}/lb-{{ inventory_hostname }}"
            state: absent
          delegate_to: localhost
    - name: wait for the release file
      wait_for:
        path: "{{ d }}/release"
        search_regex: "version="
        timeout: 5
    - name: smoke test fails on the last host
      command: test {{ inventory_hostname }} != node003
      changed_when: false

- name: verify
  hosts: fleet
  gather_facts: false
  any_errors_fatal: true
  tasks:
    - name: read release
      command: cat {{ root }}/{{ inventory_hostname }}/release
      register: rel
      changed_when: false
    - name: versions
      debug:
        msg: "{{ inventory_hostname }} at {{ rel.stdout }}"
    - name: one host breaks
      fail:
        msg: boom
      when: inventory_hostname == 'node001'
    - name: never reached
      debug:
        msg: unreachable
`;

const ROLLING_FILES: Record<string, string> = {};

const FACTS_PLAY = `- name: facts driven
  hosts: fleet
  gather_facts: true
  tasks:
    - name: os summary
      debug:
        msg: "{{ inventory_hostname_short }}: {{ ansible_facts['distribution'] }} {{ ansible_facts.os_family }} {{ ansible_distribution_major_version }}"
      tags: [info]
    - name: debian only
      debug:
        msg: "apt based"
      when: ansible_facts['os_family'] == 'Debian'
      tags: [pkg]
    - name: redhat only
      debug:
        msg: "yum based"
      when: ansible_os_family == "RedHat"
      tags: [pkg]
    - name: memory check
      assert:
        that:
          - ansible_memtotal_mb > 64
          - ansible_facts.memtotal_mb == ansible_memtotal_mb
        quiet: true
      tags: [check]
    - name: address is known
      debug:
        msg: "{{ ansible_default_ipv4.address is defined }} {{ ansible_default_ipv4 | type_debug }}"
      tags: [net]
    - name: peers
      debug:
        msg: "{{ groups['fleet'] | difference([inventory_hostname]) | map('extract', hostvars, 'inventory_hostname') | list }}"
      tags: [net]
    - name: db host from another host
      debug:
        msg: "db is {{ groups['db'][0] }} with {{ hostvars[groups['db'][0]]['ansible_facts']['os_family'] }}"
      when: "'web' in group_names"
      tags: [net, app]
    - name: play hosts
      debug:
        msg: "{{ play_hosts | length }} {{ ansible_play_batch | join(',') }} {{ ansible_play_hosts | sort | first }}"
      run_once: true
      tags: always
    - name: group names
      debug:
        var: group_names
      tags: [info]
    - name: never runs unless asked
      debug:
        msg: debugging
      tags: [never, debug]
    - name: facts from hostvars keys
      debug:
        msg: "{{ hostvars[inventory_hostname].ansible_hostname is string }} {{ ansible_facts.keys() | select('match', '^distribution') | list | sort }}"
      tags: [info]

- name: web tier
  hosts: web
  gather_facts: false
  tasks:
    - name: web facts still cached
      debug:
        msg: "{{ ansible_facts.distribution | lower }} {{ ansible_system }}"
      tags: [app]
    - name: count
      debug:
        msg: "{{ groups.web | length }} of {{ groups.all | length }}; ungrouped={{ groups.ungrouped | length }}"
`;

const FACTS_FILES: Record<string, string> = {};

const DEPLOY_PLAY = `- name: app deploy
  hosts: fleet
  gather_facts: false
  vars_files:
    - vars/main.yml
  vars:
    d: "{{ root }}/{{ inventory_hostname }}"
  tasks:
    - name: base
      file: path={{ d }} state=directory
    - name: app role
      include_role:
        name: app
      vars:
        app_name: shop
    - name: import common again with tasks_from
      import_role:
        name: common
        tasks_from: extra
    - name: ports
      debug:
        msg: "{{ item.key }} -> {{ item.value }}"
      with_dict: "{{ ports }}"
    - name: conf fragments
      copy:
        src: "{{ item }}"
        dest: "{{ d }}/"
      with_fileglob:
        - files/conf.d/*.conf
    - name: rendered inline
      debug:
        msg: "{{ lookup('template', 'roles/app/templates/app.ini.j2') | trim }}"
      when: inventory_hostname == 'node001'
  handlers:
    - name: play handler
      debug:
        msg: play-level handler ran
`;

const DEPLOY_FILES: Record<string, string> = {
  'files/conf.d/a.conf': `a=1
`,
  'files/conf.d/b.conf': `b=2
`,
  'roles/app/defaults/main.yml': `app_port: 9000
`,
  'roles/app/handlers/main.yml': `- name: app restarted
  debug:
    msg: "app {{ app_name }} restarted"
`,
  'roles/app/meta/main.yml': `dependencies:
  - role: common
`,
  'roles/app/tasks/main.yml': `- name: app config
  template:
    src: app.ini.j2
    dest: "{{ d }}/app.ini"
  notify:
    - play handler
    - app restarted
- name: role vars visible
  debug:
    msg: "{{ role_name }} {{ app_name }} {{ app_port }} {{ ansible_parent_role_names | default([]) }}"
`,
  'roles/app/templates/app.ini.j2': `[{{ app_name }}]
port={{ app_port }}
{% for name, port in ports | dictsort %}
{{ name }}={{ port }}
{% endfor %}
`,
  'roles/common/defaults/main.yml': `common_level: 3
`,
  'roles/common/handlers/main.yml': `- name: common changed
  debug:
    msg: "common handler for {{ inventory_hostname }}"
`,
  'roles/common/tasks/extra.yml': `- name: extra from common
  debug:
    msg: "extra {{ common_level }}"
`,
  'roles/common/tasks/main.yml': `- name: common marker
  copy:
    content: "common for {{ app_name | default('none') }}\\n"
    dest: "{{ d }}/common"
  notify: common changed
`,
  'vars/main.yml': `ports:
  http: 80
  https: 443
app_name: default
`,
};

describe('realistic playbooks against ansible-playbook', () => {
  const fleet = ownFleet(3);

  it(
    'a web role at --diff -v: included role tasks keep the role prefix, template/copy src and diff headers',
    async () => {
      expectSame(await runBoth(fleet(), { playbook: WEB_PLAY, files: WEB_FILES, args: ['--diff', '-v'] }));
    },
    SLOW,
  );

  it(
    'users and config under --diff: per-item diffs before each item, file mode in the diff',
    async () => {
      // --forks 1: Ansible sends a loop item's diff and its status line as two callbacks, so
      // with two hosts in parallel one host's diff can land between the other's diff and line
      // (seen in CI); one host at a time keeps each diff next to its own item.
      expectSame(
        await runBoth(fleet(), {
          playbook: USERS_PLAY,
          files: USERS_FILES,
          args: ['--diff', '--forks', '1'],
          hosts: 2,
        }),
      );
    },
    SLOW,
  );

  it(
    'a rolling update: serial batches, max_fail_percentage, rescue, delegate_to, any_errors_fatal',
    async () => {
      expectSame(await runBoth(fleet(), { playbook: ROLLING_PLAY, files: ROLLING_FILES }));
    },
    SLOW,
  );

  it(
    'facts-driven with groups and tags at -v: quiet assert, hostvars of other hosts, play_hosts',
    async () => {
      expectSame(
        await runBoth(fleet(), {
          playbook: FACTS_PLAY,
          files: FACTS_FILES,
          inventoryExtra: ['', '[db]', 'node003', '', '[web]', 'node001', 'node002'],
          args: ['--skip-tags', 'pkg', '-v'],
        }),
      );
    },
    SLOW,
  );

  it(
    'roles with meta dependencies, include_role vars, import_role tasks_from, with_dict/with_fileglob, an undefined variable inside lookup(template)',
    async () => {
      expectSame(await runBoth(fleet(), { playbook: DEPLOY_PLAY, files: DEPLOY_FILES, hosts: 2 }));
    },
    SLOW,
  );
});
