/**
 * Ansible's own module code run over a real SSH connection: the payload built once by the
 * controller's ansible-core, filled per host, piped to the host's Python.
 */
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PayloadBuilder } from '../../../src/bridge/payload-builder.js';
import { runBridged } from '../../../src/bridge/run-bridged.js';
import { tempDir } from '../../support/temp-dirs.js';
import { type Harness, startHarness } from '../modules/helpers/harness.js';

const BUILTIN = '/usr/lib/python3/dist-packages/ansible/modules';
let h: Harness;
let builder: PayloadBuilder;
let scratch: string;

beforeAll(async () => {
  h = await startHarness(2);
  builder = new PayloadBuilder();
  scratch = tempDir('flotilla-bridge-test-');
}, 60_000);
afterAll(async () => {
  builder.close();
  await h.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** A module file of our own, written into the scratch dir. */
function localModule(name: string, source: string): { name: string; path: string } {
  const file = path.join(scratch, `${name}.py`);
  writeFileSync(file, source);
  chmodSync(file, 0o755);
  return { name, path: file };
}

describe('bridge', () => {
  it('runs a builtin module with each host its own arguments, and its invocation as Ansible reports it', async () => {
    const ping = { name: 'ping', path: `${BUILTIN}/ping.py` };
    const results = await Promise.all(
      h.transports.map((transport, i) =>
        runBridged(ping, { data: `host ${i} é'"\\` }, h.ctx({ transport }), builder),
      ),
    );
    expect(results).toEqual([
      { ping: `host 0 é'"\\`, invocation: { module_args: { data: `host 0 é'"\\` } } },
      { ping: `host 1 é'"\\`, invocation: { module_args: { data: `host 1 é'"\\` } } },
    ]);
  });

  it('tells the module check mode, and a module that does not support it skips', async () => {
    const mod = localModule(
      'no_check',
      `#!/usr/bin/python3
from ansible.module_utils.basic import AnsibleModule
AnsibleModule(argument_spec={}, supports_check_mode=False).exit_json(changed=True)
`,
    );
    expect(await runBridged(mod, {}, h.ctx({ check: true }), builder)).toMatchObject({
      skipped: true,
      msg: 'remote module (no_check) does not support check mode',
    });
    expect(await runBridged(mod, {}, h.ctx(), builder)).toMatchObject({ changed: true });
  });

  it('finds the JSON amid noise, warns of junk after it, and fails with MODULE FAILURE when there is none', async () => {
    const noisy = localModule(
      'noisy',
      `#!/usr/bin/python3
import sys
from ansible.module_utils.basic import AnsibleModule
m = AnsibleModule(argument_spec=dict(crash=dict(type='bool', default=False)))
if m.params['crash']:
    raise RuntimeError('boom')
print('motd line')
print('{"changed": false, "answer": 42}')
print('trailing junk')
sys.exit(0)
`,
    );
    expect(await runBridged(noisy, {}, h.ctx(), builder)).toEqual({
      changed: false,
      answer: 42,
      warnings: ['Module invocation had junk after the JSON data: trailing junk'],
    });
    const crashed = await runBridged(noisy, { crash: true }, h.ctx(), builder);
    expect(crashed).toMatchObject({
      failed: true,
      msg: 'MODULE FAILURE\nSee stdout/stderr for the exact error',
      module_stdout: '',
      rc: 1,
    });
    expect(String(crashed.module_stderr)).toMatch(/^Traceback[\s\S]*RuntimeError: boom\n$/);
    expect(crashed.exception).toBe(crashed.module_stderr);
  });

  it('names the interpreter when the host has no such Python', async () => {
    const ping = { name: 'ping', path: `${BUILTIN}/ping.py` };
    const res = await runBridged(ping, {}, h.ctx({ pythonInterpreter: '/nonexistent/python9' }), builder);
    expect(res).toMatchObject({
      failed: true,
      msg: 'The module failed to execute correctly, you probably need to set the interpreter.\nSee stdout/stderr for the exact error',
      rc: 127,
    });
  });

  it('runs a module with the task environment, and builds each module once', async () => {
    const envMod = localModule(
      'env_echo',
      `#!/usr/bin/python3
import os
from ansible.module_utils.basic import AnsibleModule
AnsibleModule(argument_spec={}).exit_json(changed=False, token=os.environ.get('FLT_TOKEN'))
`,
    );
    const first = builder.payload(envMod.name, envMod.path);
    expect(builder.payload(envMod.name, envMod.path)).toBe(first);
    expect(
      await runBridged(envMod, {}, h.ctx({ environment: { FLT_TOKEN: 's3cret value' } }), builder),
    ).toMatchObject({
      token: 's3cret value',
    });
  });

  it('runs old-style (k=v) and WANT_JSON modules from files it removes afterwards', async () => {
    const old = localModule(
      'old_style',
      `#!/bin/sh
. "$1"
printf '{"changed": false, "x": "%s", "check": "%s", "tmp": "%s"}\\n' "$x" "$_ansible_check_mode" "$_ansible_tmpdir"
`,
    );
    const res = await runBridged(old, { x: "it's a b" }, h.ctx(), builder);
    expect(res).toMatchObject({ changed: false, x: "it's a b", check: 'False' });
    const tmp = String(res.tmp);
    expect(tmp).toMatch(/^\/tmp\/\.flotilla-module-[0-9a-f]+\/$/);
    const wantJson = localModule(
      'want_json',
      `#!/usr/bin/env bash
# WANT_JSON
/usr/bin/python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); print(json.dumps({"changed": True, "got": a["x"], "name": a["_ansible_module_name"]}))' "$1"
`,
    );
    expect(await runBridged(wantJson, { x: ['é', 1] }, h.ctx(), builder)).toEqual({
      changed: true,
      got: ['é', 1],
      name: 'want_json',
    });
    const left = await h.transports[0].exec(`ls -d ${tmp} 2>&1; ls /tmp | grep -c flotilla-module- || true`);
    expect(left.stdout).toContain('No such file or directory');
    expect(left.stdout.trim().endsWith('0')).toBe(true);
  });

  it("builds a role's module with the role's own module_utils", async () => {
    const role = path.join(scratch, 'roles', 'utils_role');
    mkdirSync(path.join(role, 'library'), { recursive: true });
    mkdirSync(path.join(role, 'module_utils'), { recursive: true });
    writeFileSync(
      path.join(role, 'module_utils', 'role_helper.py'),
      'def answer():\n    return "from the role"\n',
    );
    const file = path.join(role, 'library', 'uses_utils.py');
    writeFileSync(
      file,
      `#!/usr/bin/python3
from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.role_helper import answer
AnsibleModule(argument_spec={}).exit_json(changed=False, answer=answer())
`,
    );
    expect(
      await runBridged({ name: 'uses_utils', path: file, dirs: [role] }, {}, h.ctx(), builder),
    ).toMatchObject({
      answer: 'from the role',
    });
  });
});
