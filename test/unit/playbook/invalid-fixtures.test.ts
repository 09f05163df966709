import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FlotillaErrors, formatError } from '../../../src/errors/index.js';
import { loadPlaybook } from '../../../src/playbook/load.js';

// Paths relative to the repo root, as the expected texts show them.
const dir = 'test/fixtures/playbooks/invalid';
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.yml'));

function loadErrors(file: string): FlotillaErrors {
  try {
    loadPlaybook(file);
  } catch (err) {
    if (err instanceof FlotillaErrors) return err;
    throw err;
  }
  throw new Error(`${file} loaded without errors`);
}

describe('invalid playbooks', () => {
  it('has fixtures', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(10);
  });

  for (const fixture of fixtures) {
    it(`${fixture} renders the expected errors`, () => {
      const errors = loadErrors(`${dir}/${fixture}`);
      const expected = readFileSync(`${dir}/${fixture.replace(/\.yml$/, '.expected.txt')}`, 'utf8');
      expect(`${errors.errors.map(formatError).join('\n\n')}\n`).toBe(expected);
      for (const e of errors.errors) {
        expect(e.code).toMatch(/^FLT_PLAYBOOK_/);
        expect(e.location?.file).toBe(`${dir}/${fixture}`);
        expect(e.sourceLine).toBeDefined();
        expect(e.hint).toBeTruthy();
      }
    });
  }

  it('reports every error in a file, each with its own code', () => {
    const codes = loadErrors(`${dir}/unknown-module.yml`).errors.map((e) => e.code);
    expect(codes).toEqual([
      'FLT_PLAYBOOK_UNKNOWN_MODULE',
      'FLT_PLAYBOOK_UNKNOWN_MODULE',
      'FLT_PLAYBOOK_UNKNOWN_MODULE',
      'FLT_PLAYBOOK_UNKNOWN_MODULE',
    ]);
    expect(loadErrors(`${dir}/bad-types.yml`).errors.every((e) => e.code === 'FLT_PLAYBOOK_TYPE')).toBe(true);
  });

  it('uses the codes of the error catalogue', () => {
    const codeOf = (f: string) => loadErrors(`${dir}/${f}`).errors[0].code;
    expect(codeOf('unknown-task-key.yml')).toBe('FLT_PLAYBOOK_UNKNOWN_KEY');
    expect(codeOf('multiple-actions.yml')).toBe('FLT_PLAYBOOK_MULTIPLE_ACTIONS');
    expect(codeOf('no-action.yml')).toBe('FLT_PLAYBOOK_NO_ACTION');
    expect(codeOf('unquoted-template.yml')).toBe('FLT_PLAYBOOK_UNQUOTED_TEMPLATE');
    expect(codeOf('yaml-syntax.yml')).toBe('FLT_PLAYBOOK_YAML');
    expect(codeOf('import-missing.yml')).toBe('FLT_PLAYBOOK_NOT_FOUND');
  });

  it('reports a missing playbook file', () => {
    expect(loadErrors(`${dir}/no-such-file.yml`).errors[0].code).toBe('FLT_PLAYBOOK_NOT_FOUND');
  });
});
