/**
 * A host without Python (issue 18): its sessions' PATH holds every system command but
 * python*, and its inventory points ansible_python_interpreter nowhere (tools/fleet's
 * `pythonlessHosts`). A role of native modules runs there to the end, facts included; a
 * bridged module fails there as Ansible's does without an interpreter, and the host with
 * Python carries on.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fleet, startFleet, stopFleet } from '../../../tools/fleet/index.js';
import { runCli } from '../../support/cli.js';
import { tempDir } from '../../support/temp-dirs.js';

let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet({ hosts: 2, pythonlessHosts: 1, prefix: 'np' });
}, 60_000);
afterAll(async () => {
  await stopFleet(fleet);
});

const ROLE_TASKS = `- command: sh -c 'command -v python3 python || echo none'
  register: which_python
- file: { path: "{{ out }}", state: directory, mode: "0755" }
- copy: { dest: "{{ out }}/copied.txt", content: "from {{ inventory_hostname }}\\n" }
- template: { src: facts.j2, dest: "{{ out }}/facts.txt" }
- lineinfile: { path: "{{ out }}/copied.txt", line: "second line" }
- blockinfile: { path: "{{ out }}/copied.txt", block: "in a block" }
- replace: { path: "{{ out }}/copied.txt", regexp: "second", replace: "2nd" }
- stat: { path: "{{ out }}/copied.txt" }
  register: st
- find: { paths: "{{ out }}", patterns: "*.txt" }
  register: found
- shell: "echo {{ st.stat.size }} {{ found.matched }} > {{ out }}/summary.txt"
`;

describe('a host without Python', () => {
  it('runs a role of native modules with facts to the end; a bridged module fails only there', async () => {
    const dir = tempDir('flotilla-nopy-');
    const out = path.join(dir, 'out');
    mkdirSync(path.join(dir, 'roles/native/tasks'), { recursive: true });
    mkdirSync(path.join(dir, 'roles/native/templates'), { recursive: true });
    writeFileSync(path.join(dir, 'roles/native/tasks/main.yml'), ROLE_TASKS);
    writeFileSync(
      path.join(dir, 'roles/native/templates/facts.j2'),
      '{{ ansible_hostname }} {{ ansible_distribution }} {{ ansible_processor_vcpus }} {{ which_python.stdout }}\n',
    );
    const playbook = path.join(dir, 'site.yml');
    writeFileSync(
      playbook,
      `- hosts: fleet
  gather_facts: true
  vars: { out: "${out}/{{ inventory_hostname }}" }
  roles: [native]
  tasks:
    - ansible.builtin.tempfile: { state: file, suffix: .flt }
      register: tmp
    - file: { path: "{{ tmp.path }}", state: absent }
`,
    );
    try {
      const r = await runCli(['run', playbook, '-i', fleet.inventoryFile]);
      const [withPython, without] = fleet.hosts.map((h) => h.name);
      const recap = r.stdout.split('PLAY RECAP')[1] ?? '';
      // 1 facts + 10 role tasks, then tempfile and file on the host with Python only.
      expect(recap, r.stdout).toMatch(
        new RegExp(`${withPython}\\s+: ok=13\\s+changed=\\d+\\s+unreachable=0\\s+failed=0`),
      );
      expect(recap, r.stdout).toMatch(
        new RegExp(`${without}\\s+: ok=11\\s+changed=\\d+\\s+unreachable=0\\s+failed=1`),
      );
      expect(r.code).toBe(2);
      // The bridged module's failure is Ansible's for a missing interpreter.
      const fatal = r.stdout.split('\n').find((l) => l.startsWith(`fatal: [${without}]`)) ?? '';
      expect(fatal).toContain(
        'The module failed to execute correctly, you probably need to set the interpreter.',
      );
      expect(fatal).toContain('/nonexistent/python3');
      const facts = (host: string) =>
        readFileSync(path.join(out, host, 'facts.txt'), 'utf8')
          .trim()
          .split(' ');
      expect(facts(without)[3]).toBe('none');
      expect(facts(withPython)[3]).toMatch(/python3$/);
      for (const host of [withPython, without]) {
        // Facts gathered natively on both: hostname, distribution and CPU count.
        expect(facts(host).slice(0, 3)).toEqual([
          os.hostname().split('.')[0],
          'Debian',
          String(os.cpus().length),
        ]);
        const copied = `from ${host}\n2nd line\n# BEGIN ANSIBLE MANAGED BLOCK\nin a block\n# END ANSIBLE MANAGED BLOCK\n`;
        expect(readFileSync(path.join(out, host, 'copied.txt'), 'utf8')).toBe(copied);
        // stat's size and find's count (copied.txt and facts.txt) as the host saw them.
        expect(readFileSync(path.join(out, host, 'summary.txt'), 'utf8')).toBe(`${copied.length} 2\n`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
