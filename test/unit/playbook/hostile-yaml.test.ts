/**
 * Issue 13: hostile YAML in playbooks. An alias shares its anchor's value as PyYAML does, so
 * a "billion laughs" that nobody uses loads at once (Ansible: 0.5 s) and an alias inside
 * its own play is a cycle, not endless recursion.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlaybook } from '../../../src/playbook/load.js';
import { parseAnsibleYaml } from '../../../src/yaml/pyyaml.js';

/** Nine levels of nine aliases each: 9^9 (387 million) strings once expanded. */
export function billionLaughs(indent: string): string {
  const lines = [`${indent}a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]`];
  const names = 'abcdefghi';
  for (let i = 1; i < names.length; i++) {
    const prev = `*${names[i - 1]}`;
    lines.push(`${indent}${names[i]}: &${names[i]} [${Array(9).fill(prev).join(',')}]`);
  }
  return `${lines.join('\n')}\n`;
}

function playbook(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'flotilla-parsers-'));
  const file = join(dir, 'site.yml');
  writeFileSync(file, text);
  return file;
}

describe('YAML aliases', () => {
  it('loads an unused billion-laughs play var at once, sharing each alias', () => {
    const file = playbook(
      `- hosts: all\n  gather_facts: false\n  vars:\n${billionLaughs('    ')}  tasks:\n    - debug: msg=hi\n`,
    );
    const started = Date.now();
    const [play] = loadPlaybook(file).plays;
    expect(Date.now() - started).toBeLessThan(2000);
    const i = play.vars.i as unknown[][];
    expect(i).toHaveLength(9);
    expect(i[0]).toBe(i[8]);
    expect(i[0]).toBe(play.vars.h);
  });

  it('loads a billion-laughs vars file (yaml rejected it as "excessive aliases")', () => {
    const data = parseAnsibleYaml(billionLaughs('')) as Record<string, unknown[]>;
    expect(data.i[0]).toBe(data.h);
  });

  it('reads an alias to its own play as a cycle', () => {
    const file = playbook('- &p\n  hosts: all\n  gather_facts: false\n  vars:\n    me: *p\n  tasks: []\n');
    const [play] = loadPlaybook(file).plays;
    const me = play.vars.me as { vars: { me: unknown }; hosts: string };
    expect(me.hosts).toBe('all');
    expect(me.vars.me).toBe(me);
  });
});
