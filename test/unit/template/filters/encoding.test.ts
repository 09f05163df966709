import { describe, expect, it } from 'vitest';
import { errorOf, makeRender } from '../helpers.js';

const render = makeRender();
const d = { b: 2, a: [1, { c: 'd' }] };
const users = [
  { name: 'bob', age: 30 },
  { name: 'alice', age: 25 },
];

// Expected strings were produced by ansible-core 2.14 (Python json / PyYAML).
describe('serialisation filters', () => {
  it('to_json keeps key order with Python separators and ASCII escapes', () => {
    expect(render('{{ d | to_json }}', { d })).toBe('{"b": 2, "a": [1, {"c": "d"}]}');
    expect(render("{{ {'z': 1.5, 'a': 'é'} | to_json }}")).toBe('{"z": 1.5, "a": "\\u00e9"}');
    expect(render("{{ {'a': none, 'b': true} | to_json }}")).toBe('{"a": null, "b": true}');
  });

  it('to_nice_json sorts keys and indents by 4', () => {
    expect(render('{{ d | to_nice_json }}', { d })).toBe(
      '{\n    "a": [\n        1,\n        {\n            "c": "d"\n        }\n    ],\n    "b": 2\n}',
    );
    expect(render('{{ [] | to_nice_json }} {{ {} | to_nice_json }}')).toBe('[] {}');
    expect(render("{{ 'hi' | to_nice_json }}")).toBe('"hi"');
  });

  it('from_json parses', () => {
    expect(render('{{ \'{"a": [1, 2]}\' | from_json }}')).toEqual({ a: [1, 2] });
  });

  it('to_yaml writes leaf collections inline, sorted', () => {
    expect(render('{{ d | to_yaml }}', { d })).toBe('a:\n- 1\n- {c: d}\nb: 2\n');
    expect(render("{{ ['a', 'b'] | to_yaml }}")).toBe('[a, b]\n');
    expect(render("{{ 'a: b' | to_yaml }}")).toBe("'a: b'\n");
  });

  it('to_nice_yaml writes block style with PyYAML indentation', () => {
    expect(render('{{ d | to_nice_yaml }}', { d })).toBe('a:\n- 1\n-   c: d\nb: 2\n');
    expect(render('{{ users | to_nice_yaml }}', { users })).toBe(
      '-   age: 30\n    name: bob\n-   age: 25\n    name: alice\n',
    );
    expect(
      render("{{ {'a': none, 'b': true, 'c': '123', 'd': 'yes', 'f': [], 'g': {}} | to_nice_yaml }}"),
    ).toBe("a: null\nb: true\nc: '123'\nd: 'yes'\nf: []\ng: {}\n");
    expect(render('{{ [{}, []] | to_nice_yaml }}')).toBe('- {}\n- []\n');
  });

  it('from_yaml parses YAML 1.1 like PyYAML', () => {
    expect(render('{{ v | from_yaml }}', { v: 'x: 1\nz: [a, b]\nflag: yes' })).toEqual({
      x: 1,
      z: ['a', 'b'],
      flag: true,
    });
  });

  it('base64 round-trips and rejects bad input', () => {
    expect(render("{{ 'x' | b64encode }} {{ 'aGk=' | b64decode }}")).toBe('eA== hi');
    expect(errorOf(() => render("{{ 'x' | b64decode }}")).code).toBe('FLT_TEMPLATE_FILTER');
  });

  it('quote is shlex.quote', () => {
    expect(render("{{ 'x y' | quote }}")).toBe("'x y'");
    expect(render("{{ 'plain/path-1.txt' | quote }}")).toBe('plain/path-1.txt');
    expect(render('{{ v | quote }}', { v: "it's" })).toBe(`'it'"'"'s'`);
    expect(render("{{ '' | quote }}")).toBe("''");
  });
});

// Expected texts produced by PyYAML 6 yaml.dump with Ansible's AnsibleDumper.
describe('to_yaml / to_nice_yaml fold like PyYAML', () => {
  const long =
    'This is a rather long string that should be folded by PyYAML when it exceeds the default width of eighty characters ok';

  it('breaks a plain scalar at the first space past width 80, indented one step', () => {
    expect(render('{{ d | to_yaml }}', { d: { k: long, l: [long] } })).toBe(
      'k: This is a rather long string that should be folded by PyYAML when it exceeds the\n  default width of eighty characters ok\nl: [This is a rather long string that should be folded by PyYAML when it exceeds the\n    default width of eighty characters ok]\n',
    );
    expect(render('{{ d | to_nice_yaml(width=50) }}', { d: { k: long } })).toBe(
      'k: This is a rather long string that should be folded\n    by PyYAML when it exceeds the default width of eighty\n    characters ok\n',
    );
  });

  it('writes line breaks single-quoted and special characters double-quoted', () => {
    const d = { m: 'line one\nline two\n\nline four\n', t: 'a\tb' };
    expect(render('{{ d | to_yaml }}', { d })).toBe(
      '{m: \'line one\n\n    line two\n\n\n    line four\n\n    \', t: "a\\tb"}\n',
    );
    expect(render('{{ d | to_nice_yaml }}', { d })).toBe(
      'm: \'line one\n\n    line two\n\n\n    line four\n\n    \'\nt: "a\\tb"\n',
    );
  });
});
