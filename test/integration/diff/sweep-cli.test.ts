/**
 * Parity sweep against ansible-playbook 2.14: extra vars typing (k=v strings, JSON, quoted,
 * @file), vars_prompt without a terminal (default, "None", extra vars win), import_playbook,
 * and tag selection (always/never, blocks, play tags, tagged/untagged), --list-tasks and
 * --syntax-check, and the warnings for host patterns that match nothing. Whole normalised stdout, exit code and files must match (sweep-compare.ts).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../support/temp-dirs.js';
import { ownFleet, runBoth } from './harness.js';
import { expectSame, SLOW } from './sweep-compare.js';

const FILES = {
  'extra.yml': `from_file: 42
nested: { a: [1, 2] }
`,
  'second.yml': `- name: imported play
  hosts: fleet
  gather_facts: false
  tags: [second]
  tasks:
    - name: in second
      debug: msg="second {{ n }} {{ n is number }} {{ s is string }} {{ from_file }}"
`,
};

const PLAY = `- name: first play
  hosts: fleet
  gather_facts: false
  vars_prompt:
    - name: prompted
      prompt: Give a value
      default: dflt
      private: false
    - name: nodefault
      prompt: No default here
    - name: overridden
      prompt: From extra vars
      default: prompt-default
  tasks:
    - name: show typed extra vars
      debug: msg="{{ n | int + 1 }} {{ n is string }} {{ s }} {{ b }} {{ b is string }} {{ from_file + 1 }} {{ nested.a | sum }} {{ prompted }} {{ nodefault }} {{ overridden }} {{ j.k }} {{ q }}"
      tags: [show]
    - name: tagged web
      debug: msg=web
      tags: [web, config]
    - name: untagged
      debug: msg=untagged
    - name: never unless asked
      debug: msg=never
      tags: [never, debugonly]
    - name: always
      debug: msg=always
      tags: always
    - block:
        - name: in tagged block
          debug: msg=blk
      tags: [blocktag]
- import_playbook: second.yml
`;

const EXTRA = [
  '-e',
  'n=5',
  '-e',
  's=abc b=true overridden=ev',
  '-e',
  '{"j": {"k": [1, "x"]}}',
  '-e',
  "q='quoted value'",
  '-e',
  '@extra.yml',
];

const UNMATCHED = `- hosts: fleet[0]:nosuch1
  gather_facts: false
  tasks:
    - debug: msg=hi
- hosts: nosuch2
  gather_facts: false
  tasks:
    - debug: msg=hi
`;

/** A tagged play with its own fact options: gathering follows the play's tags, local facts keep their name. */
function factsPlay(factPath: string): string {
  return `- hosts: fleet[0]
  tags: [web]
  gather_subset: ['!all', 'min']
  fact_path: ${factPath}
  tasks:
    - debug: msg="{{ ansible_local.x.k }} {{ ansible_facts.ansible_local.x.k }} {{ gather_subset }} {{ module_setup }} {{ ansible_facts._ansible_facts_gathered }}"
      tags: [other]
    - debug: msg="{{ ansible_facts.keys() | select('match', '^(ansible_|_|gather|module)') | sort | list }}"
      tags: [other]
`;
}

/** The connection keyword and -c: a host with no ansible_connection of its own takes them. */
const CONNECTION = `- hosts: fleet[0]:unreachable_by_ssh
  gather_facts: false
  connection: local
  tasks:
    - command: echo ran
      register: ran
      changed_when: false
    - debug: msg="{{ ansible_connection }} {{ ran.stdout }}"
- hosts: fleet[0]
  gather_facts: false
  tasks:
    - debug: msg="{{ ansible_connection | default('unset') }}"
    - debug: msg="{{ ansible_connection | default('unset') }}"
      connection: local
    - command: id -un
      register: w
      changed_when: false
    - debug: msg="{{ w.stdout }}"
- hosts: fleet[0]
  gather_facts: false
  become: false
  tasks:
    - command: id -un
      register: w2
      changed_when: false
    - debug: msg="{{ w2.stdout }}"
`;

/**
 * A local-connection host that sets no interpreter discovers it as an SSH host would (Ansible
 * runs discovery through the local shell): the first module's result reports the fact. Not
 * a task delegated to the implicit localhost, whose interpreter is the playbook's Python.
 */
const LOCAL_DISCOVERY = `- hosts: lab
  gather_facts: false
  connection: local
  tasks:
    - ping:
      register: p
    - debug: var=p
    - command: echo x
      register: c
      changed_when: false
    - debug: msg="{{ c.ansible_facts | default('none') }} {{ ansible_facts.discovered_interpreter_python | default('unset') }}"
    - ping:
      delegate_to: localhost
      register: d
    - debug: var=d
`;

/** The `[WARNING]` lines of a run's stderr. */
const START_AT = `- name: first play
  hosts: fleet
  gather_facts: false
  tasks:
    - name: p1 task
      debug: msg=p1
- name: second play
  hosts: fleet
  gather_facts: true
  gather_subset: [min]
  roles: [r]
  tasks:
    - block:
        - name: b one
          debug: msg=b1
        - name: b two
          debug: msg=b2
      rescue:
        - name: resc
          debug: msg=r
      always:
        - name: alw
          debug: msg=a
    - name: after
      debug: msg=after
- name: third play
  hosts: fleet[0]
  gather_facts: false
  tasks:
    - name: p3
      debug: msg=p3
`;
const START_AT_FILES = {
  'roles/r/tasks/main.yml': `- name: role first
  debug: msg=rf
- name: role second
  debug: msg=rs
`,
};

function errors(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith(' [ERROR]') || l.startsWith('[ERROR]'));
}

function warnings(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith('[WARNING]'));
}

describe('sweep: CLI selections', () => {
  const fleet = ownFleet(3);

  for (const args of [
    [],
    ['--skip-tags', 'web,always'],
    ['--tags', 'blocktag,second'],
    ['--tags', 'tagged'],
  ]) {
    it(
      `extra vars, vars_prompt, import_playbook ${args.join(' ') || '(all tags)'}`,
      async () => {
        expectSame(await runBoth(fleet(), { playbook: PLAY, files: FILES, args: [...EXTRA, ...args] }));
      },
      SLOW,
    );
  }

  // Exit codes of broken --extra-vars: a missing @file (1), data that is not YAML/JSON (4).
  for (const args of [
    ['-e', '@missing.yml'],
    ['-e', '{"a": 1'],
    ['--list-tasks', '--tags', 'never,web'],
    ['--list-tasks', '--skip-tags', 'always'],
    ['--syntax-check'],
  ]) {
    it(
      `${args.join(' ')}`,
      async () => {
        expectSame(await runBoth(fleet(), { playbook: PLAY, files: FILES, args: [...EXTRA, ...args] }));
      },
      SLOW,
    );
  }

  it(
    "play-level gather_subset and fact_path; gathering takes a tagged play's tags",
    async () => {
      const factDir = tempDir('flt-facts-d-');
      writeFileSync(path.join(factDir, 'x.fact'), '{"k": 1}\n');
      for (const args of [[], ['--tags', 'other'], ['--skip-tags', 'web']]) {
        expectSame(await runBoth(fleet(), { playbook: factsPlay(factDir), args }));
      }
    },
    SLOW,
  );

  it(
    'connection keyword and the -c, -b, --become-user, --become-method defaults',
    async () => {
      const inventoryExtra = ['', '[lab]', 'unreachable_by_ssh ansible_host=10.255.255.1'];
      for (const args of [[], ['-c', 'local'], ['-b', '--become-method', 'su', '--become-user', 'root']]) {
        expectSame(await runBoth(fleet(), { playbook: CONNECTION, inventoryExtra, args }));
      }
    },
    SLOW,
  );

  it(
    'a local connection discovers the interpreter, and reports it as Ansible does',
    async () => {
      const inventoryExtra = ['', '[lab]', 'lab1 ansible_host=127.0.0.1'];
      // the harness gives Ansible /usr/bin/python3 unless told: here the 2.14 default, auto
      const env = { ANSIBLE_PYTHON_INTERPRETER: 'auto' };
      const r = await runBoth(fleet(), { playbook: LOCAL_DISCOVERY, inventoryExtra, env });
      expectSame(r);
      expect(r.flotilla.stdout).toContain('"discovered_interpreter_python": "/usr/bin/python3"');
    },
    SLOW,
  );

  // Each part of a play pattern or of --limit that matches nothing is warned about, once.
  for (const args of [
    ['--limit', 'all,nosuch3'],
    ['--list-hosts', '--limit', 'all,nosuch3'],
  ]) {
    it(
      `unmatched host patterns ${args.join(' ')}`,
      async () => {
        const r = await runBoth(fleet(), { playbook: UNMATCHED, args });
        expectSame(r);
        expect(warnings(r.flotilla.stderr)).toEqual(warnings(r.ansible.stderr));
        expect(warnings(r.flotilla.stderr)).toContain(
          '[WARNING]: Could not match supplied host pattern, ignoring: nosuch3',
        );
      },
      SLOW,
    );
  }

  // Plain names, `role : name`, globs, a task inside a block, and a name no task has.
  it(
    '--start-at-task',
    async () => {
      for (const name of ['b two', 'r : role s*', 'alw', 'nope']) {
        const r = await runBoth(fleet(), {
          playbook: START_AT,
          files: START_AT_FILES,
          args: ['--start-at-task', name],
        });
        expectSame(r);
        expect(errors(r.flotilla.stderr)).toEqual(errors(r.ansible.stderr));
      }
    },
    SLOW,
  );
});
