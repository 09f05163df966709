/** Hostile inputs every parser gets: each once, in the short and the long run. */
import { billionLaughs } from '../../support/hostile-inputs.js';

const BOM = '\ufeff';
const deepMap = (n: number) =>
  `a:\n${Array.from({ length: n }, (_, i) => `${'  '.repeat(i + 1)}a:`).join('\n')}\n`;

export const HOSTILE: { label: string; text: string }[] = [
  { label: 'empty', text: '' },
  { label: 'BOM only', text: BOM },
  { label: 'BOM playbook', text: `${BOM}- hosts: all\n  tasks: []\n` },
  { label: 'NUL', text: 'a\0b\n[g]\0\n' },
  { label: 'lone surrogates (invalid UTF-8 read as text)', text: '\ud800 x \udfff\n' },
  { label: 'replacement chars', text: '\ufffd\ufffd: 1\n' },
  { label: 'very long line', text: `k: ${'x'.repeat(1_000_000)}\n` },
  { label: 'billion laughs', text: billionLaughs('') },
  {
    label: 'billion laughs in play vars',
    text: `- hosts: all\n  vars:\n${billionLaughs('    ')}  tasks: []\n`,
  },
  { label: 'alias to itself', text: '- &p\n  hosts: all\n  vars: {me: *p}\n  tasks: []\n' },
  { label: 'unknown alias', text: '- hosts: all\n  tasks: [*x]\n' },
  { label: '100k unclosed [', text: '['.repeat(100_000) },
  { label: '100k unclosed {', text: '{'.repeat(100_000) },
  { label: '3000 closed [', text: `${'['.repeat(3000)}${']'.repeat(3000)}` },
  { label: '1000-deep block mapping', text: deepMap(1000) },
  { label: 'huge INI range', text: '[web]\nweb[0:9999999999]\n' },
  { label: 'huge YAML range', text: 'all:\n  hosts:\n    web[0:9999999999]:\n' },
  { label: 'nested ranges', text: '[web]\nr[0:99999]-n[0:99999]\n' },
  { label: 'INI group cycle', text: '[a:children]\nb\n[b:children]\na\n' },
  {
    label: '100k-deep INI value',
    text: `[all]\nh\n[all:vars]\nx=${'['.repeat(100_000)}${']'.repeat(100_000)}\n`,
  },
  { label: 'self import_tasks', text: '- hosts: all\n  tasks:\n    - import_tasks: site.yml\n' },
  { label: 'self import_playbook', text: '- import_playbook: site.yml\n' },
  { label: '100k ( in template', text: `{{ ${'('.repeat(100_000)} }}` },
  { label: '100k + in template', text: `{{ ${'1+'.repeat(20_000)}1 }}` },
  { label: 'string repeat 1e8', text: '{{ "a" * 100000000 }}' },
  { label: 'list repeat', text: '{{ ([1, 2, 3] * 100000000) | length }}' },
  { label: 'range 1e9', text: '{{ range(1000000000) | list }}' },
  { label: 'range step 0', text: '{{ range(1, 5, 0) | list }}' },
  { label: 'recursive macro', text: '{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}' },
  { label: '2000 unclosed for', text: '{% for x in items %}'.repeat(2000) },
];
