/**
 * Writes as an unprivileged become user (issue 14, item 8), against ansible-playbook 2.14:
 * copy (content and src, new and existing file, a mode), template and file, as `nobody`,
 * with become set by keyword and by variable, into a directory nobody may write. Ansible
 * (connecting as root, no setfacl) hands its remote temp files to the become user with
 * chown; flotilla streams the content to the become user's own shell and writes its temp
 * file beside the destination as that user, so no temp file changes hands. What both leave
 * (the owner shows in `stat`) and print must be the same.
 */
import { describe, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { expectSame, SLOW } from './sweep-compare.js';

const PLAY = `- hosts: fleet
  gather_facts: false
  vars:
    # The harness's root is private (0700): nobody writes in a directory of its own under /tmp.
    d: "/tmp/flotilla-become-write-{{ root | hash('md5') }}-{{ inventory_hostname }}"
  tasks:
    - file: { path: "{{ d }}", state: directory, mode: "0777" }
    - name: copy content as nobody (keyword)
      copy: { content: "x\\n", dest: "{{ d }}/copied" }
      become: true
      become_user: nobody
    - name: copy content over it as nobody (variables)
      copy: { content: "y\\n", dest: "{{ d }}/copied", mode: "0640" }
      vars: { ansible_become: true, ansible_become_user: nobody }
    - name: copy src as nobody
      copy: { src: t.j2, dest: "{{ d }}/copied-src", mode: "0600" }
      become: true
      become_user: nobody
    - name: template as nobody
      template: { src: t.j2, dest: "{{ d }}/templated" }
      become: true
      become_user: nobody
    - name: file touch as nobody
      file: { path: "{{ d }}/touched", state: touch, mode: "0604" }
      become: true
      become_user: nobody
    - name: who owns what
      command: stat -c '%U %a' copied copied-src templated touched
      args: { chdir: "{{ d }}" }
      register: st
      changed_when: false
    - debug: var=st.stdout_lines
    - file: { path: "{{ d }}", state: absent }
`;

describe('writing files as an unprivileged become user, as ansible-playbook 2.14', () => {
  const fleet = ownFleet(2);
  it(
    'copy, template and file as nobody',
    async () => {
      expectSame(
        await runBoth(fleet(), {
          hosts: 2,
          playbook: PLAY,
          files: { 't.j2': 'hello {{ inventory_hostname }}\n' },
        }),
      );
    },
    SLOW,
  );
});
