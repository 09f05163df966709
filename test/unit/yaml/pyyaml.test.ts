import { describe, expect, it } from 'vitest';
import { parseAnsibleYaml, parseAnsibleYamlAll } from '../../../src/yaml/pyyaml.js';

describe('YAML read as Ansible (PyYAML 1.1) reads it', () => {
  it('takes yes/no/on/off/true/false in their cases as booleans', () => {
    expect(parseAnsibleYaml('[yes, No, ON, off, True, FALSE]')).toEqual([
      true,
      false,
      true,
      false,
      true,
      false,
    ]);
  });
  it('keeps y and n as strings, as keys and as values', () => {
    expect(parseAnsibleYaml('n: 1\ny: [x, y, Y, N]')).toEqual({ n: 1, y: ['x', 'y', 'Y', 'N'] });
  });
  it('reads 0644 as octal, like PyYAML', () => {
    expect(parseAnsibleYaml('mode: 0644')).toEqual({ mode: 0o644 });
  });
  it('reads every document of a stream', () => {
    expect(parseAnsibleYamlAll('a: n\n---\nb: yes\n')).toEqual([{ a: 'n' }, { b: true }]);
  });
});
