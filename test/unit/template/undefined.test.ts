import { describe, expect, it } from 'vitest';
import { Templar } from '../../../src/template/index.js';
import { errorOf } from './helpers.js';

const templar = new Templar();
const vars = { d: { a: 1 }, l: [1], n: null, s: 'str', x: 5, foo_bar: 1 };
const fail = (template: string) => errorOf(() => templar.render(template, vars));

// Messages as ansible-core 2.14 words them.
describe('undefined variables', () => {
  it.each([
    ['{{ foo }}', "'foo' is undefined"],
    ['x {{ foo }}', "'foo' is undefined"],
    ['{{ d.zz }}', "'dict object' has no attribute 'zz'"],
    ["{{ d['zz'] }}", "'dict object' has no attribute 'zz'"],
    ['{{ l.5 }}', 'list object has no element 5'],
    ['{{ l[5] }}', 'list object has no element 5'],
    ['{{ n.x }}', "'None' has no attribute 'x'"],
    ['{{ s.x }}', "'str object' has no attribute 'x'"],
    ['{{ x.y }}', "'int object' has no attribute 'y'"],
    ['{{ foo.bar.baz }}', "'foo' is undefined"],
    ['{{ foo + 1 }}', "'foo' is undefined"],
    ['{{ foo | upper }}', "'foo' is undefined"],
    ['{% if foo %}y{% endif %}', "'foo' is undefined"],
    ['{{ [foo] }}', "'foo' is undefined"],
    ['{{ 1 in foo }}', "'foo' is undefined"],
    ['{{ foo() }}', "'foo' is undefined"],
  ])('%s → %s', (template, message) => {
    const err = fail(template);
    expect(err.code).toBe('FLT_TEMPLATE_UNDEFINED');
    expect(err.message).toBe(message);
  });

  it('default, defined tests and attribute chains on undefined are fine', () => {
    expect(templar.render('{{ foo | default(1) }} {{ foo.bar | default(2) }} {{ d.zz | d(3) }}', vars)).toBe(
      '1 2 3',
    );
    expect(templar.render('{{ foo is defined }} {{ foo.bar is undefined }}', vars)).toBe('False True');
    expect(templar.render('{{ foo is defined and foo.x }}', vars)).toBe(false);
  });

  it('names the context and suggests a close variable name', () => {
    const err = errorOf(() => templar.render('{{ foo_baz }}', vars, { context: 'task "install"' }));
    expect(err.message).toBe(`task "install": 'foo_baz' is undefined`);
    expect(err.hint).toBe("did you mean 'foo_bar'?");
  });

  it('errors survive structured clone as plain data', () => {
    const err = fail('{{ foo }}');
    expect(structuredClone({ code: err.code, message: err.message })).toEqual({
      code: 'FLT_TEMPLATE_UNDEFINED',
      message: "'foo' is undefined",
    });
  });
});

describe('syntax errors', () => {
  it('carry the template text', () => {
    const err = fail('{{ foo( }}');
    expect(err.code).toBe('FLT_TEMPLATE_SYNTAX');
    expect(err.message).toContain('String: {{ foo( }}');
  });

  it('unknown filters suggest the closest name', () => {
    const err = fail('{{ x | to_jsn }}');
    expect(err.code).toBe('FLT_TEMPLATE_SYNTAX');
    expect(err.message).toBe(
      'template error while templating string: Could not load "to_jsn": \'to_jsn\'. String: {{ x | to_jsn }}. Could not load "to_jsn": \'to_jsn\'',
    );
    expect(err.hint).toBe("did you mean 'to_json'?");
  });

  it('refuses extends and import', () => {
    expect(fail("{% extends 'base.j2' %}").code).toBe('FLT_TEMPLATE_SYNTAX');
    expect(fail("{% import 'm.j2' as m %}").code).toBe('FLT_TEMPLATE_SYNTAX');
  });
});
