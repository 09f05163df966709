/**
 * Differential tests against ansible-playbook 2.14 for pip: the native form runs the host's
 * pip over the open connection as Ansible's module runs it, against a local wheel dir
 * (pip-cases.ts), each tool in a virtualenv of its own that the module creates.
 */
import { describe, expect, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { same } from './modules-compare.js';
import { makeWheels, pipPlay } from './pip-cases.js';

describe('same as ansible-playbook: pip against a local wheel dir', () => {
  const fleet = ownFleet(1);

  it('venv creation, install, second pass, version, check mode, latest, requirements, absent, errors', async () => {
    const r = await runBoth(fleet(), { hosts: 1, playbook: pipPlay(), setup: makeWheels });
    same(r);
    const dump = JSON.parse(r.ansible.files['node001/p_create.json'].slice(5));
    expect(dump.p_create).toMatchObject({
      changed: true,
      cmd: ['<root>-venv/bin/pip3', 'install', 'flt-demo==1.0'],
    });
    expect(dump.p_again.changed).toBe(false);
    expect(dump.p_up.cmd.slice(1)).toEqual([
      'install',
      '--no-index',
      '--find-links',
      expect.any(String),
      'flt-demo==2.0',
    ]);
    expect(dump.k_same.changed).toBe(false);
    expect(dump.k_down.changed).toBe(true);
    expect(dump.k_extra).toEqual({ changed: true, failed: false });
    expect(dump.k_system.cmd).toBe('/usr/bin/python3 -m pip.__main__ list --format=freeze');
    expect(dump.p_latest.changed).toBe(true);
    expect(dump.p_req.changed).toBe(true);
    expect(dump.p_absent.changed).toBe(true);
    expect(dump.p_absent2.changed).toBe(false);
    expect(dump.k_novenv).toEqual({ changed: true, failed: false });
    expect(dump.p_noname.warnings).toEqual(['No valid name or requirements file found.']);
    expect(dump.p_missing.msg).toContain('No matching distribution found for flt-nosuch-here');
    expect(dump.p_ambiguous.msg).toMatch(/^'version' argument is ambiguous/);
    expect(dump.p_nopip.msg).toMatch(/^Unable to find pip in the virtualenv, <root>-bare,/);
    expect(dump.p_badexe.msg).toBe("[Errno 2] No such file or directory: b'/nonexistent/pip3'");
    expect(dump.p_state.stdout_lines).toEqual(['pip==23.0.1', 'setuptools==66.1.1']);
  }, 240_000);
});
