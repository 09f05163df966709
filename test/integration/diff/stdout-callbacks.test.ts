/**
 * Results printed as the project's ansible.cfg asks: `stdout_callback = yaml`
 * (community.general.yaml, which real repositories set often), `stdout_callback = debug`
 * (ansible.posix.debug) and the default callback's `callback_result_format = yaml`, pretty
 * (the default) and not, against ansible-playbook
 * 2.14 at -v with --diff: debug messages on one
 * line and on several (literal blocks), command results (stdout_lines omitted), a failure,
 * loop items, a copy's diff and result, text with astral and control characters, nested
 * data, a no_log result and set_stats' custom stats. Whole normalised stdout, exit code and
 * files must match; flotilla prints Ansible's "Using … as config file" line at -v.
 */
import { describe, expect, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { expectSame, SLOW } from './sweep-compare.js';

const PLAY = `- hosts: fleet
  gather_facts: false
  tasks:
    - debug: msg="hello"
    - debug:
        msg: "line1\\nline2\\n  indented\\ttab\\n"
    - command: printf 'a\\nb\\n'
      register: r
    - debug: var=r.stdout_lines
    - command: "false"
      ignore_errors: true
    - debug: msg="{{ item }}"
      loop: [1, "two\\nlines", {k: [a, b]}]
    - copy: content="x\\ny\\n" dest={{ root }}/{{ inventory_hostname }}.txt
    - debug: msg="😀 {{ '\\u0085' }} é"
    - set_fact: {x: {a: [1, 2], "b c": null, "": "empty key"}}
    - debug: var=x
    - shell: echo secret
      no_log: true
    - set_stats:
        data: {deployed: "{{ inventory_hostname }}", lines: "a\\nb"}
        per_host: true
`;

const CASES: [string, string, string][] = [
  [
    'stdout_callback = yaml: as the community.general.yaml callback prints',
    'stdout_callback = yaml',
    'ok: [node001] => \n  msg: |-\n    line1\n    line2\n',
  ],
  [
    "callback_result_format = yaml: as the default callback's yaml result format prints",
    'callback_result_format = yaml',
    'ok: [node001] => \n    msg: |-\n        line1\n        line2\n',
  ],
  [
    'stdout_callback = debug: as ansible.posix.debug prints (text fields after the JSON)',
    'stdout_callback = debug',
    'ok: [node001] => {}\n\nMSG:\n\nhello\n',
  ],
  [
    'callback_result_format = yaml with callback_format_pretty = false: text kept exact',
    'callback_result_format = yaml\ncallback_format_pretty = false',
    'ok: [node001] => \n    msg: "line1\\nline2\\n  indented\\ttab\\n"\n',
  ],
];

describe('stdout callbacks and result formats', () => {
  const fleet = ownFleet(2);

  for (const [title, setting, shown] of CASES)
    it(
      title,
      async () => {
        const r = await runBoth(fleet(), {
          playbook: PLAY,
          hosts: 2,
          args: ['-v', '--diff'],
          files: { 'ansible.cfg': `[defaults]\n${setting}\nshow_custom_stats = true\n` },
        });
        expectSame(r);
        expect(r.flotilla.stdout).toMatch(/^Using \S+\/ansible\.cfg as config file$/m);
        // the YAML form, not the default callback's JSON
        expect(r.flotilla.stdout).toContain(shown);
      },
      SLOW,
    );
});
