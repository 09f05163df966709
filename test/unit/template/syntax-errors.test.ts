import { describe, expect, it } from 'vitest';
import { Templar } from '../../../src/template/index.js';
import { isJinjaTemplate } from '../../../src/template/syntax/jinja-lexer.js';
import { conditionalTemplate, jinjaSyntaxError } from '../../../src/template/syntax/syntax-errors.js';
import { errorOf } from './helpers.js';

// Every expected message below was printed by ansible-playbook 2.14 (Jinja2 3.1) for the same text.
const TEMPLATE_CASES: [string, string][] = [
  ['{{ x }', "unexpected '}'"],
  ['{{ x', "unexpected end of template, expected 'end of print statement'."],
  [
    '{% if x %}a',
    "Unexpected end of template. Jinja was looking for the following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'.",
  ],
  [
    '{% for i in items_ %}',
    "Unexpected end of template. Jinja was looking for the following tags: 'endfor' or 'else'. The innermost block that needs to be closed is 'for'.",
  ],
  ['{% endfor %}', "Encountered unknown tag 'endfor'."],
  [
    '{% if x %}{% endfor %}',
    "Encountered unknown tag 'endfor'. Jinja was looking for the following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'.",
  ],
  ['{% foo %}', "Encountered unknown tag 'foo'."],
  ['{{ x | }}', "expected token 'name', got 'end of print statement'"],
  ['{{ x | 1 }}', "expected token 'name', got 'integer'"],
  ['{{ }}', "Expected an expression, got 'end of print statement'"],
  ['{% if %}{% endif %}', "Expected an expression, got 'end of statement block'"],
  ['{% for a in %}{% endfor %}', "Expected an expression, got 'end of statement block'"],
  ['{% set %}', "Expected an expression, got 'end of statement block'"],
  ['{{ (x }}', "unexpected '}', expected ')'"],
  ['{{ [x }}', "unexpected '}', expected ']'"],
  ['{{ x(1, }}', "unexpected '}', expected ')'"],
  ['{{ x[ }}', "unexpected '}', expected ']'"],
  ['{{ x ) }}', "unexpected ')'"],
  ['{{ x ] }}', "unexpected ']'"],
  ['{{ {"a": 1 }}', "unexpected '}'"],
  ["{{ 'abc }}", `unexpected char "'" at 3`],
  ['{{ x ! }}', "unexpected char '!' at 5"],
  ['{# abc', 'Missing end of comment tag'],
  ['{% raw %}abc', 'Missing end of raw directive'],
  ['{% if x', "unexpected end of template, expected 'end of statement block'."],
  ['{{ x + }}', "unexpected 'end of print statement'"],
  ['{{ 1 + }}a\n{{ x }}', "unexpected 'end of print statement'"],
  ['{{ x.  }}', 'expected name or number'],
  ['{{ x y }}', "expected token 'end of print statement', got 'y'"],
  ['{{ x is }}', "expected token 'name', got 'end of print statement'"],
];

const CONDITION_CASES: [string, string][] = [
  ['x ==', "unexpected 'end of statement block'"],
  ['x )', "unexpected ')'"],
  ['x |', "expected token 'name', got 'end of statement block'"],
  ['(x', "unexpected '}', expected ')'"],
  ["'a", `unexpected char "'" at 6`],
];

describe('jinjaSyntaxError', () => {
  it.each(TEMPLATE_CASES)('%j reads as Jinja2 words it', (source, message) => {
    expect(jinjaSyntaxError(source, true)).toBe(message);
  });

  it.each(CONDITION_CASES)('condition %j inside Ansible’s if wrapper', (condition, message) => {
    expect(jinjaSyntaxError(conditionalTemplate(condition))).toBe(message);
  });

  it.each([
    'a %} b',
    'a }} b',
    '{{ x,}}',
    '{{ "a\\x" }}',
    "{{ {'a': {'b': 1}} }}",
    '{% for k, v in d.items() if v is defined recursive %}{{ loop(v) }}{% else %}-{% endfor %}',
    '{% set ns = namespace(a=1) %}{% set ns.a = 2 %}{{ ns.a }}',
    '{% macro m(a, b=1) %}{{ a }}{% endmacro %}{% call m(1) %}x{% endcall %}',
    '{% filter upper %}x{% endfilter %}{% with a = 1 %}{{ a }}{% endwith %}',
    '{{ x[1:-1] }}{{ x[::2] }}{{ x.0 }}{{ 1e-5 }}{{ y is divisibleby 3 }}{{ f(*a, **k) }}',
    '{# c #}{% raw %}{{ x }}{% endraw %}{{ a if b else c }}{{ a not in b }}{{ -x ** 2 // 3 ~ "s" }}',
  ])('accepts valid Jinja %j', (source) => {
    expect(jinjaSyntaxError(source, true)).toBeUndefined();
  });

  it('reports escapes Python cannot decode only where Ansible has not doubled the backslashes', () => {
    expect(jinjaSyntaxError('{{ "a\\x" }}', true)).toBeUndefined();
    expect(jinjaSyntaxError('{% set a = "a\\x" %}', true)).toBe('truncated \\xXX escape');
  });
});

describe('Templar syntax errors', () => {
  const templar = new Templar({ omitToken: '__omit_place_holder__test' });

  it("wraps the message as Ansible's do_template does", () => {
    const err = errorOf(() => templar.render('{{ x }', { x: 1 }));
    expect(err.code).toBe('FLT_TEMPLATE_SYNTAX');
    expect(err.message).toBe(
      "template error while templating string: unexpected '}'. String: {{ x }. unexpected '}'",
    );
  });

  it('rejects what nunjucks would accept but Jinja2 does not', () => {
    expect(errorOf(() => templar.render('{% raw %}abc', {})).message).toBe(
      'template error while templating string: Missing end of raw directive. String: {% raw %}abc. Missing end of raw directive',
    );
  });

  it("shows a bare condition inside the Conditional's if wrapper", () => {
    const err = errorOf(() => templar.evaluateConditional('x ==', { x: 1 }));
    expect(err.message).toBe(
      "template error while templating string: unexpected 'end of statement block'. String: {% if x == %} True {% else %} False {% endif %}. unexpected 'end of statement block'",
    );
  });
});

describe('isJinjaTemplate', () => {
  it.each([
    ['{{ x }}', true],
    ['{% if x %}', true],
    ['{# c #}', true],
    ['{{ x }', false],
    ['plain', false],
    ['a }} {{', false],
  ])('%j -> %s', (data, expected) => {
    expect(isJinjaTemplate(data)).toBe(expected);
  });
});

describe('Jinja syntax nunjucks lacked', () => {
  const templar = new Templar({ omitToken: '__omit_place_holder__test' });

  it('joins adjacent string literals', () => {
    expect(templar.render('{{ "a" "b" }}', {})).toBe('ab');
    expect(templar.render("{{ 'a' 'b' | upper }}", {})).toBe('AB');
  });

  it('ends quietly at a last `{#`, as Jinja2 lexes it', () => {
    expect(templar.render('x {#', {})).toBe('x ');
    expect(templar.render('{{ 1 }} {#-', {})).toBe('1');
  });
});
