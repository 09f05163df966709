import { describe, expect, it } from 'vitest';
import { Templar } from '../../../src/template/index.js';
import { errorOf, makeRender } from './helpers.js';

const render = makeRender();
const vars = { s: 'Hello World', d: { b: 2, a: [1, { c: 'd' }] }, l: [3, 1, 2], e: [], x: 5, name: 'k' };

// Expected values were taken from ansible-core 2.14 on the same input.
describe('keywords are names after a dot; `null` is a name', () => {
  it("reads foo.null, foo.true, foo.false, foo.none as attributes (Ansible's templating target)", () => {
    const foo = { null: null, true: true, false: false, none: 1 };
    expect(render('{{ foo.null is none }} {{ foo.true }} {{ foo.false }} {{ foo.none }}', { foo })).toBe(
      'True True False 1',
    );
  });
  it('takes a bare `null` as an undefined variable, not as none', () => {
    expect(errorOf(() => render('{{ null }}')).code).toBe('FLT_TEMPLATE_UNDEFINED');
    expect(render('{{ null }}', { null: 'n' })).toBe('n');
    expect(render('{{ none }}|{{ None }}|{{ True }}')).toBe('||True');
  });
});

describe('newlines in a template', () => {
  it("reads \\r\\n and \\r as \\n, as Jinja's lexer does; text without a template stays as it is", () => {
    expect(render('a\r\nb{{ 1 }}\rc\r\n')).toBe('a\nb1\nc\n');
    expect(render("{{ 'x\r\ny' | length }}")).toBe('3');
    expect(render('a\r\nb\r\n')).toBe('a\r\nb\r\n');
  });
});

describe('a filter or test Jinja cannot load', () => {
  it("names it as JinjaPluginIntercept does, a name that is not a plugin name as the loader's KeyError", () => {
    const runtime = errorOf(() => render(`{{ [1] | select('asdf ') | list }}`));
    expect(runtime).toMatchObject({
      code: 'FLT_TEMPLATE_PLUGIN',
      message: `Could not load "asdf ": 'invalid plugin name: ansible.builtin.asdf '`,
    });
    expect(errorOf(() => render(`{{ [1] | map('nofilter') | list }}`)).message).toBe(
      `Could not load "nofilter": 'nofilter'`,
    );
    // at compile time, the templar's syntax error
    expect(errorOf(() => render('{{ 1 | nofilter }}')).code).toBe('FLT_TEMPLATE_SYNTAX');
  });
});

describe('Jinja2/Python semantics on nunjucks', () => {
  it.each([
    ['{{ True }} {{ False }} {{ None is none }}', 'True False True'],
    ["{{ [1,'a',none,true] }}", "[1, 'a', None, True]"],
    ['{{ d }}', "{'b': 2, 'a': [1, {'c': 'd'}]}"],
    ["{{ 'a' ~ 1 ~ none }}", 'a1None'],
    ['{{ none }}|', '|'],
    ["{{ '%s-%d' % ('a', 3) }} {{ '%05.1f' % 3.14159 }}", 'a-3 003.1'],
    ['{{ 10 // 3 }} {{ -7 % 3 }} {{ 2 ** 10 }} {{ 7 / 2 }}', '3 2 1024 3.5'],
    [
      "{{ 'abc'[1:] }} {{ l[:2] }} {{ l[-1] }} {{ l[::-1] }} {{ 'abcdef'[::2] }}",
      'bc [3, 1] 2 [2, 1, 3] ace',
    ],
    ["{{ True and 'x' }} {{ [] or 'empty' }} {{ 0 or '' }}|", 'x empty |'],
    ["{{ 'b' in d }} {{ 1 in l }} {{ 'ell' in s }} {{ 4 not in l }}", 'True True True True'],
    ['{{ 1 < 2 < 3 }} {{ 3 < 2 < 4 }}', 'True False'],
    ["{{ x == 5 and l == [3,1,2] }} {{ {'a': 1} == {'a': 1} }} {{ 1 == 1.0 }}", 'True True True'],
    ["{{ 'a' + 'b' }} {{ [1] + [2] }} {{ '-' * 3 }}", 'ab [1, 2] ---'],
    ["{{ d['a'][1]['c'] }} {{ d.a.1.c }} {{ d.a.0 }}", 'd d 1'],
    ['{{ (1, 2) }}', '(1, 2)'],
    ['{{ 1 if x > 2 else 0 }}', '1'],
    [
      "{{ s.split() }} {{ s.startswith('He') }} {{ s.endswith(('x', 'd')) }} {{ s.lower() }} {{ s.upper() }}",
      "['Hello', 'World'] True True hello world HELLO WORLD",
    ],
    [
      "{{ '  a '.strip() }}|{{ 'xax'.strip('x') }}|{{ s.replace('l','L') }}|{{ 'a,b,c'.split(',', 1) }}",
      "a|a|HeLLo WorLd|['a', 'b,c']",
    ],
    ["{{ '{} {}'.format(1, 'a') }} {{ '{0}{0}'.format('z') }}", '1 a zz'],
    [
      "{{ d.get('zz', 'dflt') }} {{ d.get('b') }} {{ d.keys() | list }} {{ d.values() | list | length }}",
      "dflt 2 ['b', 'a'] 2",
    ],
    ['{% for k, v in d.items() %}{{ k }}={{ v | length if v is iterable else v }};{% endfor %}', 'b=2;a=2;'],
    ['{% for k in d %}{{ k }},{% endfor %}', 'b,a,'],
    ["{% for c in 'ab' %}{{ c }}.{% endfor %}", 'a.b.'],
    ['{% if e %}y{% else %}n{% endif %} {% if not e %}empty{% endif %}', 'n empty'],
    ['{% for i in l %}{{ loop.index }}{% if not loop.last %},{% endif %}{% endfor %}', '1,2,3'],
    ['{% for i in e %}x{% else %}none{% endfor %}', 'none'],
    ["{{ {name: 1} }} {{ {'lit': name} }}", "{'k': 1} {'lit': 'k'}"],
    ["{{ {'a': {'b': {'c': 1}}} }}", "{'a': {'b': {'c': 1}}}"],
    ['{{ dict(a=1) }} {{ range(3) | list }} {{ range(1, 7, 2) | list }}', "{'a': 1} [0, 1, 2] [1, 3, 5]"],
    ['{% set t = [] %}{{ t.append(1) }}{{ t }}', '[1]'],
    ['{% macro m(a, b=2) %}<{{ a }}{{ b }}>{% endmacro %}{{ m(1) }}{{ m(1, b=3) }}', '<12><13>'],
  ])('%s', (template, expected) => {
    expect(render(`= ${template}`, vars)).toBe(`= ${expected}`);
  });

  // Ansible's environment sets trim_blocks for every template, not only the template module.
  it('whitespace control and trim_blocks on by default', () => {
    // The source's trailing newline that trim_blocks ate is put back (preserve_trailing_newlines).
    expect(render('a\n{%- if true %}\n b{% endif %}\n')).toBe('a b\n');
    expect(render('{% if true %}\nx\n{% endif %}\n')).toBe('x\n');
  });

  it('type errors are reported like Python', () => {
    expect(() => render("{{ 'a' + 1 }}")).toThrow(/can only concatenate str/);
    expect(() => render('{{ 1 / 0 }}')).toThrow(/division by zero/);
    expect(() => render("{{ 1 < 'a' }}")).toThrow(/not supported between instances of 'int' and 'str'/);
  });
});

// Checked against ansible-playbook 2.14 (debug msg with regex_replace backreferences).
describe('string literal escapes', () => {
  const t = new Templar({ omitToken: '__omit_place_holder__test' });

  it('inside {{ }} backslashes are kept (Ansible doubles them before Jinja reads the string)', () => {
    expect(t.render("{{ 'foo-123-bar' | regex_replace('(\\w+)-(\\d+)', '\\2:\\1') }}", {})).toBe(
      '123:foo-bar',
    );
    expect(t.render("{{ 'foo-123' | regex_replace('(?P<w>\\w+)-(?P<d>\\d+)', '\\g<d>/\\g<w>') }}", {})).toBe(
      '123/foo',
    );
    expect(t.render("{{ 'a\\nb' }}", {})).toBe('a\\nb');
    // Ansible: "expected token 'end of print statement', got 's'".
    expect(errorOf(() => t.render("{{ 'it\\'s' }}", {})).code).toBe('FLT_TEMPLATE_SYNTAX');
  });

  it('in {% %} blocks and bare expressions Python escapes apply, unknown ones keep the backslash', () => {
    expect(t.render("{% set x = 'a\\nb\\x41\\101\\d' %}{{ x }}", {})).toBe('a\nbAA\\d');
    expect(t.evaluate("'a\\tb' == 'a' ~ '\\t' ~ 'b'", {})).toBe(true);
  });

  it("a method called on a literal with escapes (os_hardening's securetty.j2: '\\n'.join(…))", () => {
    expect(t.render("{% set x = '\\n'.join(l) %}{{ x }}|{{ 'x\\ty'.upper() }}", { l: ['a', 'b'] })).toBe(
      'a\nb|X\\TY',
    );
    expect(t.evaluate("'\\\\'.join(l)", { l: ['a', 'b'] })).toBe('a\\b');
  });
});

// Each checked against ansible-playbook 2.14 (debug msg) or Jinja2 3.1.
describe('Jinja details', () => {
  const t = new Templar({ omitToken: '__omit_place_holder__test' });

  it('a #} in text outside a comment is text (a nagios config template)', () => {
    expect(t.render('a #} b {{ 1 + 1 }} {# c #} d #}', {})).toBe('a #} b 2  d #}');
    expect(t.render('#define x {\n#}\n{{ 2 }}', {})).toBe('#define x {\n#}\n2');
  });

  it('a chained conditional expression nests in its else branch (Jinja parse_condexpr)', () => {
    const expr = "'arm64' if a == 'aarch64' else 'armhf' if a == 'armv7l' else 'amd64'";
    expect(t.render(`{{ ${expr} }}`, { a: 'x86_64' })).toBe('amd64');
    expect(t.render(`{{ ${expr} }}`, { a: 'armv7l' })).toBe('armhf');
    expect(t.render(`{{ ${expr} }}`, { a: 'aarch64' })).toBe('arm64');
    expect(
      t.render('{{ 1 if x else 2 if y }}|{{ 1 if x if y else z }}', { x: false, y: false, z: true }),
    ).toBe('|True');
  });

  it('{% block %} without extends renders in place, over the top level: not the loop around it', () => {
    expect(
      t.render('{% set y = 1 %}{% block a %}[{{ y }}{% set y = 2 %}{{ y }}]{% endblock %}{{ y }}', {}),
    ).toBe('[12]1');
    expect(
      t.render("{% for i in l %}{% block b %}<{{ i | default('u') }}>{% endblock %}{% endfor %}", { l: [3] }),
    ).toBe('<u>');
  });

  it('a set inside a for loop does not leak out; namespace() carries values out', () => {
    expect(t.render('{% set v = 1 %}{% for x in l %}{% set v = x %}{% endfor %}{{ v }}', { l: [3, 4] })).toBe(
      '1',
    );
    expect(
      t.render(
        '{% set ns = namespace(total=0) %}{% for x in l %}{% set ns.total = ns.total + x %}{% endfor %}{{ ns.total }}',
        { l: [3, 4] },
      ),
    ).toBe('7');
  });

  it('exponent float literals', () => {
    expect(t.render('{{ 1e-5 }} {{ 1.5e-3 }} {{ 2e3 }} {{ 1.5E3 }} {{ d.e }}', { d: { e: 1 } })).toBe(
      '1e-05 0.0015 2000.0 1500.0 1',
    );
  });

  it('tuples print as Python tuples', () => {
    expect(t.render("{{ [1, 2] | zip(['a', 'b']) | list }} {{ (1, 'a') }}", {})).toBe(
      "[(1, 'a'), (2, 'b')] (1, 'a')",
    );
    expect(t.render("= {{ 'k1=v1 k2=v2' | regex_findall('(\\w+)=(\\w+)') }}", {})).toBe(
      "= [('k1', 'v1'), ('k2', 'v2')]",
    );
    expect(t.render("{{ '%s' % [1, 2] }} {{ '%s-%s' % ('a', 'b') }}", {})).toBe('[1, 2] a-b');
    expect(t.render("= {{ {'b': 1, 'a': 2}.items() | sort }} {{ (1, 2) < (1, 3) }}", {})).toBe(
      "= [('a', 2), ('b', 1)] True",
    );
  });

  it('version test: loose, strict and semver', () => {
    expect(
      t.render(
        "{{ '1.0.0-rc1' is version('1.0.0', '<', version_type='semver') }} {{ '1.0' is version('1.0.0', '==', strict=true) }} {{ '1.0' is version('1.0.0', '==') }}",
        {},
      ),
    ).toBe('True True False');
  });

  it('floats: whole results of float arithmetic print with .0', () => {
    expect(
      t.render(
        "{{ 4 / 2 }} {{ 2.0 }} {{ 7 / 7 * 3 }} {{ 10 | float }} {{ '3' | float }} {{ 7 // 2 }} {{ 2 ** -1 }} {{ 2.0 | type_debug }} {{ [4 / 2] | to_json }}",
        {},
      ),
    ).toBe('2.0 2.0 3.0 10.0 3.0 3 0.5 float [2.0]');
    expect(t.render('{{ 4 / 2 == 2 }} {{ 2.0 is integer }} {{ 2.0 is float }} {{ (4 / 2) | int }}', {})).toBe(
      'True False True 2',
    );
  });
});

// Each checked against ansible-playbook 2.14 (debug msg).
describe('more Jinja and Python details', () => {
  const t = new Templar({ omitToken: '__omit_place_holder__test' });

  it('loop filters and for-else', () => {
    expect(
      t.render(
        '{% for x in l if x > 1 %}{{ x }}{% else %}none{% endfor %} {% for x in [] %}{% else %}empty{% endfor %}',
        {
          l: [3, 1, 2],
        },
      ),
    ).toBe('32 empty');
  });

  it('round is correctly rounded, % signs with + and space, unary minus keeps floats', () => {
    expect(t.render('{{ 2.675 | round(2) }} {{ 1.005 | round(2) }} {{ 0.125 | round(2) }}', {})).toBe(
      '2.67 1.0 0.12',
    );
    expect(t.render("{{ '%5.1f|%-6d|%+d|%x|%s' % (3.14159, 42, 5, 255, none) }} {{ -0.0 }}", {})).toBe(
      '  3.1|42    |+5|ff|None -0.0',
    );
  });

  it('empty and one-item tuples, and trailing commas, as Jinja parses them', () => {
    expect(t.render('{{ () }} {{ (1,) }} {{ (1, 2,) }} {{ ()|length }} {{ (1,)|list }} {{ (1) }}', {})).toBe(
      '() (1,) (1, 2) 0 [1] 1',
    );
    expect(t.render("{{ [1,] }} {{ {'a': 1,} }} {{ [] }} {{ {} }}", {})).toBe("[1] {'a': 1} [] {}");
    expect(() => t.render('{{ (,) }}', {})).toThrow(/unexpected ','/);
  });

  it('itertools filters give tuples', () => {
    expect(
      t.render('{{ [[1,2],[3]] | product([4]) | list }} {{ [1,2,3] | combinations(2) | list }}', {}),
    ).toBe('[([1, 2], 4), ([3], 4)] [(1, 2), (1, 3), (2, 3)]');
    // A sole tuple stays text: its repr starts with '(' and is not literal_eval'd back.
    expect(t.render("{{ '/a/b.txt' | splitext }}", {})).toBe("('/a/b', '.txt')");
  });
});
