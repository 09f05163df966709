import { describe, expect, it } from 'vitest';
import { errorOf, makeValue } from '../helpers.js';

const render = makeValue();
const users = [
  { name: 'bob', age: 30 },
  { name: 'alice', age: 25 },
];
const vars = { l: [3, 1, 2], users, d: { b: 2, a: [1, { c: 'd' }] } };

// Expected values were taken from ansible-core 2.14's Templar on the same input.
describe('collection filters', () => {
  it.each([
    ['{{ l | sort }}', [1, 2, 3]],
    ["{{ ['b','A','a'] | sort }}", ['A', 'a', 'b']],
    ['{{ [3,1,2] | sort(reverse=true) }}', [3, 2, 1]],
    ["{{ users | sort(attribute='age') | map(attribute='name') | list }}", ['alice', 'bob']],
    ['{{ [1,2,2,3] | unique }}', [1, 2, 3]],
    ["{{ ['a','A','b'] | unique }}", ['a', 'b']],
    ['{{ [1,2] | union([2,3]) }}', [1, 2, 3]],
    ['{{ [1,2] | intersect([2,3]) }}', [2]],
    ['{{ [1,2] | difference([2,3]) }}', [1]],
    ['{{ [1,2] | symmetric_difference([2,3]) }}', [1, 3]],
    ['{{ [1,[2,[3,[4]]]] | flatten }}', [1, 2, 3, 4]],
    ['{{ [1,[2,[3,[4]]]] | flatten(levels=1) }}', [1, 2, [3, [4]]]],
    ['{{ [1, none, [2]] | flatten }}', [1, 2]],
    ["{{ users | map(attribute='name') | list }}", ['bob', 'alice']],
    ["{{ [1,2,3] | map('string') | list }}", ['1', '2', '3']],
    ["{{ ['1','2'] | map('int') | sum }}", 3],
    ["{{ [1,2,3] | select('odd') | list }}", [1, 3]],
    ["{{ [1,2,3] | reject('odd') | list }}", [2]],
    ["{{ users | selectattr('age', 'gt', 26) | map(attribute='name') | list }}", ['bob']],
    ["{{ users | rejectattr('name', 'equalto', 'bob') | map(attribute='name') | list }}", ['alice']],
    ["{{ users | selectattr('name', 'defined') | list | length }}", 2],
    [
      '{{ d | dict2items }}',
      [
        { key: 'b', value: 2 },
        { key: 'a', value: [1, { c: 'd' }] },
      ],
    ],
    ["{{ {'x': 1} | dict2items(key_name='k', value_name='v') }}", [{ k: 'x', v: 1 }]],
    ["{{ [{'key':'a','value':1}] | items2dict }}", { a: 1 }],
    ["{{ {'a':1} | combine({'b':2}) }}", { a: 1, b: 2 }],
    ["{{ {'a':{'x':1}} | combine({'a':{'y':2}}, recursive=True) }}", { a: { x: 1, y: 2 } }],
    ["{{ {'a':{'x':1}} | combine({'a':{'y':2}}) }}", { a: { y: 2 } }],
    ["{{ {'a':[1]} | combine({'a':[2]}, list_merge='append') }}", { a: [1, 2] }],
    [
      "{{ [1,2,3] | zip(['a','b']) | list }}",
      [
        [1, 'a'],
        [2, 'b'],
      ],
    ],
    [
      "{{ [1,2,3] | zip_longest(['a','b'], fillvalue='z') | list }}",
      [
        [1, 'a'],
        [2, 'b'],
        [3, 'z'],
      ],
    ],
    [
      "{{ ['a','b'] | product([1,2]) | list }}",
      [
        ['a', 1],
        ['a', 2],
        ['b', 1],
        ['b', 2],
      ],
    ],
    ['{{ [1,2,3,4,5] | batch(2) | list }}', [[1, 2], [3, 4], [5]]],
    [
      '{{ [1,2,3,4,5] | slice(2) | list }}',
      [
        [1, 2, 3],
        [4, 5],
      ],
    ],
    ['{{ l | first }}', 3],
    ['{{ l | last }}', 2],
    ['{{ l | min }}', 1],
    ['{{ l | max }}', 3],
    ["{{ users | max(attribute='age') }}", { name: 'bob', age: 30 }],
    ['{{ l | sum }}', 6],
    [
      "{{ {'b':1,'a':2} | dictsort }}",
      [
        ['a', 2],
        ['b', 1],
      ],
    ],
    ['{{ [1,2] | reverse | list }}', [2, 1]],
    ["{{ [['a',1],['b',2]] | dict }}", { a: 1, b: 2 }],
    ["{{ {'k':'v'} | items | list }}", [['k', 'v']]],
    ["{{ 'b' | extract({'b': 7}) }}", 7],
  ])('%s', (template, expected) => {
    expect(render(template, vars)).toEqual(expected);
  });

  it('combine refuses non-dicts with a Python type name', () => {
    const err = errorOf(() => render('{{ [1] | combine({}) }}'));
    expect(err.code).toBe('FLT_TEMPLATE_FILTER');
    expect(err.message).toContain("'int'");
  });
});
