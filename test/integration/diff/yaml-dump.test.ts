/**
 * YAML text against its oracle, the dumpers Ansible uses (AnsibleDumper is libyaml's
 * CSafeDumper): to_nice_yaml's yaml.dump(indent=4, default_flow_style=False) and to_yaml's
 * (flow style by default), the community.general.yaml stdout callback's MyDumper (multi-line
 * text as tidied literal blocks, width 1000), and the default callback's
 * _AnsibleCallbackDumper under result_format yaml, lossy (pretty_results) and exact. Generated strings mix what decides a
 * scalar's style: indicators, line breaks of every kind, spaces at the edges, tabs, control
 * and astral characters, a BOM, implicit types, and lengths past the folding width and the
 * 128 bytes of a simple key. Each string is a value, a list item, a nested value and a key.
 */
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dumpCallbackYaml, dumpResultYaml, dumpYaml } from '../../../src/yaml/yaml-style.js';

const ORACLE = `
import json, sys, yaml
sys.path.insert(0, '/usr/lib/python3/dist-packages')
from ansible.parsing.yaml.dumper import AnsibleDumper
from ansible_collections.community.general.plugins.callback.yaml import MyDumper
from ansible.plugins.callback import _AnsibleCallbackDumper
out = []
for v in json.load(sys.stdin):
    out.append([
        yaml.dump(v, Dumper=AnsibleDumper, indent=4, allow_unicode=True, default_flow_style=False),
        yaml.dump(v, Dumper=AnsibleDumper, allow_unicode=True, default_flow_style=None),
        yaml.dump(v, Dumper=MyDumper, allow_unicode=True, width=1000, default_flow_style=False),
        yaml.dump(v, Dumper=_AnsibleCallbackDumper(lossy=True), allow_unicode=True, default_flow_style=False, indent=4),
        yaml.dump(v, Dumper=_AnsibleCallbackDumper(lossy=False), allow_unicode=True, default_flow_style=False),
    ])
print(json.dumps(out))
`;

const piece = fc.constantFrom(
  'a',
  'b c',
  ' ',
  '  ',
  '\n',
  '\n\n',
  ' \n',
  '\t',
  '\r',
  '\x0b',
  '\x1c',
  '\x07',
  '\x85',
  '\u2028',
  '\xa0',
  '\ufeff',
  'é',
  '😀',
  ':',
  ': ',
  '#',
  ' #',
  '-',
  '- ',
  '?',
  "'",
  '"',
  '\\',
  '[',
  '{',
  ',',
  '|',
  '>',
  '---',
  'true',
  '1',
  '0.5',
  'null',
  'word '.repeat(9),
  'long'.repeat(20),
);
const text = fc.array(piece, { maxLength: 10 }).map((parts) => parts.join(''));

function flotilla(v: unknown): string[] {
  return [
    dumpYaml(v, { indent: 4, width: 80, flowStyle: false }),
    dumpYaml(v, { indent: 2, width: 80, flowStyle: null }),
    dumpCallbackYaml(v),
    dumpResultYaml(v, 4, true),
    dumpResultYaml(v, undefined, false),
  ];
}

describe('YAML dumps: PyYAML with libyaml, as Ansible calls it, is the oracle', () => {
  it("writes generated strings as to_nice_yaml, to_yaml and the yaml callback's dumper do", () => {
    const values = [...fc.sample(text, { numRuns: 700, seed: 0x7a41 }), 'a\n\n\x07', '\u2028\x07'].map(
      (s) => ({ msg: s, list: [s, { k: s }], [s]: 1 }),
    );
    const expected: string[][] = JSON.parse(
      execFileSync('/usr/bin/python3', ['-c', ORACLE], { input: JSON.stringify(values) }).toString(),
    );
    const mismatches = values
      .map((v, i) => ({ v, python: expected[i], flotilla: flotilla(v) }))
      .filter((c) => JSON.stringify(c.python) !== JSON.stringify(c.flotilla));
    expect(mismatches.slice(0, 3)).toEqual([]);
    // The styles the cases were made for all occur: literal blocks (the callback's), complex
    // keys, escapes, single quotes, flow collections (to_yaml's), a document end marker.
    const all = expected.flat().join('');
    for (const mark of ['|-', '|2-', '? ', '"\\U0001F600', '\\N', "'", '{k: ', '...\n'])
      expect(all, mark).toContain(mark);
  });
});
