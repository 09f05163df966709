import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getHostVars, loadInventory } from '../../../src/inventory/index.js';
import { FIXTURES, tempTree, thrown } from './helpers.js';

describe('YAML inventory', () => {
  const inv = loadInventory([join(FIXTURES, 'yaml/hosts.yml')]);

  it('builds groups, children and hosts in file order', () => {
    expect(inv.groups.get('all')!.children).toEqual(['ungrouped', 'web', 'db', 'empty', 'shared']);
    expect(inv.groups.get('web')!.hosts).toEqual(['web1', 'web2', 'web3', 'webx']);
    expect(inv.groups.get('db')!.children).toEqual(['replicas']);
    expect(inv.groups.get('shared')!.hosts).toEqual(['db1']);
    expect(inv.groups.get('shared')!.children).toEqual(['web']);
    // A host listed directly under all is also ungrouped.
    expect(inv.groups.get('ungrouped')!.hosts).toEqual(['bastion.example.com']);
  });

  it('keeps ports, priority and typed values (YAML 1.1)', () => {
    expect(getHostVars(inv, 'webx')).toMatchObject({
      ansible_port: 2201,
      ansible_user: 'deploy',
      http_port: 80,
    });
    expect(inv.groups.get('web')!.priority).toBe(5);
    expect(inv.groups.get('web')!.vars).not.toHaveProperty('ansible_group_priority');
    expect(getHostVars(inv, 'db1')).toMatchObject({ role: 'primary', nested: { a: 1 } });
  });

  it('lets group_vars/all beside the file override inline all vars', () => {
    expect(getHostVars(inv, 'db3').env).toBe('staging-file');
  });

  it('reports YAML syntax errors with line and column', () => {
    const dir = tempTree({ 'bad.yml': 'all:\n  hosts:\n    a: [1,\n' });
    const err = thrown(() => loadInventory([join(dir, 'bad.yml')], { strict: true }));
    expect(err.code).toBe('FLT_INVENTORY_YAML');
    expect((err.location as { file: string }).file).toBe(join(dir, 'bad.yml'));
  });

  it('rejects a hosts list, a numeric host name and plugin configs', () => {
    const dir = tempTree({
      'list.yml': 'all:\n  hosts:\n    - a\n',
      'num.yml': 'g:\n  hosts:\n    10:\n',
      'plugin.yml': 'plugin: aws_ec2\n',
    });
    const listErr = thrown(() => loadInventory([join(dir, 'list.yml')], { strict: true }));
    expect(listErr.code).toBe('FLT_INVENTORY_YAML_STRUCTURE');
    expect(listErr.location).toMatchObject({ line: 3 });
    expect(thrown(() => loadInventory([join(dir, 'num.yml')], { strict: true })).code).toBe(
      'FLT_INVENTORY_HOST_PATTERN',
    );
    expect(thrown(() => loadInventory([join(dir, 'plugin.yml')], { strict: true })).code).toBe(
      'FLT_INVENTORY_UNSUPPORTED',
    );
  });

  it('collects warnings for keys Ansible skips', () => {
    const dir = tempTree({ 'w.yml': 'g:\n  hostz:\n    a:\n  hosts:\n    h:\n' });
    const w = loadInventory([join(dir, 'w.yml')]);
    expect(w.warnings).toEqual([
      'Skipping unexpected key (hostz) in group (g), only "vars", "children" and "hosts" are valid',
    ]);
    expect(w.groups.get('g')!.hosts).toEqual(['h']);
  });

  it('treats an extension-less file that is not a YAML mapping as INI', () => {
    const dir = tempTree({ hosts: 'h1\nh2 x=1\n' });
    expect([...loadInventory([join(dir, 'hosts')]).hosts.keys()]).toEqual(['h1', 'h2']);
  });
});

describe('directory sources', () => {
  it('reads every non-ignored file in sorted order and its group_vars/host_vars', () => {
    const inv = loadInventory([join(FIXTURES, 'dir-source')]);
    expect(inv.groups.has('ignored')).toBe(false);
    expect(inv.groups.get('web')!.hosts).toEqual(['w1', 'w2', 'w3']);
    expect(getHostVars(inv, 'w1')).toMatchObject({ src: 'yaml', team: 'ops' });
    expect(getHostVars(inv, 'c1')).toMatchObject({ cpu: 4 });
  });

  it('fails on a missing source with a hint', () => {
    const err = thrown(() => loadInventory(['does-not-exist.ini'], { cwd: '/tmp', strict: true }));
    expect(err.code).toBe('FLT_INVENTORY_NOT_FOUND');
  });
});
