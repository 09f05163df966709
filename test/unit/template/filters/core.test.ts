import { describe, expect, it } from 'vitest';
import { errorOf, makeValue } from '../helpers.js';

const render = makeValue();

// Expected values were taken from ansible-core 2.14's Templar on the same input.
describe('core filters', () => {
  it.each([
    ["{{ foo | default('d') }}", 'd'],
    ["{{ '' | default('d') }}", ''],
    ["{{ '' | default('d', true) }}", 'd'],
    ["{{ foo | d('x') }}", 'x'],
    ["{{ 'yes' | bool }} {{ 'off' | bool }} {{ 1 | bool }} {{ 'foo' | bool }}", 'True False True False'],
    [
      "{{ '12abc' | int }} {{ '0x1F' | int(0, 16) }} {{ '3.7' | int }} {{ '0x1F' | int(base=0) }}",
      '0 31 3 31',
    ],
    ["{{ 'x' | float }} {{ '2.5' | float }}", '0.0 2.5'], // Jinja's do_float(default=0.0)
    ['{{ [3,1] | string }}', '[3, 1]'],
    [
      "{{ 'AbC' | lower }} {{ 'hello world' | title }} {{ 'hELLO' | capitalize }} {{ 'a' | upper }}",
      'abc Hello World Hello A',
    ],
    ["{{ '  x  ' | trim }}|{{ 'xxaxx' | trim('x') }}", 'x|a'],
    ["{{ 'a-b' | replace('-', '_') }} {{ 'aaa' | replace('a', 'b', 2) }}", 'a_b bba'],
    ["{{ 'hello' | center(11) }}|", '   hello   |'],
    ["{{ 'a b c' | wordcount }}", '3'],
    ["{{ 'x' | comment }}", '#\n# x\n#'],
    ["{{ {'a': 1, 'b': 'c d'} | urlencode }}", 'a=1&b=c+d'],
    [
      "{{ 'x' | ternary('y', 'n') }} {{ none | ternary('y', 'n', 'null') }} {{ 0 | ternary('y', 'n') }}",
      'y null n',
    ],
    ['{{ 5 | abs }} {{ -5.5 | abs }}', '5 5.5'],
    [
      '{{ 3.14159 | round(2) }} {{ 3.5 | round }} {{ 2.5 | round }} {{ 2.1 | round(0, "ceil") }}',
      '3.14 4.0 2.0 3.0',
    ],
    ['{{ 1234567 | filesizeformat }}', '1.2 MB'],
    ["{{ 'a,b' | split(',') }}", "['a', 'b']"],
    ["{{ ['x', 'y'] | join }} {{ [1, 2] | join('-') }}", 'xy 1-2'],
    [
      "{{ 'abc' | type_debug }} {{ 1 | type_debug }} {{ 1.5 | type_debug }} {{ [] | type_debug }} {{ {} | type_debug }} {{ none | type_debug }} {{ true | type_debug }}",
      'str int float list dict NoneType bool',
    ],
    ["{{ '%Y' | strftime(0, utc=true) }}", '1970'],
  ])('%s', (template, expected) => {
    expect(render(`x ${template}`, {})).toBe(`x ${expected}`);
  });

  it('indent leaves the first line unless asked', () => {
    expect(render('{{ v | indent(2) }}', { v: 'a\nb' })).toBe('a\n  b');
    expect(render('{{ v | indent(2, true) }}', { v: 'a\nb' })).toBe('  a\n  b');
  });

  it('length counts list items, dict keys and characters', () => {
    expect(render('{{ [1,2] | length }} {{ {"a":1} | count }} {{ "héllo" | length }}')).toBe('2 1 5');
  });

  it('mandatory passes values and names the missing variable', () => {
    expect(render("{{ 'x' | mandatory }}")).toBe('x');
    const err = errorOf(() => render('{{ foo | mandatory }}'));
    expect(err.code).toBe('FLT_TEMPLATE_FILTER');
    // Ansible's text, two spaces included.
    expect(err.message).toBe("Mandatory variable 'foo'  not defined.");
    expect(errorOf(() => render("{{ d.x | mandatory('custom') }}", { d: {} })).message).toBe('custom');
  });

  it('bool keeps None', () => {
    expect(render('{{ none | bool }}')).toBeNull();
  });

  it('rejects unknown keyword arguments', () => {
    expect(errorOf(() => render('{{ 1 | int(bogus=1) }}')).code).toBe('FLT_TEMPLATE_ARGUMENT');
  });

  // Expected values from ansible-core 2.14 (ansible-playbook debug of the same templates).
  it('format is Python % on its arguments, positional or by name', () => {
    expect(render("{{ '%s-%d' | format('a', 5) }}")).toBe('a-5');
    expect(render("{{ '%(a)s=%(b)05.1f' | format(a='k', b=3.14159) }}")).toBe('k=003.1');
    expect(render("{{ '%5s|%-5s|%x|%%' | format('ab', 'cd', 255) }}")).toBe('   ab|cd   |ff|%');
    expect(render("{{ '%r %s' | format('q', [1, 'z']) }}")).toBe("'q' [1, 'z']");
    expect(render("{{ '%05.1f' | format(-3.14) }}")).toBe('-03.1');
    expect(render("{{ 'n=%s' | format(v) }}", { v: [1, 2] })).toBe('n=[1, 2]');
  });

  it('format fails on argument counts that do not match, as Python does', () => {
    const few = errorOf(() => render("{{ '%s %s' | format('a') }}"));
    expect(few.code).toBe('FLT_TEMPLATE_TYPE');
    expect(few.message).toContain('not enough arguments for format string');
    const many = errorOf(() => render("{{ '%s' | format('a', 'b') }}"));
    expect(many.message).toContain('not all arguments converted during string formatting');
    const mixed = errorOf(() => render("{{ '%s' | format('a', b=1) }}"));
    expect(mixed.message).toContain("can't handle positional and keyword arguments at the same time");
  });

  it('answers to ansible.builtin. names', () => {
    expect(render('{{ "a" | ansible.builtin.upper }}')).toBe('A');
  });
});
