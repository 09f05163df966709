/**
 * The paths hot templates take (compiled filter/test call sites, loop bindings, dict
 * literals) and the fast paths inside filters, each against the slow path's answer or
 * ansible-core 2.14's output for the same template.
 */
import { describe, expect, it } from 'vitest';
import { Templar } from '../../../src/template/index.js';
import { errorOf, makeValue } from './helpers.js';

const render = makeValue();

describe('loop variables', () => {
  it('nested loops each see their own loop.* (as Ansible prints them)', () => {
    const t =
      "{% for a in [1,2] %}{% for b in 'xy' %}{{ loop.index }}{{ loop.revindex }}{{ loop.first }}{{ loop.last }}{{ loop.length }}/{% endfor %}{{ loop.index0 }}{{ loop.revindex0 }};{% endfor %}";
    expect(render(t)).toBe('12TrueFalse2/21FalseTrue2/01;12TrueFalse2/21FalseTrue2/10;');
  });

  it('two-name loops over pairs and dicts bind loop.* too', () => {
    expect(render('{% for k, v in [[1, 2], [3, 4]] %}{{ k }}{{ v }}{{ loop.index }} {% endfor %}')).toBe(
      '121 342 ',
    );
    expect(render("{% for k, v in {'a': 1, 'b': 2} %}{{ k }}={{ v }}{{ loop.last }} {% endfor %}")).toBe(
      'a=1False b=2True ',
    );
  });

  it('a macro called in a loop sees its own variables and the loop variable it is given', () => {
    const t =
      '{% macro m(v) %}<{{ v }}>{% endmacro %}{% for i in [1, 2] %}{{ m(i) }}{{ loop.index }}{% endfor %}';
    expect(render(t)).toBe('<1>1<2>2');
  });

  it('{% set %} inside a loop body still works', () => {
    expect(render('{% for i in [1, 2] %}{% set j = i * 10 %}{{ j }},{% endfor %}')).toBe('10,20,');
  });
});

describe('filter and test call sites', () => {
  it('keyword arguments bind to named parameters; unknown ones fail', () => {
    expect(render("{{ 'a-b-c' | replace('-', new='+', count=1) }}")).toBe('a+b-c');
    expect(errorOf(() => render('{{ [1] | join(sep=",") }}')).code).toBe('FLT_TEMPLATE_ARGUMENT');
  });

  it('an undefined argument fails, except for filters and tests that accept it', () => {
    expect(errorOf(() => render("{{ 'a' | replace(nope, 'b') }}")).code).toBe('FLT_TEMPLATE_UNDEFINED');
    expect(render("{{ nope | default('d') }} {{ nope is defined }}")).toBe('d False');
  });

  it('map passes extra arguments and keywords through to the named filter', () => {
    expect(
      render("{{ [1, 2] | map('string') | list }} {{ ['a', 'b'] | map('replace', 'a', new='z') | list }}"),
    ).toBe("['1', '2'] ['z', 'b']");
    expect(errorOf(() => render("{{ [1] | map('nosuch') | list }}")).message).toBe(
      `Could not load "nosuch": 'nosuch'`,
    );
  });

  it('tests with and without arguments, bare and in select', () => {
    expect(render('{{ 4 is even }} {{ 9 is divisibleby 3 }} {{ 3 is gt(2) }} {{ 2 is not odd }}')).toBe(
      'True True True True',
    );
    expect(render("{{ [1, 2, 3, 4] | select('even') | list }} {{ [1, 5] | reject('gt', 2) | list }}")).toBe(
      '[2, 4] [1]',
    );
  });
});

describe('dict literals', () => {
  it('string keys, expression keys, and __proto__ as an ordinary key', () => {
    expect(render("x {{ {'a': 1, 'b': [2]} }}")).toBe("x {'a': 1, 'b': [2]}");
    expect(render("x {{ {k: 1, 'k': 2} }}", { k: 'z' })).toBe("x {'z': 1, 'k': 2}");
    expect(render("x {{ {'__proto__': 1, 'a': 2} }}")).toBe("x {'__proto__': 1, 'a': 2}");
    expect(new Templar().render("{{ {'__proto__': {'x': 1}} }}", {})).toEqual(
      JSON.parse('{"__proto__": {"x": 1}}'),
    );
    expect(render("{{ {'a': 1, 'a': 2} }}")).toEqual({ a: 2 });
  });
});

describe("filter fast paths give the slow paths' answers", () => {
  it('length counts code points: astral characters once, lone surrogates once each', () => {
    expect(render('{{ s | length }}', { s: 'a😀b' })).toBe(3);
    expect(render('{{ s | length }}', { s: 'x'.repeat(100_000) })).toBe(100_000);
    expect(render('{{ s | length }}', { s: '\uD800a\uDC00' })).toBe(3);
  });

  it('to_json quotes plain strings as they are and escapes the rest as json.dumps does', () => {
    expect(render("{{ {'k': s, 'u': 'é', 'q': 'a\"b', 'p': 'plain'} | to_json }}", { s: 'a😀b' })).toBe(
      '{"k": "a\\ud83d\\ude00b", "u": "\\u00e9", "q": "a\\"b", "p": "plain"}',
    );
    expect(render('{{ s | to_json }}', { s: 'tab\there\\ \x7f' })).toBe('"tab\\there\\\\ \\u007f"');
    expect(render('{{ s | to_json(ensure_ascii=false) }}', { s: 'é "q"' })).toBe('"é \\"q\\""');
  });

  it('replace keeps a $ in the replacement literal', () => {
    expect(render("{{ 'a.b.c' | replace('.', '$&') }}")).toBe('a$&b$&c');
    expect(render("{{ 'a.b' | replace('.', '$') }} {{ 'aXbX' | replace('X', '') }}")).toBe('a$b ab');
  });

  it('int parses plain decimals and everything else as before', () => {
    expect(
      render("{{ ' 42 ' | int }} {{ '-0' | int }} {{ '0012' | int }} {{ '+7' | int }} {{ '1_000' | int }}"),
    ).toBe('42 0 12 7 1000');
    expect(render("{{ '12' | int(base=8) }} {{ '12' | int(base=0) }} {{ 'x1' | int(5) }}")).toBe('10 12 5');
  });
});
