/**
 * Module names resolved as ansible-core's module_loader resolves them, name by name: every
 * builtin module (short, ansible.builtin., ansible.legacy.), every module routing entry of
 * ansible.builtin and of several collections (redirects, deprecations, tombstones), every
 * module of those collections by FQCN and through a `collections:` list, library/ dirs
 * that shadow builtins, extension and alias forms, and names that resolve to nothing.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ModuleResolver } from '../../../src/bridge/resolve.js';

const SITE = '/usr/lib/python3/dist-packages';
const COLLECTIONS = ['community.general', 'ansible.posix', 'community.mysql', 'community.crypto'];
const scratch = tempDir('flotilla-resolve-');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A playbook dir and a role whose library/ dirs shadow and add modules. */
function libraryFixture(): string[] {
  const play = path.join(scratch, 'play');
  const role = path.join(play, 'roles', 'r1');
  for (const d of [path.join(play, 'library'), path.join(role, 'library')]) mkdirSync(d, { recursive: true });
  const write = (p: string) => writeFileSync(p, '#!/usr/bin/python3\n');
  write(path.join(play, 'library', 'ping.py')); // shadows the builtin
  write(path.join(play, 'library', 'mymod.sh'));
  write(path.join(play, 'library', 'notes.md')); // never a module
  write(path.join(play, 'library', 'cfg.yml'));
  write(path.join(play, 'library', '_oldname.py')); // deprecated alias form
  write(path.join(role, 'library', 'rolemod.py'));
  write(path.join(role, 'library', 'mymod.py')); // the playbook's mymod.sh comes first
  write(path.join(role, 'library', 'real_target.py'));
  symlinkSync(path.join(role, 'library', 'real_target.py'), path.join(role, 'library', '_linked.py'));
  return [play, role];
}

function moduleNames(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.py') && f !== '__init__.py')
    .map((f) => f.slice(0, -3));
}

function routedNames(file: string): string[] {
  const meta = parse(readFileSync(file, 'utf8')) as {
    plugin_routing?: { modules?: Record<string, unknown> };
  };
  return Object.keys(meta.plugin_routing?.modules ?? {});
}

function cases(): [string, string[] | null][] {
  const out: [string, string[] | null][] = [];
  for (const m of moduleNames(`${SITE}/ansible/modules`))
    out.push([m, null], [`ansible.builtin.${m}`, null], [`ansible.legacy.${m}`, null]);
  for (const r of routedNames(`${SITE}/ansible/config/ansible_builtin_runtime.yml`))
    out.push([r, null], [`ansible.builtin.${r}`, null]);
  for (const c of COLLECTIONS) {
    const root = `${SITE}/ansible_collections/${c.replace('.', '/')}`;
    const modules = moduleNames(`${root}/plugins/modules`);
    for (const m of modules) out.push([`${c}.${m}`, null], [m, [c, 'ansible.legacy']], [m, [c]]);
    for (const r of routedNames(`${root}/meta/runtime.yml`)) out.push([`${c}.${r}`, null]);
  }
  for (const n of [
    'mymod',
    'mymod.sh',
    'rolemod',
    'oldname',
    'linked',
    'notes',
    'cfg',
    'nope',
    'x.y',
    'no.such.module',
  ])
    out.push([n, null], [n, ['ansible.posix', 'ansible.legacy']]);
  return out;
}

interface Answer {
  fqcn?: string;
  path?: string;
  deprecations?: string[];
  missing?: boolean;
  error?: string;
}

const ORACLE = `
import sys, json
from ansible.plugins.loader import module_loader, add_all_plugin_dirs
req = json.load(sys.stdin)
for d in req['dirs']:
    add_all_plugin_dirs(d)
out = []
for name, colls in req['names']:
    try:
        ctx = module_loader.find_plugin_with_context(name, collection_list=colls)
        if ctx.resolved:
            out.append({'fqcn': ctx.resolved_fqcn, 'path': ctx.plugin_resolved_path, 'deprecations': ctx.deprecation_warnings})
        else:
            out.append({'missing': True})
    except Exception as e:
        out.append({'error': str(e)})
print(json.dumps(out))
`;

import { tempDir } from '../../support/temp-dirs.js';

describe('module resolution', () => {
  it("resolves every generated name as ansible-core's module_loader does", () => {
    const dirs = libraryFixture();
    const names = cases();
    const env = { ...process.env, ANSIBLE_DEPRECATION_WARNINGS: 'False', HOME: scratch };
    const oracle = JSON.parse(
      execFileSync('/usr/bin/python3', ['-c', ORACLE], {
        input: JSON.stringify({ dirs, names }),
        env,
        maxBuffer: 64 << 20,
      }).toString(),
    ) as Answer[];
    const resolver = new ModuleResolver({ modulePaths: [] });
    for (const d of dirs) resolver.addLibraryDir(path.join(d, 'library'));
    const ours = names.map(([name, colls]): Answer => {
      try {
        const r = resolver.resolve(name, { collections: colls ?? undefined });
        if (!r) return { missing: true };
        return {
          fqcn: r.fqcn,
          path: r.path,
          deprecations: r.deprecations.filter((d) => d.collection_name).map((d) => d.msg),
        };
      } catch (e) {
        return { error: (e as Error).message };
      }
    });
    expect(names.length).toBeGreaterThan(2000);
    const mismatches = names
      .map((name, i) => ({ name, ours: ours[i], ansible: oracle[i] }))
      .filter((m) => JSON.stringify(m.ours) !== JSON.stringify(m.ansible));
    expect(mismatches.slice(0, 20)).toEqual([]);
  });
});
