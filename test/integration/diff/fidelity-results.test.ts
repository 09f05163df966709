/**
 * Issue 14 item 8 against ansible-playbook 2.14: result shapes and error texts.
 * - Bad regular expressions, GENERATED (test/support/regex-patterns.ts, the patterns python3
 *   refuses), through every place a pattern is compiled: regex_search, regex_replace,
 *   regex_findall, the match/search/regex tests, lineinfile's and replace's regexp. The
 *   template ones fail as Ansible's _execute does ({changed, failed, exception}); the module
 *   ones as MODULE FAILURE (module_stdout, module_stderr, rc, msg).
 * Whole normalised stdout, exit code and files must match (sweep-compare.ts).
 */
import { describe, expect, it } from 'vitest';
import { generatedPatterns, pythonVerdicts } from '../../support/regex-patterns.js';
import { ownFleet, runBoth } from './harness.js';
import { expectSame, SLOW } from './sweep-compare.js';

/**
 * Patterns python3 refuses, one per distinct message (the first `kinds`), plus two it
 * accepts. The unit test (test/unit/text/python-re-syntax.test.ts) checks thousands against
 * python3 directly; this one proves the texts reach the results and the output.
 */
function patternSample(kinds: number): string[] {
  const patterns = generatedPatterns(600, 1414, 4).filter((p) => !p.includes('\n'));
  const verdicts = pythonVerdicts(patterns);
  const byMessage = new Map<string, string>();
  const good: string[] = [];
  patterns.forEach((p, i) => {
    const v = verdicts[i];
    if (v === null) {
      if (good.length < 2) good.push(p);
    } else {
      const kind = v.replace(/ at position.*/, '');
      if (!byMessage.has(kind)) byMessage.set(kind, p);
    }
  });
  return [...byMessage.values()].slice(0, kinds).concat(good);
}

const REGEX_PLAY = `- hosts: fleet[0]
  gather_facts: false
  vars_files: [patterns.json]
  tasks:
    - name: regex_search
      debug: msg="{{ 'abc' | regex_search(item) }}"
      loop: "{{ patterns }}"
      ignore_errors: true
    - name: regex_replace
      debug: msg="{{ 'abc' | regex_replace(item, 'x') }}"
      loop: "{{ patterns }}"
      ignore_errors: true
    - name: regex_findall
      debug: msg="{{ 'abc' | regex_findall(item) }}"
      loop: "{{ patterns }}"
      ignore_errors: true
    - name: tests
      debug: msg="{{ 'abc' is match(item) }} {{ 'abc' is search(item) }} {{ 'abc' is regex(item) }}"
      loop: "{{ patterns }}"
      ignore_errors: true
    - name: one failure, registered
      set_fact: x="{{ 'abc' | regex_search(patterns[0]) }}"
      register: r
      ignore_errors: true
    - debug: msg="{{ r.keys() | sort }} {{ r.exception.splitlines() | last }} {{ r.exception.startswith('Traceback') }}"
    - name: lineinfile regexp
      lineinfile: path={{ root }}/{{ inventory_hostname }}.txt regexp={{ item }} line=x create=true
      loop: "{{ patterns }}"
      register: li
      failed_when: false
    - debug: msg="{{ li.results | map('dict2items') | map('map', attribute='key') | map('sort') | list }}"
    - debug: msg="{{ li.results | map(attribute='msg') | list }} {{ li.results | selectattr('rc', 'defined') | map(attribute='rc') | list }} {{ li.results | selectattr('module_stdout', 'defined') | map(attribute='module_stdout') | list }}"
    - debug: msg="{{ li.results | selectattr('module_stderr', 'defined') | map(attribute='module_stderr') | map('split', '\\n') | map('select') | map('last') | list }}"
    - name: replace regexp
      replace: path={{ root }}/{{ inventory_hostname }}.txt regexp={{ item }} replace=y
      loop: "{{ patterns }}"
      register: rp
      failed_when: false
    - debug: msg="{{ rp.results | map(attribute='msg', default='') | list }} {{ rp.results | selectattr('exception', 'defined') | map(attribute='exception') | map('split', '\\n') | map('select') | map('last') | list }}"
`;

/** %-formats of every type, undefined values under %r (their repr), %s/%d of undefined (fail). */
const FORMAT_PLAY = `- hosts: fleet[0]
  gather_facts: false
  vars:
    d: {a: 1}
    values: [7, -2.5, 'ab', true, null, [1, 'x'], {k: v}]
  tasks:
    - debug: msg="{{ '%r|%r|%r|%r' | format(undefined_x, d.nope, [] | first, none.x) }}"
    - debug: msg="{{ item.0 | format(item.1) }}"
      loop: "{{ ['%r', '%s', '%-6s|', '%.2s', '%8.3r'] | product(values) | list }}"
    - debug: msg="{{ item.0 | format(item.1) }}"
      loop: "{{ ['%d', '%5.2f', '%x', '%+05d', '%e', '%.3d', '%o', '%X'] | product([7, -2, true, 0]) | list }}"
    - debug: msg="{{ item.0 | format(item.1) }}"
      loop: "{{ ['%d', '%5.2f', '%+05d', '%e', '%.3d', '%E'] | product([-2.5, 0.001, 12345.678]) | list }}"
    - debug: msg="{{ '%d' | format('ab') }}"
      ignore_errors: true
    - debug: msg="{{ '%x' | format(2.5) }}"
      ignore_errors: true
    - debug: msg="{{ '%s' | format(undefined_x) }}"
      ignore_errors: true
    - debug: msg="{{ '%d' | format(undefined_x) }}"
      ignore_errors: true
`;

/** include_vars' failures: no name, missing (absolute, relative), a directory, not a dict, bad YAML. */
const INCLUDE_VARS_PLAY = `- hosts: fleet[0]
  gather_facts: false
  tasks:
    - include_vars: ""
      ignore_errors: true
    - include_vars:
        file: ""
      ignore_errors: true
    - include_vars: /nonexistent-flotilla/vars.yml
      ignore_errors: true
    - include_vars: nonexistent.yml
      ignore_errors: true
    - include_vars: "{{ root }}"
      ignore_errors: true
    - include_vars: list.yml
      ignore_errors: true
    # The YAML loader's own error wording differs (not this slice): compare the shape only.
    - include_vars: bad.yml
      register: bad
      ignore_errors: true
      no_log: true
    - debug: msg="{{ bad.keys() | sort }} {{ bad.failed }} {{ bad.ansible_facts }}"
`;

describe('fidelity: result shapes and error texts', () => {
  const fleet = ownFleet(1);

  it(
    'generated bad regular expressions: Python re.error texts and result shapes',
    async () => {
      const files = { 'patterns.json': JSON.stringify({ patterns: patternSample(6) }) };
      const r = await runBoth(fleet(), { playbook: REGEX_PLAY, files, hosts: 1 });
      // The oracle ran the whole play (a broken playbook would compare equal too).
      expect(r.ansible.stdout).toContain('TASK [replace regexp]');
      expectSame(r);
    },
    SLOW,
  );

  it(
    '%-formats of every type and of undefined values, as Python formats them',
    async () => {
      expectSame(await runBoth(fleet(), { playbook: FORMAT_PLAY, hosts: 1 }));
    },
    SLOW,
  );

  it(
    'include_vars failures: Ansible texts under message',
    async () => {
      const files = { 'list.yml': '[1, 2]\n', 'bad.yml': 'a: [\n' };
      expectSame(await runBoth(fleet(), { playbook: INCLUDE_VARS_PLAY, files, hosts: 1 }));
    },
    SLOW,
  );

  // ansible-playbook options flotilla implements, whose run can be compared whole
  // (test/integration/cli/options-parity.test.ts checks that every option is known).
  it(
    'the run options --flush-cache, --ssh-common-args, --ssh-extra-args',
    async () => {
      const playbook = `- hosts: fleet
  gather_facts: false
  tasks:
    - command: echo ran
      register: r
      changed_when: false
    - debug: msg="{{ r.stdout }} {{ ansible_ssh_common_args | default('none') }}"
`;
      const args = [
        '--flush-cache',
        '--ssh-common-args=-o ConnectTimeout=9',
        '--ssh-extra-args=-o ServerAliveInterval=7',
      ];
      expectSame(await runBoth(fleet(), { playbook, hosts: 1, args }));
    },
    SLOW,
  );
});
