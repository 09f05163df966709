import { describe, expect, it } from 'vitest';
import { controllerActionNames } from '../../../src/actions/controller/index.js';
import { META_ACTIONS, metaTraits } from '../../../src/actions/meta.js';
import {
  actionNames,
  actionTraits,
  BUILTIN_PREFIXES,
  canonicalActionName,
  implementationName,
  traitsOf,
} from '../../../src/actions/table.js';
import { executeModule } from '../../../src/modules/execute.js';
import { getModule, moduleNames } from '../../../src/modules/registry.js';
import type { ModuleContext } from '../../../src/modules/types.js';

describe('the action table', () => {
  it('declares every registered module, as a module', () => {
    for (const name of moduleNames()) {
      expect(actionTraits(name), name).toBeDefined();
      expect(actionTraits(name)?.kind, name).toBe('module');
    }
  });

  it('has an implementation for every module that runs (imports and unimplemented names aside)', () => {
    const implemented = new Set(moduleNames());
    for (const name of actionNames()) {
      const t = traitsOf(name);
      if (t.aliasOf) expect(implemented.has(t.aliasOf), `${name} -> ${t.aliasOf}`).toBe(true);
      if (t.kind !== 'module') expect(getModule(name), name).toBeUndefined();
    }
  });

  it('has a controller action for every action, meta and include, and for nothing else', () => {
    const expected = actionNames().filter((n) => ['action', 'meta', 'include'].includes(traitsOf(n).kind));
    expect(controllerActionNames().sort()).toEqual(expected.sort());
    for (const name of expected) expect(traitsOf(name).runs, name).toBe('controller');
  });

  it('resolves every name it declares, short and FQCN', () => {
    const names = actionNames();
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(canonicalActionName(name)).toBe(name);
      for (const prefix of BUILTIN_PREFIXES) expect(canonicalActionName(`${prefix}${name}`)).toBe(name);
    }
    expect(canonicalActionName('community.general.copy')).toBeUndefined();
    expect(canonicalActionName('no_such_module')).toBeUndefined();
  });

  it('resolves aliases to their implementation', () => {
    expect(implementationName('gather_facts')).toBe('setup');
    expect(implementationName('ansible.legacy.gather_facts')).toBe('setup');
    expect(getModule('ansible.builtin.gather_facts')?.name).toBe('setup');
    expect(getModule('ansible.builtin.copy')?.name).toBe('copy');
    expect(traitsOf('gather_facts').gathersFacts).toBe('action');
    expect(traitsOf('setup').gathersFacts).toBe('module');
  });

  it('keeps the traits the strategies and executor used to list by name', () => {
    const names = (pick: (n: string) => boolean) => actionNames().filter(pick).sort();
    expect(names((n) => !traitsOf(n).waitsForConnection && traitsOf(n).kind !== 'import')).toEqual([
      'add_host',
      'assert',
      'debug',
      'fail',
      'group_by',
      'include_tasks',
      'include_vars',
      'meta',
      'set_fact',
      'set_stats',
      'validate_argument_spec',
    ]);
    expect(names((n) => traitsOf(n).bypassHostLoop)).toEqual(['add_host', 'pause']);
    expect(names((n) => traitsOf(n).include !== undefined)).toEqual(['include_role', 'include_tasks']);
    expect(names((n) => traitsOf(n).factsInto !== 'facts')).toEqual(['include_vars', 'set_fact']);
    expect(names((n) => traitsOf(n).freeForm)).toEqual(['command', 'raw', 'script', 'shell']);
    expect(names((n) => !traitsOf(n).defaultsFailed)).toEqual(['include_role', 'include_tasks', 'meta']);
    expect(names((n) => traitsOf(n).rawParams)).toEqual(
      [
        'add_host',
        'command',
        'group_by',
        'import_role',
        'import_tasks',
        'include_role',
        'include_tasks',
        'include_vars',
        'meta',
        'raw',
        'script',
        'set_fact',
        'shell',
      ].sort(),
    );
  });

  it('gives an unknown name the traits of a host module', () => {
    expect(traitsOf('community.general.thing')).toMatchObject({ kind: 'module', runs: 'host' });
  });

  it('declares the meta actions with their traits, in Ansible order', () => {
    expect(META_ACTIONS[0]).toBe('flush_handlers');
    for (const m of META_ACTIONS) expect(metaTraits(m), m).toBeDefined();
    expect(metaTraits('role_complete')?.perHost).toBe(true);
    expect(META_ACTIONS).not.toContain('role_complete');
    expect(metaTraits('end_play')).toEqual({ perHost: false, ignoresWhen: false });
  });

  it('check mode: a module the table says does not support it is skipped without touching the host', async () => {
    const untouchable = new Proxy(
      {},
      {
        get() {
          throw new Error('the host was touched');
        },
      },
    );
    const ctx = { transport: untouchable, host: 'h', check: true, diff: false } as unknown as ModuleContext;
    expect(await executeModule('wait_for', { port: 1 }, ctx)).toEqual({
      changed: false,
      failed: false,
      skipped: true,
      msg: 'remote module (wait_for) does not support check mode',
    });
    expect(await executeModule('ansible.builtin.fetch', { src: '/a', dest: '/b' }, ctx)).toEqual({
      changed: false,
      skipped: true,
      msg: 'check mode not (yet) supported for this module',
    });
  });
});
