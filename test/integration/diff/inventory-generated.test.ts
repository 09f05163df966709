/**
 * Differential test against the real ansible-inventory 2.14 on generated inventories
 * covering the edge cases found by comparing the two tools: Python-literal typing in
 * INI host lines vs `[g:vars]`, floats and tuples, YAML 1.1 typing as PyYAML reads it,
 * group_vars/host_vars files and directories, priorities, several sources, broken
 * sources (Ansible warns and goes on), and the -y / --export / --graph --vars / -e output.
 * Output is compared byte for byte (after trimming the final newline).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type Inventory,
  loadInventory,
  renderInventoryGraph,
  renderInventoryHost,
  renderInventoryList,
  renderInventoryYaml,
  toAnsibleJson,
  toAnsibleYaml,
} from '../../../src/inventory/index.js';
import { tempTree } from '../../unit/inventory/helpers.js';

function ansible(args: string[], cwd: string): string {
  return execFileSync('ansible-inventory', args, {
    env: { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_DEPRECATION_WARNINGS: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd,
  })
    .toString()
    .trimEnd();
}

const LONG = `${'word '.repeat(25)}end`;

interface Case {
  files: Record<string, string>;
  sources: string[];
}

const CASES: [string, Case][] = [
  [
    'INI typing, ranges, ports, children declared later',
    {
      sources: ['hosts'],
      files: {
        hosts: `top1 ansible_host=10.0.0.1 ansible_port=2222
top2:2200
[web]
web[01:03].example.com http_port=8080 flag=True none=None lst="[1,2]" d="{'a': 1}" t=(1,2) f=1.0 e=1e3
db-[1:10:3] x=1.5 y=0x10 z=-3 s='quoted str' q="has space" empty=
[web:vars]
gv1=123
gv2=True
gv4 = spaced value  ; not a comment
gv5=[1,2]
ansible_port=22
[db]
dbhost ansible_port=5432
web01.example.com
[all:vars]
allvar=yes
[prod:children]
web
db
later
[later]
lonely
[empty]
[meta:children]
prod
`,
      },
    },
  ],
  [
    'YAML typing (PyYAML 1.1), shared values, long strings, nested children',
    {
      sources: ['h.yml'],
      files: {
        'h.yml': `all:
  hosts:
    "web[1:2]":
      v: 1
  vars:
    longdesc: "${LONG}"
    f1: 1.0
    f2: 1e3
    i1: 0o17
    i2: 017
    b1: yes
    n1: ~
    s1: "2021-01-01"
    lst: []
    emp: {}
  children:
    g1:
      hosts:
        a: {x: [1, {y: 2}]}
        b:
      vars:
        shared: {k: v}
        ansible_group_priority: 4
    g2:
      children:
        g1:
        g3:
          hosts:
            c:
            a:
    g4: {}
`,
      },
    },
  ],
  [
    'group_vars/host_vars files and directories beside an INI file',
    {
      sources: ['inv/hosts'],
      files: {
        'inv/hosts': '[web]\nw1\nw2\n[db]\nd1\n[all:vars]\nx=inline\n',
        'inv/group_vars/all.yml': 'x: gv_all\ny: 1\n',
        'inv/group_vars/web/a.yml': 'wa: 1\nwb: a\n',
        'inv/group_vars/web/b.yaml': 'wb: b\n',
        'inv/group_vars/web/c.json': '{"wc": 3}',
        'inv/group_vars/web/z.txt': 'wz: 5\n',
        'inv/group_vars/db.yml': 'dy: true\n',
        'inv/host_vars/w1.yaml': 'hv: w1\nx: host\n',
        'inv/host_vars/w2/one.yml': 'hv: w2one\n',
        'inv/host_vars/w2/two.yml': 'hv: w2two\n',
      },
    },
  ],
  [
    'priorities and depth decide group var precedence',
    {
      sources: ['hosts'],
      files: {
        hosts: `[a]
h
[b]
h
[c]
h
[z]
h
[deep:children]
a
[a:vars]
v=a
ansible_group_priority=2
[b:vars]
v=b
ansible_group_priority=2
[c:vars]
v=c
[z:vars]
v=z
ansible_group_priority=0
[deep:vars]
v=deep
w=deep
`,
      },
    },
  ],
  [
    'several sources: a file, a broken file, a directory and a host list',
    {
      sources: ['a', 'broken', 'dir', 'x,y:2222,'],
      files: {
        a: '[g]\nh1 v=1\n',
        broken: '[g]\nh2\nh3 novalue\n',
        'dir/01': '[g]\nh4\nh1 v=2\n',
        'dir/02.yml': 'g:\n  hosts:\n    h5:\n',
        'dir/03.ini': '[ignored]\ni1\n',
        'dir/group_vars/g.yml': 'gv: dir\n',
      },
    },
  ],
];

describe.each(CASES)('ansible-inventory on %s', (_name, { files, sources }) => {
  const dir = tempTree(files);
  const iArgs = sources.flatMap((s) => ['-i', s]);
  const load = (): Inventory => loadInventory(sources, { cwd: dir });

  it('--list and --list --export', () => {
    const inv = load();
    expect(toAnsibleJson(renderInventoryList(inv))).toBe(ansible([...iArgs, '--list'], dir));
    expect(toAnsibleJson(renderInventoryList(inv, { export: true }))).toBe(
      ansible([...iArgs, '--list', '--export'], dir),
    );
  });

  it('--list --yaml', () => {
    expect(toAnsibleYaml(renderInventoryYaml(load())).trimEnd()).toBe(
      ansible([...iArgs, '--list', '-y'], dir),
    );
  });

  it('--graph --vars', () => {
    expect(renderInventoryGraph(load(), 'all', { vars: true })).toBe(
      ansible([...iArgs, '--graph', '--vars'], dir),
    );
  });

  it('--host with -e for the first hosts and the implicit localhost', () => {
    const inv = load();
    const extraVars = { extra: 'e', v: 9 };
    for (const host of [...[...inv.hosts.keys()].slice(0, 3), 'localhost']) {
      expect(toAnsibleJson(renderInventoryHost(inv, host, { extraVars })), host).toBe(
        ansible([...iArgs, '--host', host, '-e', 'extra=e', '-e', '{"v": 9}'], dir),
      );
    }
  });
});

it('keeps a broken source out of the inventory, with Ansible-style warnings', () => {
  const dir = tempTree({ bad: '[g:vars]\nx=1\n' });
  const inv = loadInventory([join(dir, 'bad')]);
  expect(renderInventoryGraph(inv)).toBe(ansible(['-i', join(dir, 'bad'), '--graph'], dir));
  expect(inv.warnings?.at(-1)).toBe('No inventory was parsed, only implicit localhost is available');
});

// A `!vault` value with no secret given, made by `ansible-vault encrypt_string`: the dumps
// write it back tagged, and --graph --vars, which must decrypt it to print it, fails.
it('keeps a !vault value it cannot open as Ansible writes it', () => {
  const dir = tempTree({
    hosts: '[web]\nw1\n',
    'group_vars/all.yml': `api_token: !vault |\n          $ANSIBLE_VAULT;1.1;AES256\n          63336366663262313131333230656264376236636230633933376136393866326263313532393964\n          3361663663386561343764313166343661623539353631660a626137626639303663653832386136\n          38626231653136346530306139363135386664306163326436636439653735653861363336613535\n          3837393863326134650a636666376662363033366430376162353735366235313661363764306130\n          6164\n`,
  });
  const inv = loadInventory(['hosts'], { cwd: dir });
  expect(toAnsibleJson(renderInventoryList(inv))).toBe(ansible(['-i', 'hosts', '--list'], dir));
  expect(toAnsibleYaml(renderInventoryYaml(inv)).trimEnd()).toBe(
    ansible(['-i', 'hosts', '--list', '-y'], dir),
  );
  expect(toAnsibleJson(renderInventoryHost(inv, 'w1'))).toBe(ansible(['-i', 'hosts', '--host', 'w1'], dir));
  expect(() => ansible(['-i', 'hosts', '--graph', '--vars'], dir)).toThrow(/no vault secrets found/);
  expect(() => renderInventoryGraph(inv, 'all', { vars: true })).toThrow(
    'Attempting to decrypt but no vault secrets found',
  );
});
