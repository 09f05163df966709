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
 * A case's tasks as play YAML, each registered under its name: `table` rows are (name, task,
 * kept under --check); the names in `failing` get `ignore_errors: true`, or under `forms`
 * `failed_when: false` (runForms compares stdout, which names the side of a failure).
 */
export function registeredTasks(
  table: readonly (readonly [string, string, boolean])[],
  failing: ReadonlySet<string>,
  options: { args?: string[]; forms?: boolean } = {},
): { names: string[]; yaml: string } {
  const onError = options.forms ? 'failed_when: false' : 'ignore_errors: true';
  const check = options.args?.includes('--check') ?? false;
  const tasks = table.filter(([, , inCheck]) => inCheck || !check);
  const yaml = tasks
    .map(
      ([name, task]) =>
        `    - ${task}\n      register: ${name}\n${failing.has(name) ? `      ${onError}\n` : ''}`,
    )
    .join('');
  return { names: tasks.map(([name]) => name), yaml };
}

/**
 * One task writing the registered results `names` to `<d>/<first name>.json`, as one JSON
 * object keyed by name, volatile keys (and `drop`) removed from each; `filters` are applied
 * to the text. One copy for all of them: a copy task per result made Ansible's side of a case
 * twice as slow. Content that renders as JSON becomes a dict again in both tools, which copy
 * then writes with Python's json.dumps: a faithful check of that path as well.
 */
export function dumpTasks(names: string[], drop: string[] = [], filters = ''): string {
  const dropped = `volatile + ${JSON.stringify(drop).replace(/"/g, "'")}`;
  const entries = names
    .map((n) => `'${n}': ${n} | dict2items | rejectattr('key', 'in', ${dropped}) | items2dict`)
    .join(', ');
  return `    - copy:
        dest: "{{ d }}/${names[0]}.json"
        content: "{{ {${entries}} | to_nice_json(sort_keys=true) | replace(root, '<root>')${filters} }}\\n"
      check_mode: false
`;
}

export function same(r: DiffResult): void {
  // every case runs to its end in Ansible: a playbook error on both sides proves nothing
  expect(r.ansible.code, r.ansible.stderr + r.ansible.stdout).toBe(0);
  expect(r.flotilla.recap, explain(r)).toEqual(r.ansible.recap);
  expect(r.flotilla.files, explain(r)).toEqual(r.ansible.files);
  expect(r.flotilla.code).toBe(r.ansible.code);
}
