/**
 * `callbacks_enabled` in the project's ansible.cfg against ansible-playbook 2.14: timer and
 * profile_tasks (ansible.posix, through their builtin redirects) with a callback neither can
 * load. The lines they print (after each task banner, handlers and role tasks included, and
 * after the recap, in the order listed) must match once the times in them are normalised;
 * PROFILE_TASKS_SORT_ORDER=none keeps the task list in run order, as times would reorder it.
 */
import { describe, expect, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { expectSame, SLOW } from './sweep-compare.js';

const PLAY = `- hosts: fleet
  gather_facts: false
  roles: [r]
  tasks:
    - debug: msg=hi
    - name: a longer task name
      command: "true"
      notify: h
  handlers:
    - name: h
      debug: msg=handled
`;

const TIMES = [
  // profile_tasks' timestamp line
  [
    /^\w+day \d\d \w+ \d{4} {2}\d\d:\d\d:\d\d [+-]\d{4} \(\d+:\d\d:\d\d\.\d{3}\) {7}\d+:\d\d:\d\d\.\d{3} \*+ $/gm,
    '<task time>',
  ],
  [/-+ \d+\.\d\ds$/gm, ' <elapsed>'],
  [/^Playbook run took \d+ days, \d+ hours, \d+ minutes, \d+ seconds$/gm, 'Playbook run took <time>'],
] as const;

function withoutTimes(text: string): string {
  return TIMES.reduce((t, [re, to]) => t.replace(re, to), text);
}

describe('callbacks_enabled', () => {
  const fleet = ownFleet(2);

  it(
    'timer and profile_tasks print as ansible.posix prints them; an unknown one is skipped',
    async () => {
      const r = await runBoth(fleet(), {
        playbook: PLAY,
        hosts: 2,
        files: {
          'ansible.cfg': '[defaults]\ncallbacks_enabled = timer, profile_tasks, ara_default\n',
          'roles/r/tasks/main.yml': '- debug: msg=from-role\n',
        },
        env: { PROFILE_TASKS_SORT_ORDER: 'none' },
      });
      for (const side of [r.ansible, r.flotilla]) side.stdout = withoutTimes(side.stdout);
      expectSame(r);
      expect(r.flotilla.stdout).toContain('<task time>');
      expect(r.flotilla.stdout).toMatch(/^r : debug +<elapsed>$/m);
      expect(r.flotilla.stderr).toContain(
        "[WARNING]: Skipping callback plugin 'ara_default', unable to load",
      );
    },
    SLOW,
  );
});
