import { symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../support/temp-dirs.js';
import { errorOf, makeRender } from './helpers.js';

const render = makeRender();
const vars = { x: 5, s: 'Hello', d: { a: 1 }, l: [3, 1, 2], n: null };

// Expected values were taken from ansible-core 2.14 on the same input.
describe('tests', () => {
  it.each([
    [
      '{{ foo is defined }} {{ x is defined }} {{ foo is undefined }} {{ d.zz is defined }}',
      'False True True False',
    ],
    ['{{ foo.bar.baz is defined }}', 'False'],
    [
      '{{ x is number }} {{ s is string }} {{ d is mapping }} {{ l is sequence }} {{ s is iterable }}',
      'True True True True True',
    ],
    [
      '{{ x is integer }} {{ 1.5 is float }} {{ true is boolean }} {{ n is none }} {{ x is not none }}',
      'True True True True True',
    ],
    ["{{ 'abc' is match('b') }} {{ 'abc' is search('b') }} {{ 'abc' is regex('^a') }}", 'False True True'],
    [
      '{{ [1] is subset([1,2]) }} {{ [1,2] is superset([1]) }} {{ 2 is in([1,2]) }} {{ [1,2] is contains(2) }}',
      'True True True True',
    ],
    [
      '{{ 6 is divisibleby(3) }} {{ 6 is divisibleby 4 }} {{ 3 is even }} {{ 3 is odd }}',
      'True False False True',
    ],
    ["{{ 'a' is truthy }} {{ '' is falsy }} {{ [] is truthy }}", 'True True False'],
    ['{{ x is eq 5 }} {{ x is equalto(5) }} {{ x is sameas 5 }} {{ x is ne 5 }}', 'True True True False'],
    ["{{ 'a' is lower }} {{ 'A' is upper }}", 'True True'],
    [
      "{{ '1.2.3' is version('1.2', '>') }} {{ '1.10' is version('1.9', 'gt') }} {{ '2.0' is version_compare('2.0', '==') }}",
      'True True True',
    ],
    ["{{ '1.2.3' is version('1.2.3', '<') }}", 'False'],
    ["{{ '/etc' is abs }} {{ 'etc' is abs }}", 'True False'],
  ])('%s', (template, expected) => {
    expect(render(`= ${template}`, vars)).toBe(`= ${expected}`);
  });

  it('version refuses an empty value before an empty version or a bad operator, as version_compare', () => {
    expect(errorOf(() => render("{{ '' is version('8.0', '>=') }}")).message).toBe(
      'Input version value cannot be empty',
    );
    expect(errorOf(() => render("{{ none is version('', 'bad') }}")).message).toBe(
      'Input version value cannot be empty',
    );
    expect(errorOf(() => render("{{ '1' is version('', 'bad') }}")).message).toBe(
      'Version parameter to compare against cannot be empty',
    );
  });

  it('task result tests', () => {
    const ok = { failed: false, changed: true };
    const results = { results: [{ changed: false }, { changed: true }] };
    expect(
      render('{{ r is succeeded }} {{ r is success }} {{ r is failed }} {{ r is changed }}', { r: ok }),
    ).toBe('True True False True');
    expect(
      render('{{ {"failed": true} is failure }} {{ {"skipped": true} is skipped }} {{ {} is skip }}'),
    ).toBe('True True False');
    expect(render('{{ {"unreachable": true} is unreachable }} {{ {} is reachable }}')).toBe('True True');
    expect(render('{{ r is changed }}', { r: results })).toBe(true);
    expect(errorOf(() => render('{{ 1 is failed }}')).code).toBe('FLT_TEMPLATE_FILTER');
  });

  it('file system tests', () => {
    const dir = tempDir('flt-tests-');
    const file = path.join(dir, 'f');
    writeFileSync(file, 'x');
    symlinkSync(file, path.join(dir, 'l'));
    const out = render(
      '{{ f is file }} {{ f is directory }} {{ d is directory }} {{ f is exists }} {{ l is link }} {{ f is link }} {{ m is exists }}',
      {
        f: file,
        d: dir,
        l: path.join(dir, 'l'),
        m: path.join(dir, 'missing'),
      },
    );
    expect(out).toBe('True False True True True False False');
  });

  it('an unknown test is a syntax error with a suggestion', () => {
    const err = errorOf(() => render('{{ x is defind }}', vars));
    expect(err.code).toBe('FLT_TEMPLATE_SYNTAX');
    expect(err.hint).toBe("did you mean 'defined'?");
  });
});

// Checked against ansible-playbook 2.14 (debug msg).
describe('test call forms', () => {
  it('one-argument tests take a list or dict literal; dotted test names; true/false tests', () => {
    expect(
      render(
        "{{ 3 is in [1,3] }} {{ [1,3] is contains 3 }} {{ 'x' is truthy }} {{ '' is falsy }} {{ '1.2' is ansible.builtin.version('1.1', '>') }} {{ true is true }} {{ 1 is false }}",
      ),
    ).toBe('True True True True True True False');
  });
});
