/**
 * The one YAML source reader, as both loaders report through it: a syntax error and a value
 * nested too deep, each at file:line:col, the playbook's collected, the inventory's thrown.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FlotillaError, type FlotillaErrors } from '../../../src/errors/index.js';
import { loadInventory } from '../../../src/inventory/load.js';
import { loadPlaybook } from '../../../src/playbook/load.js';
import { tempDir } from '../../support/temp-dirs.js';

const dir = tempDir('flotilla-yaml-source-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

function thrown(fn: () => unknown): FlotillaError {
  try {
    fn();
  } catch (err) {
    if (err instanceof FlotillaError) return err;
    throw err;
  }
  throw new Error('nothing thrown');
}

const DEEP = `x:\n  y: ${'['.repeat(1200)}`;

describe('YAML sources', () => {
  it('a playbook nested too deep is one positioned diagnostic', () => {
    const file = write('deep.yml', `- hosts: all\n  vars:\n    ${DEEP.replace('\n', '\n    ')}\n`);
    const err = thrown(() => loadPlaybook(file)) as FlotillaErrors;
    expect(err.errors.map((e) => [e.code, e.message, e.location])).toEqual([
      [
        'FLT_PLAYBOOK_YAML',
        'Syntax Error while loading YAML: YAML nested more than 1000 brackets deep',
        { file, line: 4, col: expect.any(Number) },
      ],
    ]);
  });

  it("a playbook's YAML syntax error is one diagnostic, the first, as PyYAML stops there", () => {
    const file = write(
      'unquoted.yml',
      '- hosts: all\n  tasks:\n    - copy: { src: a, dest: /t/{{ x }}.conf }\n      check_mode: true\n    - file: { path: "{{ y }}" }\n',
    );
    const err = thrown(() => loadPlaybook(file)) as FlotillaErrors;
    expect(err.errors).toHaveLength(1);
    expect(err.errors[0].location).toEqual({ file, line: 3, col: expect.any(Number) });
  });

  it('an inventory nested too deep, or with a syntax error, throws at its position', () => {
    const deep = write('deep-inv.yml', `all:\n  vars:\n    ${DEEP.replace('\n', '\n    ')}\n`);
    const err = thrown(() => loadInventory([deep], { strict: true }));
    expect([err.code, err.message, err.location?.line]).toEqual([
      'FLT_INVENTORY_YAML',
      'YAML syntax error: YAML nested more than 1000 brackets deep',
      4,
    ]);
    const bad = write('bad-inv.yml', 'all:\n  hosts:\n    a: [1\n');
    const syntax = thrown(() => loadInventory([bad], { strict: true }));
    expect(syntax.code).toBe('FLT_INVENTORY_YAML');
    expect(syntax.message).toMatch(/^YAML syntax error: /);
    expect(syntax.location?.file).toBe(bad);
  });
});
