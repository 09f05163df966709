import { describe, expect, it } from 'vitest';
import { makeValue } from '../helpers.js';

const render = makeValue();

describe('regex filters', () => {
  it.each([
    ["{{ 'abc' | regex_replace('b', 'X') }}", 'aXc'],
    ["{{ 'a' | regex_replace('(a)', '\\\\1\\\\1') }}", 'aa'],
    ["{{ 'key=val' | regex_replace('(?P<k>\\\\w+)=(?P<v>\\\\w+)', '\\\\g<v>=\\\\g<k>') }}", 'val=key'],
    ["{{ 'ABC' | regex_replace('b', 'x', ignorecase=True) }}", 'AxC'],
    ["{{ 'abc' | regex_search('(b)(c)', '\\\\1') }}", ['b']],
    ["{{ 'abc' | regex_search('b.') }}", 'bc'],
    ["{{ 'abc' | regex_search('x') }}", null],
    ["{{ 'AbC' | regex_search('abc', ignorecase=True) }}", 'AbC'],
    ["{{ 'key=val' | regex_search('(?P<k>\\\\w+)=(?P<v>\\\\w+)', '\\\\g<v>') }}", ['val']],
    ["{{ 'abcabc' | regex_findall('b') }}", ['b', 'b']],
    [
      "{{ 'a1b2' | regex_findall('([a-z])(\\\\d)') }}",
      [
        ['a', '1'],
        ['b', '2'],
      ],
    ],
    ["{{ 'a.b' | regex_escape }}", 'a\\.b'],
    ["{{ 'a b*' | regex_escape }}", 'a\\ b\\*'],
  ])('%s', (template, expected) => {
    expect(render(template)).toEqual(expected);
  });

  it('$ in a replacement is literal, as in Python', () => {
    expect(render("{{ 'a' | regex_replace('a', '$1$') }}")).toBe('$1$');
  });
});
