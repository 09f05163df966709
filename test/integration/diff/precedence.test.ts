/**
 * Variable precedence against ansible-playbook 2.14: variable `upto_N` is defined at level N
 * and at every level above it, so each one must show the highest level that defines it. The
 * levels, lowest first, are Ansible's documented order (and VARIABLE_PRECEDENCE for the
 * inventory part): role defaults, inventory-file [all:vars], inventory-file group vars,
 * group_vars/all, group_vars/<group>, host_vars, play vars, vars_files, role vars, block
 * vars, task vars, include_vars, set_fact, role params, extra vars.
 */
import { describe, expect, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { expectSame, SLOW } from './sweep-compare.js';

const LEVELS = [
  'role_defaults',
  'inv_all',
  'inv_group',
  'group_vars_all',
  'group_vars_group',
  'host_vars',
  'play_vars',
  'vars_files',
  'role_vars',
  'block_vars',
  'task_vars',
  'include_vars',
  'set_fact',
  'role_params',
  'extra_vars',
];
const at = (name: string) => LEVELS.indexOf(name);

/** `upto_j: <level>` for every j from the level's index up, as YAML lines or k=v pairs. */
function defs(level: string, indent = ''): string {
  let out = '';
  for (let j = at(level); j < LEVELS.length; j++) out += `${indent}upto_${j}: ${level}\n`;
  return out;
}

function iniDefs(level: string): string[] {
  const out: string[] = [];
  for (let j = at(level); j < LEVELS.length; j++) out.push(`upto_${j}=${level}`);
  return out;
}

const MSG = LEVELS.map((_, i) => `{{ upto_${i} }}`).join(' ');

const FILES = {
  'roles/r1/defaults/main.yml': defs('role_defaults'),
  'group_vars/all.yml': defs('group_vars_all'),
  'group_vars/fleet.yml': defs('group_vars_group'),
  'host_vars/node001.yml': defs('host_vars'),
  'vars/vf.yml': defs('vars_files'),
  'roles/r1/vars/main.yml': defs('role_vars'),
  'roles/r1/vars/iv.yml': defs('include_vars'),
  'roles/r1/tasks/main.yml': `- include_vars: iv.yml
- set_fact:
${defs('set_fact', '    ')}- block:
    - debug:
        msg: "${MSG}"
      vars:
${defs('task_vars', '        ')}  vars:
${defs('block_vars', '    ')}`,
};

const PLAY = `- hosts: fleet
  gather_facts: false
  vars:
${defs('play_vars', '    ')}  vars_files:
    - vars/vf.yml
  roles:
    - role: r1
${defs('role_params', '      ')}`;

describe('variable precedence vs ansible-playbook 2.14', () => {
  const fleet = ownFleet(2);

  it(
    'each of fifteen levels overrides the ones below it',
    async () => {
      const r = await runBoth(fleet(), {
        hosts: 2,
        playbook: PLAY,
        files: FILES,
        inventoryExtra: [
          '',
          '[all:vars]',
          ...iniDefs('inv_all'),
          '',
          '[fleet:vars]',
          ...iniDefs('inv_group'),
        ],
        args: ['-e', `upto_${at('extra_vars')}=extra_vars`],
      });
      expectSame(r);
      // node001 has host_vars, so every level shows; node002 has none, so upto_5 falls back.
      expect(r.flotilla.stdout).toContain(`"msg": "${LEVELS.join(' ')}"`);
      const noHostVars = LEVELS.map((l) => (l === 'host_vars' ? 'group_vars_group' : l));
      expect(r.flotilla.stdout).toContain(`"msg": "${noHostVars.join(' ')}"`);
    },
    SLOW,
  );
});
