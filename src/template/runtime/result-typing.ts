/**
 * What a templated string becomes, as Ansible 2.14's Templar.template with its
 * ansible_eval_concat decides (jinja2_native off, convert_data on):
 * - exactly `{{ name }}` naming a number, bool or None keeps it (Templar's SINGLE_VAR);
 * - a sole `{{ x | to_json }}` (a string-type filter) stays text;
 * - otherwise the result is text (None prints as ''), turned back into a value by
 *   ast.literal_eval only when it starts with `{` or `[`, or is `True`/`False`.
 * Lists and dicts survive that round trip unchanged, so they are returned as they are.
 */

import { isWholeFloat } from '../../python/float.js';
import { literalEval, NOT_LITERAL } from '../../python/literal-eval.js';
import { pyStr } from '../../python/repr.js';
import { isMapping, PyTuple } from '../../python/values.js';
import type { ExpressionShape } from '../syntax/compiler.js';

/** A rendered string after Ansible's literal_eval step. */
export function typedText(text: string): unknown {
  const first = text.charCodeAt(0);
  // '{' and '['; 'True'/'False' are compared only when the first letter matches.
  if (
    first === 123 ||
    first === 91 ||
    ((first === 84 || first === 70) && (text === 'True' || text === 'False'))
  ) {
    const value = literalEval(text);
    if (value !== NOT_LITERAL) return value;
  }
  return text;
}

/** The value of a sole `{{ expr }}` template. */
export function typedExpression(value: unknown, shape: ExpressionShape | undefined): unknown {
  if (typeof value === 'string') return shape === 'text' ? value : typedText(value);
  if (value === null || value === undefined) return shape === 'name' ? null : '';
  if (typeof value === 'boolean' || typeof value === 'object') {
    // A tuple's text starts with '(': Ansible leaves it text.
    if (value instanceof PyTuple) return pyStr(value);
    if (typeof value === 'object' && !Array.isArray(value) && !isMapping(value) && !isWholeFloat(value)) {
      return typedText(pyStr(value));
    }
    if (!isWholeFloat(value)) return value;
  }
  if (shape === 'name') return value;
  return pyStr(value);
}
