/**
 * Differential matrix against ansible-playbook 2.14 (issue 14, item 4): `environment:` at
 * every level (play, block, task, role, play + task merged) × every reader of it: the
 * implicit fact gathering (ansible_env), an explicit setup, command (run_command expands ~,
 * $VAR and ${VAR} in each argument, unset names kept, argv too; chdir/creates/removes as
 * paths) and shell (its own expansion). The matrix is generated (fidelity-environment-matrix.ts).
 * Whole normalised stdout, exit code and files must match (see sweep-compare.ts).
 */
import { describe, it } from 'vitest';
import { environmentMatrix, type Level, READERS } from './fidelity-environment-matrix.js';
import { ownFleet, runBoth } from './harness.js';
import { expectSame, SLOW } from './sweep-compare.js';

describe('fidelity: environment at every level', () => {
  const fleet = ownFleet(1);

  // In parts, so that each stays within the timeout on a loaded machine.
  const halves: Level[][] = [['play', 'block'], ['play+task'], ['task', 'role']];
  for (const levels of halves) {
    it(
      `gathering + ${Object.keys(READERS).join(', ')} × environment at ${levels.join(', ')}`,
      async () => {
        expectSame(await runBoth(fleet(), { ...environmentMatrix(levels), hosts: 1 }));
      },
      SLOW,
    );
  }

  it(
    'values rendered key by key: ansible_env before facts (left out), non-string values, a templated mapping, an undefined name',
    async () => {
      const playbook = `- hosts: fleet
  gather_facts: false
  tasks:
    - command: printenv FOO BAR BAZ LIST
      environment:
        FOO: "x{{ ansible_env.HOME }}"
        BAR: true
        BAZ: 3
        LIST: [1, 'a']
      register: r
      failed_when: false
    - debug: { var: r.stdout_lines }
    - command: printenv X
      environment: "{{ my_env }}"
      vars:
        my_env: { X: false }
      register: r2
    - debug: { var: r2.stdout }
    - command: printenv X
      environment:
        X: "{{ nope }}"
      ignore_errors: true

- hosts: fleet
  gather_facts: true
  environment:
    PATH: "/flt/bin:{{ ansible_env.PATH }}"
  tasks:
    - command: printenv PATH
      register: p
    - debug: { msg: "{{ p.stdout.startswith('/flt/bin:') }}" }
`;
      expectSame(await runBoth(fleet(), { playbook, hosts: 1 }));
    },
    SLOW,
  );
});
