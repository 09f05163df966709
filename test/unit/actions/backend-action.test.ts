import { describe, expect, it } from 'vitest';
import { type BackendHost, factFromVars, runBackendAction } from '../../../src/actions/backend-action.js';
import { DISPLAY_WARNINGS, type TaskResult } from '../../../src/output/events.js';

/** A host whose setup reports `facts` and where only `modules` resolve; it records the calls. */
function fakeHost(facts: Record<string, unknown>, modules: string[]) {
  const calls: { gathered: Record<string, unknown>[]; ran: [string, Record<string, unknown>][] } = {
    gathered: [],
    ran: [],
  };
  const host: BackendHost = {
    gather: async (args) => {
      calls.gathered.push(args);
      return { changed: false, ansible_facts: facts };
    },
    hasModule: (name) => modules.includes(name.replace(/^ansible\.legacy\./, '')),
    runModule: async (name, args): Promise<TaskResult> => {
      calls.ran.push([name, args]);
      return { changed: false, ran: name };
    },
  };
  return { host, calls };
}

describe('service/package/yum backends', () => {
  it('service gathers service_mgr when the host has no facts, and falls back to the service module', async () => {
    const { host, calls } = fakeHost({ ansible_service_mgr: 'process_api' }, ['service', 'systemd']);
    const r = await runBackendAction('service', { name: 'x', state: 'started' }, { vars: {} }, host);
    expect(calls.gathered).toEqual([{ gather_subset: '!all', filter: 'ansible_service_mgr' }]);
    expect(calls.ran).toEqual([['ansible.legacy.service', { name: 'x', state: 'started' }]]);
    expect(r).toEqual({ changed: false, ran: 'ansible.legacy.service' });
  });

  it('service uses the fact it has, drops `use` and what systemd lacks (with a warning)', async () => {
    const { host, calls } = fakeHost({}, ['systemd']);
    const vars = { ansible_facts: { service_mgr: 'systemd' } };
    const r = await runBackendAction('service', { name: 'x', use: 'auto', sleep: 3 }, { vars }, host);
    expect(calls.gathered).toEqual([]);
    expect(calls.ran).toEqual([['ansible.legacy.systemd', { name: 'x' }]]);
    // shown by the reporter, never registered: Ansible's plugin calls display.warning
    expect(r.warnings).toBeUndefined();
    expect(r[DISPLAY_WARNINGS]).toEqual(['Ignoring "sleep" as it is not used in "systemd"']);
  });

  it("a delegated task reads its delegate's facts", () => {
    const vars = {
      ansible_facts: { pkg_mgr: 'yum' },
      hostvars: { other: { ansible_facts: { pkg_mgr: 'apt' } } },
    };
    expect(factFromVars('package', { vars, delegateTo: 'other' })).toBe('apt');
    expect(factFromVars('package', { vars })).toBe('yum');
    expect(factFromVars('package', { vars, delegateTo: 'nobody' })).toBeUndefined();
  });

  it('package: `use` names the backend; an unknown one fails as the plugin does', async () => {
    const { host, calls } = fakeHost({ ansible_pkg_mgr: 'apt' }, ['apt']);
    await runBackendAction('package', { name: 'x', use: 'apt' }, { vars: {} }, host);
    expect(calls.ran).toEqual([['ansible.legacy.apt', { name: 'x' }]]);
    const r = await runBackendAction('package', { name: 'x', use: 'nope' }, { vars: {} }, host);
    expect(r).toEqual({
      failed: true,
      changed: false,
      msg: 'Could not find a module for nope.',
      exception: 'NoneType: None\n',
    });
  });

  it('package without a pkg_mgr fails with the plugin message', async () => {
    const { host } = fakeHost({}, ['apt']);
    const r = await runBackendAction('package', { name: 'x' }, { vars: {} }, host);
    expect(r.msg).toBe(
      'Could not detect which package manager to use. Try gathering facts or setting the "use" option.',
    );
  });

  it('yum on an apt host fails and returns the pkg_mgr it gathered; yum4 runs dnf', async () => {
    const { host, calls } = fakeHost({ ansible_pkg_mgr: 'apt' }, ['dnf']);
    const r = await runBackendAction('yum', { name: 'x' }, { vars: {} }, host);
    expect(r.failed).toBe(true);
    expect(r.ansible_facts).toEqual({ pkg_mgr: 'apt' });
    expect((r.msg as string[])[0]).toMatch(/^Could not detect which major revision of yum/);
    await runBackendAction('yum', { name: 'x', use_backend: 'yum4' }, { vars: {} }, host);
    expect(calls.ran).toEqual([['ansible.legacy.dnf', { name: 'x' }]]);
    const both = await runBackendAction('yum', { use: 'yum', use_backend: 'dnf' }, { vars: {} }, host);
    expect(both.msg).toBe("parameters are mutually exclusive: ('use', 'use_backend')");
  });
});
