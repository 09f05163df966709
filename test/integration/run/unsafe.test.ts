/**
 * Host output is data, never a template (issue 13, defect 1): a fleet host's file holds a
 * Jinja payload that would run a command on the controller; the built CLI reads it over
 * real SSH with real worker threads (two hosts on two workers, so hostvars cross threads)
 * and must print it literally, as ansible-playbook does, and run nothing.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { Fleet } from '../../../tools/fleet/index.js';
import { runCli, tempFile } from '../../support/cli.js';
import { tempDir } from '../../support/temp-dirs.js';

const fleet = inject('fleet') as Fleet;
const dir = tempDir('flotilla-unsafe-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Jinja that, if ever rendered, touches a file named after `tag` on the controller. */
const payload = (tag: string) => `{{ lookup('pipe', 'touch ${dir}/PWNED-${tag}') }}`;

function inventory(n: number): string {
  const base = readFileSync(fleet.inventoryFile, 'utf8').split('[fleet:vars]')[1];
  const hosts = fleet.hosts.slice(0, n).map((h) => `${h.name} ansible_host=${h.address}`);
  return tempFile('hosts.ini', `[fleet]\n${hosts.join('\n')}\n\n[fleet:vars]${base}`);
}

function pwned(): string[] {
  return readdirSync(dir).filter((f) => f.startsWith('PWNED'));
}

/** Each test starts without the files an earlier (failing) test's payloads made. */
beforeEach(() => {
  for (const f of pwned()) rmSync(path.join(dir, f));
});

describe('text from hosts is never templated on the controller', () => {
  it('prints a hostile /etc/motd literally through register, when, set_fact, loops, facts and hostvars', async () => {
    writeFileSync(path.join(dir, 'motd'), `${payload('motd')}\n`);
    mkdirSync(path.join(dir, 'facts.d'));
    writeFileSync(path.join(dir, 'facts.d', 'evil.fact'), JSON.stringify({ motd: payload('fact') }));
    const pb = tempFile(
      'play.yml',
      `- hosts: fleet
  gather_facts: false
  vars:
    peer: "{{ ansible_play_hosts | difference([inventory_hostname]) | first }}"
    alias: "{{ r.stdout }}"
  tasks:
    - name: read the motd
      command: cat ${dir}/motd
      register: r
    - name: condition on the result
      debug: msg="rc is zero"
      when: r.rc == 0
    - name: copy the output with set_fact
      set_fact:
        copied: "{{ r.stdout }}"
        nested: {a: "{{ r.stdout }}"}
    - debug: var=copied
    - debug: msg="{{ nested.a }} / {{ alias }}"
    - name: loop over host lines
      debug: msg="{{ item }}"
      loop: "{{ r.stdout_lines }}"
    - name: with_items over host lines
      debug: msg="{{ item }}"
      with_items: "{{ r.stdout_lines }}"
    - name: a loop over the whole output (one string)
      debug: msg="{{ item }}"
      loop: "{{ r.stdout }}"
    - name: local facts
      setup:
        fact_path: ${dir}/facts.d
        gather_subset: ['!all']
    - set_fact:
        from_fact: "{{ ansible_local.evil.motd }}"
    - debug: msg="{{ from_fact }} / {{ ansible_local.evil.motd }}"
    - name: the other host's values (it lives on the other worker)
      set_fact:
        peer_copy: "{{ hostvars[peer].copied }}"
        peer_out: "{{ hostvars[peer].r.stdout }}"
    - debug: msg="{{ peer_copy }} / {{ peer_out }} / {{ hostvars[peer].from_fact }}"
    - name: host text read through hostvars inside a longer template, or with the whole view
      set_fact:
        composite: "x-{{ hostvars[peer].copied }}"
        whole: "{{ hostvars[peer] | dict2items | selectattr('key', 'eq', 'from_fact') | map(attribute='value') | join }}"
    - debug: msg="{{ composite }} / {{ whole }}"
`,
    );
    const r = await runCli(['run', pb, '-i', inventory(2), '--workers', '2']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(pwned()).toEqual([]);
    const motd = payload('motd');
    const fact = payload('fact');
    expect(r.stdout).toContain(`"copied": "${motd}"`);
    expect(r.stdout).toContain(`"msg": "${motd} / ${motd}"`);
    expect(r.stdout).toContain(`(item=${motd}) => {\n    "msg": "${motd}"`);
    expect(r.stdout).toContain(`"msg": "${fact} / ${fact}"`);
    expect(r.stdout).toContain(`"msg": "${motd} / ${motd} / ${fact}"`);
    expect(r.stdout.match(/"msg": "rc is zero"/g)).toHaveLength(2);
    expect(r.stdout).toContain(`"msg": "x-${motd} / ${fact}"`);
  });

  it('keeps host text unsafe for Python plugins: a lookup plugin that templates its variables prints it literally', async () => {
    writeFileSync(path.join(dir, 'motd'), `${payload('plugin')}\n`);
    const files = mkdtempSync(path.join(dir, 'plugins-'));
    mkdirSync(path.join(files, 'lookup_plugins'));
    writeFileSync(
      path.join(files, 'lookup_plugins', 'render.py'),
      `from ansible.plugins.lookup import LookupBase

class LookupModule(LookupBase):
    def run(self, terms, variables=None, **kwargs):
        return [self._templar.template(variables[t]) for t in terms]
`,
    );
    writeFileSync(
      path.join(files, 'play.yml'),
      `- hosts: fleet
  gather_facts: false
  tasks:
    - command: cat ${dir}/motd
      register: r
    - set_fact:
        copied: "{{ r.stdout }}"
    - debug: msg="{{ lookup('render', 'copied') }}"
`,
    );
    const r = await runCli(['run', path.join(files, 'play.yml'), '-i', inventory(1)]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(pwned()).toEqual([]);
    expect(r.stdout).toContain(`"msg": "${payload('plugin')}"`);
  });

  it('never templates !unsafe values from the playbook, vars files, inventory and extra vars', async () => {
    const files = mkdtempSync(path.join(dir, 'files-'));
    writeFileSync(path.join(files, 'vars.yml'), `from_file: !unsafe "${payload('vars-file')}"\n`);
    writeFileSync(path.join(files, 'extra.yml'), `from_extra: !unsafe "${payload('extra')}"\n`);
    const base = readFileSync(fleet.inventoryFile, 'utf8').split('[fleet:vars]')[1];
    const h = fleet.hosts[0];
    writeFileSync(
      path.join(files, 'hosts.ini'),
      `[fleet]\n${h.name} ansible_host=${h.address}\n\n[fleet:vars]${base}`,
    );
    mkdirSync(path.join(files, 'host_vars'));
    writeFileSync(
      path.join(files, 'host_vars', `${h.name}.yml`),
      `from_inv: !unsafe "${payload('inventory')}"\n`,
    );
    writeFileSync(
      path.join(files, 'play.yml'),
      `- hosts: fleet
  gather_facts: false
  vars:
    from_play: !unsafe "${payload('play')}"
  vars_files: [vars.yml]
  tasks:
    - debug: msg="{{ from_play }}|{{ from_file }}|{{ from_inv }}|{{ from_extra }}"
    - set_fact:
        again: "{{ from_play }}"
    - debug: var=again
    - debug:
        msg: !unsafe "${payload('arg')}"
`,
    );
    const r = await runCli([
      'run',
      path.join(files, 'play.yml'),
      '-i',
      path.join(files, 'hosts.ini'),
      '-e',
      `@${path.join(files, 'extra.yml')}`,
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(pwned()).toEqual([]);
    const text = ['play', 'vars-file', 'inventory', 'extra'].map(payload).join('|');
    expect(r.stdout).toContain(`"msg": "${text}"`);
    expect(r.stdout).toContain(`"again": "${payload('play')}"`);
    expect(r.stdout).toContain(`"msg": "${payload('arg')}"`);
    expect(existsSync(path.join(dir, 'PWNED-play'))).toBe(false);
  });
});
