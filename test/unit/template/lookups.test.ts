import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Templar } from '../../../src/template/index.js';
import { tempDir } from '../../support/temp-dirs.js';
import { errorOf } from './helpers.js';

const templar = new Templar();
const dir = tempDir('flt-lookups-');
mkdirSync(path.join(dir, 'files'));
writeFileSync(path.join(dir, 'files', 'motd'), 'hello\n\n');
writeFileSync(path.join(dir, 'greet.j2'), 'hi {{ name }}\n');
const opts = { searchPath: [dir] };

describe('lookups', () => {
  it('env, items, vars (Ansible: lookup joins strings, unwraps one value)', () => {
    process.env.FLT_LOOKUP_TEST = 'v1';
    expect(templar.render("{{ lookup('env', 'FLT_LOOKUP_TEST') }}", {})).toBe('v1');
    expect(templar.render("{{ lookup('env', 'FLT_NOPE_NOT_SET') }}", {})).toBe('');
    expect(templar.render("{{ query('items', [1, [2]]) }}", {})).toEqual([1, [2]]);
    expect(templar.render("{{ lookup('items', [1,2], wantlist=True) }}", {})).toEqual([1, 2]);
    expect(templar.evaluate("lookup('vars', 'x')", { x: 5 })).toBe(5);
    expect(templar.render("{{ lookup('vars', 'x') }}", { x: 5 })).toBe('5');
    expect(templar.render("{{ lookup('vars', 'a', 'b') }}", { a: 'A', b: 'B' })).toBe('A,B');
    expect(templar.render("{{ q('vars', 'a') }}", { a: 'A' })).toEqual(['A']);
  });

  it('file reads relative to the search path (files/ too) and strips trailing space', () => {
    expect(templar.render("{{ lookup('file', 'motd') }}", {}, opts)).toBe('hello');
    expect(errorOf(() => templar.render("{{ lookup('file', 'nope') }}", {}, opts)).code).toBe(
      'FLT_TEMPLATE_LOOKUP',
    );
  });

  it('template renders with the current variables', () => {
    expect(templar.render("{{ lookup('template', 'greet.j2') }}", { name: 'bob' }, opts)).toBe('hi bob\n');
  });

  it('pipe runs a shell command', () => {
    expect(templar.render("{{ lookup('pipe', 'echo hi') }}", {})).toBe('hi');
  });

  it('errors=ignore turns failures into None (lookup) or an empty list (query), as Templar._lookup', () => {
    expect(templar.render("{{ lookup('file', 'nope', errors='ignore') }}", {}, opts)).toBe('');
    expect(templar.evaluate("lookup('file', 'nope', errors='ignore')", {}, opts)).toBeNull();
    expect(templar.render("{{ query('file', 'nope', errors='ignore') }}", {}, opts)).toEqual([]);
  });

  it('an unknown plugin is an error', () => {
    expect(errorOf(() => templar.render("{{ lookup('nope', 'x') }}", {})).code).toBe('FLT_TEMPLATE_LOOKUP');
  });
});
