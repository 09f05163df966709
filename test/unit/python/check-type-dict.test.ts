import { describe, expect, it } from 'vitest';
import { checkTypeDict } from '../../../src/python/check-type-dict.js';

// Expected values from ansible.module_utils.common.validation.check_type_dict (2.14).
describe('check_type_dict', () => {
  it.each([
    ['a=b c=d', { a: 'b', c: 'd' }],
    ['a="x y",b=2', { a: 'x y', b: '2' }],
    ['a=b=c', { a: 'b=c' }],
    ['k=a\\ b', { k: 'a b' }],
    ['{"a": 1}', { a: 1 }],
    ["{'a': 1}", { a: 1 }],
  ])('%s', (text, dict) => expect(checkTypeDict(text, "<class 'str'>")).toEqual(dict));

  it.each([
    ['nope', 'dictionary requested, could not parse JSON or key=value'],
    ['a=b nope', 'dictionary update sequence element #1 has length 1; 2 is required'],
    ['{bad', 'unable to evaluate string as dictionary'],
  ])('refuses %s', (text, message) => expect(() => checkTypeDict(text, "<class 'str'>")).toThrow(message));

  it('refuses what is neither a dict nor a string, naming its type', () =>
    expect(() => checkTypeDict([1], "<class 'list'>")).toThrow(
      "<class 'list'> cannot be converted to a dict",
    ));
});
