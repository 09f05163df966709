/**
 * Generated differential matrix: every become and connection variable of Ansible's
 * PlayContext (src/connection/play-context-vars.ts) × every variable source, against
 * ansible-playbook 2.14. Each CELL (a set of variables with a visible effect) gets a host of
 * its own; each SOURCE sets the cell's variables in its own way: inventory host and group
 * vars, group_vars/ and host_vars/ files, play vars, vars_files, role vars, role defaults,
 * role params, block vars, task vars, include_tasks params, set_fact, and templated extra
 * vars. The observing task carries `become: false`, `become_user: nobody` and `connection:
 * ssh`, so a variable must beat its keyword, as it does in Ansible's PlayContext.
 * What each cell does shows in `id`, sudo's SUDO_USER, ssh's SSH_CLIENT and bash's
 * BASH_VERSION, or in the host being unreachable (its text is OpenSSH's, so normalised).
 */

import { execFileSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Fleet } from '../../../tools/fleet/index.js';
import { type DiffCase, ownFleet, runBoth } from './harness.js';
import { comparable, rootsOf, SLOW } from './sweep-compare.js';

type Vars = Record<string, string | number | boolean>;

/** A sudo that runs as group daemon when given a password prompt (-p): shows the password was seen. */
const PW_SUDO = `#!/bin/sh
for a in "$@"; do [ "$a" = -p ] && exec sudo -g daemon "$@"; done
exec sudo "$@"
`;

/**
 * The cells: variables whose effect the observing task shows. A cell that reaches its host
 * combines variables with distinct effects; each unreachable one tests one variable.
 */
function cells(fleet: Fleet): Array<{ id: string; vars: Vars }> {
  const fleetArgs = `-o UserKnownHostsFile=${fleet.knownHostsFile} -o StrictHostKeyChecking=yes`;
  return [
    {
      id: 'become_user_flags_shell_extra_args',
      vars: {
        ansible_become: true,
        ansible_become_user: 'daemon',
        ansible_become_flags: '-H -S -n -g nogroup',
        ansible_shell_executable: '/bin/bash',
        // The fleet's known_hosts only in the extra args: ignoring them fails the login.
        ansible_ssh_common_args: '',
        ansible_ssh_extra_args: fleetArgs,
        ansible_timeout: 17,
      },
    },
    {
      id: 'sudo_user_exe_password',
      vars: {
        ansible_become: 'yes',
        ansible_sudo_user: 'daemon',
        ansible_become_password: 's3cret',
        ansible_become_exe: '{{ playbook_dir }}/pwsudo',
      },
    },
    {
      id: 'su_pass',
      vars: {
        ansible_become: true,
        ansible_become_method: 'su',
        ansible_become_flags: '-s /bin/sh',
        ansible_become_pass: 's3cret',
      },
    },
    { id: 'connection', vars: { ansible_connection: 'local', ansible_port: 1, ansible_host: '127.0.0.250' } },
    { id: 'user', vars: { ansible_user: 'nosuchuser' } },
    { id: 'port', vars: { ansible_port: 1 } },
    { id: 'host', vars: { ansible_host: '127.0.0.250' } },
    { id: 'private_key', vars: { ansible_ssh_private_key_file: '{{ playbook_dir }}/otherkey' } },
    {
      id: 'ssh_common_args',
      vars: { ansible_ssh_common_args: '-o UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes' },
    },
  ];
}

/**
 * What the task's shell shows (its user and group, sudo's SUDO_USER, ssh's SSH_CLIENT, bash),
 * failing so the result prints; ignore_unreachable keeps an unreachable host in later plays.
 */
const OBSERVE = `- name: observe
  shell: echo "$(id -un) $(id -gn) \${SUDO_USER:-nosudo} \${SSH_CLIENT:+ssh} \${BASH_VERSION:+bash}"; exit 3
  become: false
  become_user: nobody
  connection: ssh
  ignore_errors: true
  ignore_unreachable: true
`;

const indent = (text: string, n: number) =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => ' '.repeat(n) + l)
    .join('\n');

/** YAML for a flat variable map (JSON is YAML). */
const yamlVars = (v: Vars) => JSON.stringify(v);

/** INI `k=v` pairs: strings quoted (their spaces and `{{ }}`), numbers and booleans as written. */
const iniVars = (v: Vars) =>
  Object.entries(v)
    .map(([k, x]) => `${k}=${typeof x === 'string' ? JSON.stringify(x) : String(x)}`)
    .join(' ');

type Cell = { id: string; vars: Vars; host: string };

/** Sources that set a cell's variables inside one play: each gives the play's text and files. */
const PLAY_SOURCES: Record<string, (c: Cell) => { play: string; files?: Record<string, string> }> = {
  'play vars': (c) => ({ play: `  vars: ${yamlVars(c.vars)}\n  tasks:\n${indent(OBSERVE, 4)}` }),
  vars_files: (c) => ({
    play: `  vars_files: [cells/${c.id}.yml]\n  tasks:\n${indent(OBSERVE, 4)}`,
    files: { [`cells/${c.id}.yml`]: yamlVars(c.vars) },
  }),
  'role vars': (c) => ({
    play: `  roles: [rv_${c.id}]`,
    files: {
      [`roles/rv_${c.id}/vars/main.yml`]: yamlVars(c.vars),
      [`roles/rv_${c.id}/tasks/main.yml`]: OBSERVE,
    },
  }),
  'role defaults': (c) => ({
    play: `  roles: [rd_${c.id}]`,
    files: {
      [`roles/rd_${c.id}/defaults/main.yml`]: yamlVars(c.vars),
      [`roles/rd_${c.id}/tasks/main.yml`]: OBSERVE,
    },
  }),
  'role params': (c) => ({
    play: `  roles:\n    - role: observe\n${indent(
      Object.entries(c.vars)
        .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
        .join('\n'),
      6,
    )}`,
    files: { 'roles/observe/tasks/main.yml': OBSERVE },
  }),
  'block vars': (c) => ({
    play: `  tasks:\n    - block:\n${indent(OBSERVE, 8)}\n      vars: ${yamlVars(c.vars)}`,
  }),
  'task vars': (c) => ({
    play: `  tasks:\n${indent(`${OBSERVE}  vars: ${yamlVars(c.vars)}`, 4)}`,
  }),
  'include params': (c) => ({
    play: `  tasks:\n    - include_tasks: observe.yml\n      vars: ${yamlVars(c.vars)}`,
    files: { 'observe.yml': OBSERVE },
  }),
  // Last: set_fact outlives its play.
  set_fact: (c) => ({ play: `  tasks:\n    - set_fact: ${yamlVars(c.vars)}\n${indent(OBSERVE, 4)}` }),
};

/** The files every run needs: the password-revealing sudo and a key the fleet does not know. */
function setup(dir: string): void {
  const pw = path.join(dir, 'pwsudo');
  writeFileSync(pw, PW_SUDO);
  chmodSync(pw, 0o755);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'otherkey')]);
}

/** Runs both and compares, with OpenSSH's unreachable texts (not ours to match) normalised. */
async function expectSameRun(fleet: Fleet, c: DiffCase): Promise<string> {
  const r = await runBoth(fleet, c);
  const roots = rootsOf({ ansible: r.ansible.stdout, flotilla: r.flotilla.stdout });
  const text = (side: typeof r.ansible, root: string) =>
    comparable(side, root).replace(/(UNREACHABLE! => ).*$/gm, '$1<msg>');
  const ansible = text(r.ansible, roots.a);
  expect(
    text(r.flotilla, roots.f),
    `--- ansible stderr ---\n${r.ansible.stderr}\n--- flotilla stderr ---\n${r.flotilla.stderr}`,
  ).toBe(ansible);
  return ansible;
}

/** Sources that set a cell's variables for its host, from the inventory side. */
const INVENTORY_SOURCES: Record<string, (cs: Cell[]) => Pick<DiffCase, 'inventoryExtra' | 'files'>> = {
  'inventory host vars': (cs) => ({ inventoryExtra: cs.map((c) => `${c.host} ${iniVars(c.vars)}`) }),
  'inventory group vars': (cs) => ({
    inventoryExtra: cs.flatMap((c) => [
      `[g_${c.host}]`,
      c.host,
      `[g_${c.host}:vars]`,
      ...Object.entries(c.vars).map(([k, v]) => iniVars({ [k]: v })),
    ]),
  }),
  'group_vars files': (cs) => ({
    inventoryExtra: cs.flatMap((c) => [`[g_${c.host}]`, c.host]),
    files: Object.fromEntries(cs.map((c) => [`group_vars/g_${c.host}.yml`, yamlVars(c.vars)])),
  }),
  'host_vars files': (cs) => ({
    files: Object.fromEntries(cs.map((c) => [`host_vars/${c.host}.yml`, yamlVars(c.vars)])),
  }),
};

const SOURCES = Object.keys(INVENTORY_SOURCES).length + Object.keys(PLAY_SOURCES).length;

describe('every PlayContext variable from every variable source, as ansible-playbook 2.14', () => {
  const CELLS = 9;
  // One host per cell and source: the sources run side by side in one playbook.
  const fleet = ownFleet(CELLS * SOURCES);

  it(
    'inventory, group_vars/host_vars, play, vars_files, role, block, task, include and set_fact sources',
    async () => {
      const f = fleet();
      const defs = cells(f);
      expect(defs).toHaveLength(CELLS);
      let next = 0;
      const take = (): Cell[] => defs.map((c) => ({ ...c, host: f.hosts[next++].name }));
      const inventoryExtra: string[] = [];
      const files: Record<string, string> = {};
      const inventoryHosts: string[] = [];
      for (const make of Object.values(INVENTORY_SOURCES)) {
        const cs = take();
        const made = make(cs);
        inventoryExtra.push(...(made.inventoryExtra ?? []));
        Object.assign(files, made.files);
        inventoryHosts.push(...cs.map((c) => c.host));
      }
      const plays = [
        `- name: inventory sources\n  hosts: ${inventoryHosts.join(',')}\n  gather_facts: false\n  tasks:\n${indent(OBSERVE, 4)}`,
      ];
      for (const [source, make] of Object.entries(PLAY_SOURCES))
        for (const c of take()) {
          const made = make(c);
          Object.assign(files, made.files);
          plays.push(`- name: ${source} ${c.id}\n  hosts: ${c.host}\n  gather_facts: false\n${made.play}`);
        }
      const out = await expectSameRun(f, {
        hosts: f.hosts.length,
        setup,
        inventoryExtra,
        files,
        playbook: `${plays.join('\n')}\n`,
      });
      // The matrix shows the variables at work (not only that both tools ignore them alike).
      expect(out).toContain('"stdout": "daemon nogroup root  bash"');
      expect(out).toContain('"stdout": "daemon daemon root  "');
      expect(out).toContain('"stdout": "nobody nogroup nosudo ssh "');
      expect(out).toContain('"stdout": "root root nosudo  "');
    },
    3 * SLOW,
  );

  it(
    'templated extra vars (-e @file), per host',
    async () => {
      const f = fleet();
      const cs = cells(f).map((c, i) => ({ ...c, host: f.hosts[i].name }));
      const neutral: Vars = {
        ansible_become: false,
        ansible_become_user: 'nobody',
        ansible_become_method: 'sudo',
        ansible_become_flags: '-H -S -n',
        ansible_become_exe: 'sudo',
        ansible_user: 'root',
        ansible_port: f.port,
        ansible_connection: 'ssh',
        ansible_ssh_private_key_file: f.privateKeyFile,
        ansible_ssh_common_args: `-o UserKnownHostsFile=${f.knownHostsFile} -o StrictHostKeyChecking=yes`,
        ansible_ssh_extra_args: '',
        ansible_shell_executable: '/bin/sh',
        ansible_timeout: 10,
        ansible_sudo_user: 'nobody',
        ansible_become_password: '',
        ansible_become_pass: '',
      };
      // Every variable of every cell is set for every host: the cell's value, else a neutral one.
      for (const c of cs)
        for (const k of Object.keys(c.vars)) if (k !== 'ansible_host') expect(neutral).toHaveProperty(k);
      const extra: Record<string, unknown> = {
        cells: Object.fromEntries(cs.map((c) => [c.host, c.vars])),
        addresses: Object.fromEntries(f.hosts.map((h) => [h.name, h.address])),
        ansible_host: '{{ cells[inventory_hostname].ansible_host | default(addresses[inventory_hostname]) }}',
      };
      for (const [k, v] of Object.entries(neutral))
        extra[k] = `{{ cells[inventory_hostname].${k} | default(${JSON.stringify(v)}) }}`;
      // su's own executable where the cell's method is su.
      extra.ansible_become_exe =
        "{{ cells[inventory_hostname].ansible_become_exe | default(cells[inventory_hostname].ansible_become_method | default('sudo')) }}";
      await expectSameRun(f, {
        hosts: cs.length,
        setup,
        files: { 'extra.yml': JSON.stringify(extra) },
        args: ['-e', '@extra.yml'],
        playbook: `- hosts: fleet\n  gather_facts: false\n  tasks:\n${indent(OBSERVE, 4)}\n`,
      });
    },
    3 * SLOW,
  );
});
