/**
 * Parity sweep against ansible-playbook 2.14: Jinja2 syntax errors in task arguments,
 * conditions (`when`, `failed_when`, `changed_when`, `until`), `loop` and template files, worded as Jinja2
 * and Ansible word them. Each failing task ignores its error, so one play covers every case.
 */
import { describe, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { expectSame, SLOW } from './sweep-compare.js';

/** Task-argument templates Jinja2 rejects, and a few it accepts that look broken. */
const TEMPLATES = [
  '{{ x }',
  '{{ x',
  '{% if x %}a',
  '{% for i in items_ %}',
  '{% endfor %}',
  '{% if x %}{% endfor %}',
  '{% foo %}',
  '{{ x | }}',
  '{{ x | 1 }}',
  '{{ }}',
  '{% if %}{% endif %}',
  '{% for a in %}{% endfor %}',
  '{% set %}',
  '{{ (x }}',
  '{{ [x }}',
  '{{ x(1, }}',
  '{{ x[ }}',
  '{{ x ) }}',
  '{{ x ] }}',
  '{{ {"a": 1 }}',
  "{{ 'abc }}",
  '{{ x ! }}',
  '{# abc',
  '{% raw %}abc',
  '{% if x',
  '{{ x + }}',
  '{{ 1 + }}a\n{{ x }}',
  '{{ x.  }}',
  '{{ x y }}',
  '{{ x is }}',
  '{{ x | default(1) is }}',
  '{% if x %}{% else %}{% else %}{% endif %}',
  '{% for %}{% endfor %}',
  '{{ x === 1 }}',
  '{% elseif x %}',
  '{{ x | default(1 }}',
  '{% for i in items_ %}{% endif %}',
  '{% if x %}{% if x %}{% endif %}',
  '{% if x %}{% elif %}{% endif %}',
  '{{ x }}}',
  '{{{ x }}',
  '{{ x if }}',
  '{{ x = 1 }}',
  '{% set x = %}',
  '{{ {1 2} }}',
  '{{ @ }}',
  '{% do x %}',
  '{% for i in items_ %}{% break %}{% endfor %}',
  '{{ x | ansible.builtin. }}',
  '{{ x }}\n{% if x %}\n{{ x }\n{% endif %}',
  'a %} b',
  'a }} b',
  '{{ "a" "b" }}',
  'x {#',
];

const CONDITIONS = [
  'when: x ==',
  'when: x )',
  'when: x |',
  'when: "(x"',
  `when: "'a"`,
  'when: x is',
  'when: x and',
  'when: x = 1',
  'when: x == 1 }}',
  'when: "x in [1, 2"',
  'when: "x }}"',
  'failed_when: x ==',
  'changed_when: x +',
  'until: x ==\n      retries: 1\n      delay: 0',
];

const task = (body: string) => `    - ${body}\n      ignore_errors: true\n`;

const PLAYBOOK = `- name: syntax errors
  hosts: fleet
  gather_facts: false
  vars:
    x: 1
    items_: [1, 2]
  tasks:
${TEMPLATES.map((t) => task(`debug:\n        msg: ${JSON.stringify(t)}`)).join('')}${CONDITIONS.map((c) => task(`debug:\n        msg: ok\n      ${c}`)).join('')}${task('debug:\n        msg: "{{ item }}"\n      loop: "{{ items_ | }}"')}${task('debug:\n        msg: "{{ item }}"\n      loop: "{{ items_ ]] }}"')}${task('template: src=bad.j2 dest={{ root }}/bad.txt')}${task('template: src=bad2.j2 dest={{ root }}/bad2.txt')}${task('debug:\n        msg: "hello {{ x }\\n"')}`;

/** Template files with syntax errors: the template action's AnsibleError and exception line. */
const FILES = { 'templates/bad.j2': 'hello {{ x }\n', 'templates/bad2.j2': 'a\n{% if true %}\nno end\n' };

describe('differential: Jinja2 syntax errors', () => {
  const fleet = ownFleet(1);

  it(
    'reads the same as Ansible in arguments, conditions and loops',
    async () => {
      expectSame(await runBoth(fleet(), { playbook: PLAYBOOK, hosts: 1, files: FILES }));
    },
    SLOW,
  );
});
