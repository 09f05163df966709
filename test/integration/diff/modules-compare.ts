/**
 * What the module differential files share: the play prelude, the volatile keys dropped
 * from dumped results, the dump tasks, and the recap/files/exit-code comparison.
 */
import { expect } from 'vitest';
import { type DiffResult, explain } from './harness.js';

/** Keys whose values differ run to run (times, inodes, temp paths, lsattr generation). */
export const VOLATILE = [
  'start',
  'end',
  'stop',
  'delta',
  'atime',
  'mtime',
  'ctime',
  'inode',
  'version',
  'invocation',
  'diff',
  'backup_file',
];

/** The play header every case shares; `volatile` lists the keys each dump drops. */
export const PRELUDE = `- hosts: fleet
  gather_facts: false
  vars:
    d: "{{ root }}/{{ inventory_hostname }}"
    volatile: ${JSON.stringify(VOLATILE)}
`;

/**
 * Tasks writing each registered result to `<d>/<name>.json`, volatile keys (and `drop`)
 * removed. Content that renders as JSON becomes a dict again in both tools, which copy
 * then writes with Python's json.dumps: a faithful check of that path as well.
 */
export function dumpTasks(names: string[], drop: string[] = []): string {
  return names
    .map(
      (n) => `    - copy:
        dest: "{{ d }}/${n}.json"
        content: "{{ ${n} | dict2items | rejectattr('key', 'in', volatile + ${JSON.stringify(drop).replace(/"/g, "'")}) | items2dict | to_nice_json(sort_keys=true) | replace(root, '<root>') }}\\n"
      check_mode: false
`,
    )
    .join('');
}

export function same(r: DiffResult): void {
  // every case runs to its end in Ansible: a playbook error on both sides proves nothing
  expect(r.ansible.code, r.ansible.stderr + r.ansible.stdout).toBe(0);
  expect(r.flotilla.recap, explain(r)).toEqual(r.ansible.recap);
  expect(r.flotilla.files, explain(r)).toEqual(r.ansible.files);
  expect(r.flotilla.code).toBe(r.ansible.code);
}
