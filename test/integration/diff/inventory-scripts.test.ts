/**
 * Executable inventory scripts (Ansible's `script` inventory plugin) against
 * ansible-inventory 2.14: `--list` with and without `_meta.hostvars` (then `--host` per host),
 * the list and simplified group forms, children, vars on `all`; scripts that fail, print
 * other than JSON or a non-dict; and an executable INI file without `#!`, which Ansible
 * cannot run and reads as INI (flotilla must not hand it to /bin/sh either). Stdout, stderr
 * and exit code of --list and --graph must match.
 */
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { tempDir } from '../../support/temp-dirs.js';
import { expectSameInventoryViews } from './harness.js';
import { SLOW } from './sweep-compare.js';

const LIST = JSON.stringify({
  web: { hosts: ['w1', 'w2'], vars: { role: 'web', port: 80 } },
  db: ['d1'],
  solo: { ansible_host: '10.0.0.9' },
  prod: { children: ['web', 'db'], vars: { env: 'prod' } },
  all: { vars: { x: 1 } },
  _meta: { hostvars: { w1: { ansible_connection: 'local', n: [1, 2] }, d1: { y: 'z' } } },
});

const SCRIPTS: Record<string, string> = {
  'meta.sh': `#!/bin/sh\n[ "$1" = --list ] && cat <<'J'\n${LIST}\nJ\n`,
  'per-host.py': `#!/usr/bin/python3
import json, sys
if sys.argv[1] == '--list':
    print(json.dumps({'app': {'hosts': ['a1', 'a2']}, 'ungrouped': ['u1']}))
else:
    print(json.dumps({'a1': {'v': 'one'}, 'a2': {}}.get(sys.argv[2], {'v': 'other'})))
`,
  'fails.sh': '#!/bin/sh\necho "cannot reach the CMDB" >&2\nexit 3\n',
  'not-json.sh': '#!/bin/sh\necho "web: [w1]"\n',
  'not-dict.sh': '#!/bin/sh\necho "[1, 2]"\n',
  // executable, no #!: Ansible's exec fails (ENOEXEC) and the INI plugin reads it; as shell
  // text its last line would create a file
  'hosts-exec': '[web]\nw1 ansible_connection=local\ntouch ansible_host=MARKER\n',
};

describe('inventory scripts: the script inventory plugin', () => {
  const dir = tempDir('flt-inv-scripts-');
  for (const [name, text] of Object.entries(SCRIPTS)) {
    writeFileSync(path.join(dir, name), text);
    chmodSync(path.join(dir, name), 0o755);
  }

  for (const name of Object.keys(SCRIPTS))
    it.concurrent(
      `${name}: --list and --graph as ansible-inventory`,
      async () => {
        await expectSameInventoryViews(['-i', path.join(dir, name)], dir);
      },
      SLOW,
    );

  it('an executable file without #! never runs through a shell', async () => {
    await runCli(['inventory', '-i', path.join(dir, 'hosts-exec'), '--list'], { cwd: dir });
    expect(existsSync(path.join(dir, 'ansible_host=MARKER'))).toBe(false);
  });
});
