import { describe, expect, it } from 'vitest';
import { literalEval, NOT_LITERAL, parsePythonLiteral } from '../../../src/python/literal-eval.js';
import { PyTuple } from '../../../src/python/values.js';

const inventory = (text: string) => {
  const r = parsePythonLiteral(text);
  return r.ok ? r.value : NOT_LITERAL;
};

// One parser, two dialects. Python's answers (/usr/bin/python3, ast.literal_eval) are in the
// comments; where the template dialect differs from them, that is how it was before the merge.
describe('literal_eval dialects', () => {
  it('reads the common literals the same way', () => {
    for (const read of [literalEval, inventory]) {
      expect(read("{'a': [1, 'x', None, True]}")).toEqual({ a: [1, 'x', null, true] });
      expect(read("'a' 'b'")).toBe('ab');
      expect(read('0x1F')).toBe(31);
      expect(read('-1.5')).toBe(-1.5);
      expect(read('[1 2]')).toBe(NOT_LITERAL);
    }
  });

  it('inventory: tuples, sets, comments, bytes and --1 as Python reads them', () => {
    expect(inventory('(1, 2)')).toBeInstanceOf(PyTuple); // (1, 2)
    expect(inventory('{1, 2, 1}')).toEqual([1, 2]); // {1, 2}
    expect(inventory('[1, # c\n 2]')).toEqual([1, 2]); // [1, 2]
    expect(inventory('--1')).toBe(NOT_LITERAL); // ValueError
    expect(inventory("'a\\N'")).toBe(NOT_LITERAL); // SyntaxError
    expect(inventory('{True: 1}')).toEqual({ true: 1 });
  });

  it('template: JSON names, tuples as lists, str() keys, and what it accepts beyond Python', () => {
    expect(literalEval('[true, null]')).toEqual([true, null]);
    expect(literalEval('(1, 2)')).not.toBeInstanceOf(PyTuple);
    expect(literalEval('{True: 1}')).toEqual({ True: 1 });
    expect(literalEval('{1, 2}')).toBe(NOT_LITERAL); // Python: {1, 2}
    expect(literalEval('--1')).toBe(-(-1)); // Python: ValueError
    expect(literalEval("'a\\N'")).toBe('a\\N'); // Python: SyntaxError
  });
});
