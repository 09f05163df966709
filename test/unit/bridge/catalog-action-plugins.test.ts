/**
 * Local action plugins as the action loader finds them: a name in a playbook's or role's
 * action_plugins/ (or ANSIBLE_ACTION_PLUGINS) resolves even with no module of that name, and
 * takes the task over from a library/ or builtin module of the same name; a collection name
 * never reaches those dirs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ModuleCatalog } from '../../../src/bridge/catalog.js';
import { ModuleResolver } from '../../../src/bridge/resolve.js';
import { tempDir } from '../../support/temp-dirs.js';

function write(file: string, text = ''): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

/** A catalog over a fake ansible-core holding ansible/modules/copy.py and no collections. */
function catalog(): { catalog: ModuleCatalog; site: string } {
  const site = tempDir('site');
  write(path.join(site, 'ansible/modules/copy.py'));
  write(path.join(site, 'ansible/modules/ping.py'));
  return {
    catalog: new ModuleCatalog(
      new ModuleResolver({ sitePackages: site, collectionRoots: [], modulePaths: [] }),
    ),
    site,
  };
}

describe('local action plugins in the module catalog', () => {
  const saved = process.env.ANSIBLE_ACTION_PLUGINS;
  afterEach(() => {
    if (saved === undefined) delete process.env.ANSIBLE_ACTION_PLUGINS;
    else process.env.ANSIBLE_ACTION_PLUGINS = saved;
  });

  it('a name only a plugin has resolves, under its short and ansible.legacy names', () => {
    const { catalog: c } = catalog();
    const play = tempDir('play');
    const plugin = write(path.join(play, 'action_plugins/probe.py'));
    c.addPluginDirs(play);
    for (const name of ['probe', 'ansible.legacy.probe'])
      expect(c.lookup(name)).toMatchObject({ fqcn: 'probe', collection: '', path: '', localAction: plugin });
    expect(c.lookup('my.coll.probe')).toBeUndefined();
    expect(c.lookup('other')).toBeUndefined();
  });

  it("a role's plugin goes with its library/ module of the same name", () => {
    const { catalog: c } = catalog();
    const role = tempDir('role');
    const module = write(path.join(role, 'library/greet.py'));
    const plugin = write(path.join(role, 'action_plugins/greet.py'));
    c.addPluginDirs(role);
    expect(c.lookup('greet')).toMatchObject({ fqcn: 'greet', path: module, localAction: plugin });
  });

  it('a plugin dir searched before the configured path, which counts too; a builtin is taken over', () => {
    const { catalog: c, site } = catalog();
    const configured = tempDir('configured');
    process.env.ANSIBLE_ACTION_PLUGINS = configured;
    const late = write(path.join(configured, 'copy.py'));
    write(path.join(configured, 'probe.py'));
    expect(c.lookup('copy')).toMatchObject({
      fqcn: 'ansible.builtin.copy',
      path: path.join(site, 'ansible/modules/copy.py'),
      localAction: late,
    });
    const play = tempDir('play');
    const early = write(path.join(play, 'action_plugins/probe.py'));
    c.addPluginDirs(play);
    expect(c.lookup('probe')?.localAction).toBe(early);
    expect(c.lookup('ping')?.localAction).toBeUndefined();
    expect(c.lookup('ansible.builtin.copy')?.localAction).toBeUndefined();
  });
});
