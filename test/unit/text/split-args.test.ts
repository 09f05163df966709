import { describe, expect, it } from 'vitest';
import { parseKv, splitArgs } from '../../../src/text/split-args.js';

describe('splitArgs', () => {
  it('keeps quoted words and jinja2 expressions whole', () => {
    expect(splitArgs('a=b c="foo bar"')).toEqual(['a=b', 'c="foo bar"']);
    expect(splitArgs('msg={{ a | default("x y") }} other=1')).toEqual([
      'msg={{ a | default("x y") }}',
      'other=1',
    ]);
  });

  it('throws on unbalanced quotes', () => {
    expect(() => splitArgs('echo "oops')).toThrow(/unbalanced jinja2 block or quotes/);
  });
});

describe('parseKv', () => {
  it('parses k=v with unquoting and escapes', () => {
    expect(parseKv('src=a dest="/tmp/b c" mode=0644')).toEqual({ src: 'a', dest: '/tmp/b c', mode: '0644' });
    expect(parseKv("line='a=b' x=a\\tb")).toEqual({ line: 'a=b', x: 'a\tb' });
  });

  it('puts words without = into _raw_params', () => {
    expect(parseKv('file.yml')).toEqual({ _raw_params: 'file.yml' });
  });

  it('takes only known options out of free-form commands', () => {
    expect(parseKv('echo a=b chdir=/tmp creates=/x', true)).toEqual({
      _raw_params: 'echo a=b',
      chdir: '/tmp',
      creates: '/x',
    });
    expect(parseKv('ls -l "a  b"', true)).toEqual({ _raw_params: 'ls -l "a  b"' });
  });
});
