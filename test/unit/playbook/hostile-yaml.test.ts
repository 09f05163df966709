/**
 * Issue 13: hostile YAML in playbooks. An alias shares its anchor's value as PyYAML does, so
 * a "billion laughs" that nobody uses loads at once (Ansible: 0.5 s) and an alias inside
 * its own play is a cycle, not endless recursion.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInventory } from '../../../src/inventory/index.js';
import { loadPlaybook, loadTaskFile } from '../../../src/playbook/load.js';
import { parseAnsibleYaml } from '../../../src/yaml/pyyaml.js';
import { billionLaughs } from '../../support/hostile-inputs.js';
import { tempDir } from '../../support/temp-dirs.js';

function playbook(text: string, name = 'site.yml'): string {
  const dir = tempDir('flotilla-parsers-');
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const BOM = '\ufeff';

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

describe('a UTF-8 byte order mark at the start of a file (skipped, as PyYAML does)', () => {
  it('playbook', () => {
    const file = playbook(`${BOM}- hosts: web\n  gather_facts: false\n  tasks:\n    - debug: msg=hi\n`);
    const [play] = loadPlaybook(file).plays;
    expect(play.hosts).toBe('web');
    expect(play.tasks[0].location).toEqual({ file, line: 4, col: 7 });
  });

  it('task file', () => {
    const nodes = loadTaskFile(playbook(`${BOM}- debug: msg=hi\n`, 'tasks.yml'));
    expect(nodes.map((n) => n.kind === 'task' && n.action)).toEqual(['debug']);
  });

  it('vars file (vars_files, include_vars)', () => {
    expect(parseAnsibleYaml(`${BOM}- a\n- b\n`)).toEqual(['a', 'b']);
  });

  it('YAML inventory and group_vars', () => {
    const inv = playbook(`${BOM}all:\n  children:\n    web:\n      hosts:\n        w1:\n`, 'hosts.yml');
    const loaded = loadInventory([inv], { strict: true });
    expect(loaded.groups.get('web')?.hosts).toEqual(['w1']);
  });
});
