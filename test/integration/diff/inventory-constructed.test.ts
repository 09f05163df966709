/**
 * The constructed inventory plugin (a `plugin: constructed` YAML file after other sources)
 * against ansible-inventory 2.14: compose, groups and keyed_groups over hosts from INI and
 * YAML sources, with keys that are strings, lists and dicts, prefix, separator,
 * default_value, trailing_separator, parent_group and leading_separator; group and host vars
 * as they stand mid-parse (a group not yet under `all` does not see `all`'s vars); strict
 * and lenient handling of an undefined variable; a plugin flotilla does not run. Stdout,
 * stderr and exit code of --list and --graph --vars must match (the last case: the result).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { tempDir } from '../../support/temp-dirs.js';
import { expectSameInventoryViews } from './harness.js';
import { SLOW } from './sweep-compare.js';

const HOSTS_INI = `[web]
w1 role=web tier=1
w2 role=db tier=2 os=""

[web:vars]
site=east

[all:vars]
everyone=yes

[other]
o1 tags="{'name': 'o1', 'env': 'test', 'status': ''}" roles="['db', 'web', '']"
`;

const HOSTS_YML = `all:
  hosts:
    y1:
      nested: {k0: v0}
      items: [i0, i1]
      plain: value1
`;

const CASES: Record<string, string> = {
  'basic.yml': `plugin: constructed
compose:
  upper_role: role | upper
  where: site | default('nowhere')
  sees_all: everyone | default('no')
groups:
  webservers: role == 'web'
  tier_two: tier | int == 2
keyed_groups:
  - key: role
    prefix: role
  - key: site
    parent_group: sites
`,
  'keys.yml': `plugin: ansible.builtin.constructed
keyed_groups:
  - key: nested
  - key: items
    separator: '-'
  - key: plain
    prefix: p
  - key: tags
    prefix: tag
    trailing_separator: false
  - key: roles
    prefix: host
    default_value: none
  - key: os
    prefix: os
    default_value: unknown
  - key: plain
    leading_separator: false
`,
  'no-leading.yml': `plugin: constructed
leading_separator: false
keyed_groups:
  - key: plain
  - key: nested
    separator: ''
`,
  'lenient.yml': `plugin: constructed
compose:
  broken: undefined_var + 1
groups:
  never: undefined_var
keyed_groups:
  - key: undefined_var
`,
  'strict.yml': `plugin: constructed
strict: true
compose:
  broken: undefined_var + 1
`,
};

describe('constructed inventories', () => {
  const dir = tempDir('flt-inv-constructed-');
  const sources = path.join(dir, 'sources');
  mkdirSync(sources);
  writeFileSync(path.join(sources, 'hosts'), HOSTS_INI);
  writeFileSync(path.join(sources, 'hosts.yml'), HOSTS_YML);
  for (const [name, text] of Object.entries(CASES)) writeFileSync(path.join(dir, name), text);

  for (const name of Object.keys(CASES))
    it.concurrent(
      `${name}: --list and --graph --vars as ansible-inventory`,
      async () => {
        await expectSameInventoryViews(
          [
            '-i',
            path.join(sources, 'hosts'),
            '-i',
            path.join(sources, 'hosts.yml'),
            '-i',
            path.join(dir, name),
          ],
          dir,
        );
      },
      SLOW,
    );

  it('a plugin config flotilla does not run is a source it cannot parse, named', async () => {
    writeFileSync(path.join(dir, 'cloud.yml'), 'plugin: amazon.aws.aws_ec2\nregions: [eu-west-1]\n');
    const f = await runCli(['inventory', '-i', path.join(dir, 'cloud.yml'), '--list'], { cwd: dir });
    expect(f.code).toBe(0);
    expect(f.stderr.replace(/\n/g, ' ')).toContain(
      "specifies the plugin 'amazon.aws.aws_ec2', which flotilla does not run",
    );
  });
});
