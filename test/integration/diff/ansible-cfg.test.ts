/**
 * ansible.cfg against ansible-playbook 2.14: the file in the working directory, and the one
 * $ANSIBLE_CONFIG names, set settings flotilla honours (roles_path relative to the file,
 * gathering, tags to skip, forks as the config lookup sees it, a plugin option), the
 * environment beats the file, ansible_config_file names it, and a file configparser refuses
 * stops the run before anything runs, with exit code 5. Whole normalised stdout, exit code
 * and files must match (sweep-compare.ts).
 */
import { describe, expect, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { expectSame, SLOW } from './sweep-compare.js';

const PLAY = `- hosts: fleet
  roles: [shared]
  tasks:
    - name: settings as the file gives them
      debug:
        msg: >-
          {{ lookup('config', 'DEFAULT_FORKS') }}
          {{ lookup('config', 'DEFAULT_ROLES_PATH') | map('relpath', playbook_dir) | list }}
          {{ lookup('config', 'remote_tmp', plugin_type='shell', plugin_name='sh') }}
          {{ ansible_config_file | relpath(playbook_dir) }}
          {{ ansible_facts.keys() | list }}
    - name: skipped by the file's [tags] skip
      debug: msg=skipped
      tags: [skipme]
`;

const ROLE = (name: string) => ({ [`${name}/shared/tasks/main.yml`]: `- debug: msg="role from ${name}"\n` });

const CWD_CFG = `# the project's settings
[defaults]
forks = 13 ; inline comment
roles_path = ./local_roles:
  /nonexistent/roles
gathering = explicit
remote_tmp = /tmp/.flt-cfg-remote

[tags]
skip = skipme
`;

/** Tasks whose lines are all ok, all skipped, mixed, changed, looped, included, and a handler. */
const QUIET_PLAY = `- hosts: fleet
  gather_facts: false
  tasks:
    - name: all ok
      debug: msg=ok
    - name: all skipped
      debug: msg=never
      when: false
    - name: mixed
      debug: msg=first-only
      when: inventory_hostname == ansible_play_hosts[0]
    - name: changed
      command: "true"
      notify: handler
    - name: loop with skipped items
      debug: msg="{{ item }}"
      loop: [1, 2, 3]
      when: item != 2
    - name: include
      include_tasks: inc.yml
  handlers:
    - name: handler
      debug: msg=handled
`;

describe('ansible.cfg', () => {
  const fleet = ownFleet(2);

  it(
    'the working directory’s ansible.cfg sets roles_path, gathering, tags, forks and plugin options',
    async () => {
      expectSame(
        await runBoth(fleet(), {
          playbook: PLAY,
          hosts: 2,
          files: { 'ansible.cfg': CWD_CFG, ...ROLE('local_roles') },
        }),
      );
    },
    SLOW,
  );

  it(
    '$ANSIBLE_CONFIG (a directory) wins over the working directory’s, and the environment over both',
    async () => {
      expectSame(
        await runBoth(fleet(), {
          playbook: PLAY,
          hosts: 2,
          files: {
            'ansible.cfg': CWD_CFG,
            'conf/ansible.cfg': '[defaults]\nforks = 9\nroles_path = ../other_roles\n[tags]\nskip = skipme\n',
            ...ROLE('other_roles'),
          },
          env: { ANSIBLE_CONFIG: '{dir}/conf', ANSIBLE_GATHERING: 'explicit', ANSIBLE_FORKS: '4' },
        }),
      );
    },
    SLOW,
  );

  for (const settings of [
    'display_skipped_hosts = False',
    'display_ok_hosts = no',
    'display_skipped_hosts = 0\ndisplay_ok_hosts = false',
  ]) {
    it(
      `the default callback's ${settings.replaceAll('\n', ', ')}: banners wait for a line to show`,
      async () => {
        expectSame(
          await runBoth(fleet(), {
            playbook: QUIET_PLAY,
            hosts: 2,
            files: { 'ansible.cfg': `[defaults]\n${settings}\n`, 'inc.yml': '- debug: msg=included\n' },
          }),
        );
      },
      SLOW,
    );
  }

  it(
    'gathering = smart: each host gathers once in the run, gather_facts: true included',
    async () => {
      const play = (hosts: string, gather: string) => `- hosts: ${hosts}
${gather}  tasks:
    - debug: msg="{{ ansible_facts.keys() | length > 10 }}"
`;
      expectSame(
        await runBoth(fleet(), {
          playbook: [
            play('node001', ''),
            play('fleet', ''),
            play('fleet', '  gather_facts: true\n'),
            play('fleet', '  gather_facts: false\n'),
          ].join(''),
          hosts: 2,
          files: { 'ansible.cfg': '[defaults]\ngathering = smart\n' },
        }),
      );
    },
    SLOW,
  );

  it(
    'ansible_managed from the file, formatted and strftime’d, in the template module and lookup',
    async () => {
      expectSame(
        await runBoth(fleet(), {
          playbook: `- hosts: fleet
  gather_facts: false
  tasks:
    - template: { src: m.j2, dest: "{{ root }}/{{ inventory_hostname }}.txt" }
    - debug: msg="{{ lookup('template', 'm.j2') }}"
`,
          hosts: 2,
          files: {
            'ansible.cfg': '[defaults]\nansible_managed = Managed: {file} by {uid} {{x}} %Y-%m-%d 100%% %%\n',
            'templates/m.j2': '# {{ ansible_managed }}\n',
          },
        }),
      );
    },
    SLOW,
  );

  it(
    'a file configparser refuses stops the run with exit code 5 and its message',
    async () => {
      const r = await runBoth(fleet(), {
        playbook: PLAY,
        hosts: 2,
        files: { 'ansible.cfg': '[defaults]\nforks = 1\nforks = 2\n', ...ROLE('roles') },
      });
      expectSame(r);
      expect(r.flotilla.code).toBe(5);
      expect(r.flotilla.stderr).toContain(
        "ansible.cfg): While reading from '<string>' [line  3]: option 'forks' in section 'defaults' already exists",
      );
    },
    SLOW,
  );
});
