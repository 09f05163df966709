import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyConfigFile } from '../../../src/config/ansible-cfg.js';
import { findConfigFile } from '../../../src/config/find-config.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'flt-cfg-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(rel: string, text: string): string {
  const file = path.join(dir, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

describe('findConfigFile: the order of find_ini_config_file', () => {
  it('takes $ANSIBLE_CONFIG (a dir means its ansible.cfg), then ./ansible.cfg, then ~/.ansible.cfg, then /etc', () => {
    const cwd = path.join(dir, 'cwd');
    const home = path.join(dir, 'home');
    const system = path.join(dir, 'etc.cfg');
    mkdirSync(cwd);
    mkdirSync(home);
    const search = (env: NodeJS.ProcessEnv = {}) =>
      findConfigFile({ env, cwd, home, systemFile: system }).file;
    expect(search()).toBeNull();
    write('etc.cfg', '');
    expect(search()).toBe(system);
    write('home/.ansible.cfg', '');
    expect(search()).toBe(path.join(home, '.ansible.cfg'));
    write('cwd/ansible.cfg', '');
    expect(search()).toBe(path.join(cwd, 'ansible.cfg'));
    write('envdir/ansible.cfg', '');
    expect(search({ ANSIBLE_CONFIG: path.join(dir, 'envdir') })).toBe(
      path.join(dir, 'envdir', 'ansible.cfg'),
    );
    // A missing $ANSIBLE_CONFIG falls through to the others.
    expect(search({ ANSIBLE_CONFIG: path.join(dir, 'missing.cfg') })).toBe(path.join(cwd, 'ansible.cfg'));
  });

  it("ignores a world-writable cwd's ansible.cfg, and warns, unless $ANSIBLE_CONFIG names the file used", () => {
    const cwd = path.join(dir, 'public');
    mkdirSync(cwd);
    chmodSync(cwd, 0o777);
    write('public/ansible.cfg', '');
    const found = findConfigFile({ env: {}, cwd, home: dir, systemFile: path.join(dir, 'none') });
    expect(found.file).toBeNull();
    expect(found.warnings).toEqual([expect.stringContaining(`world writable directory (${cwd})`)]);
    const named = findConfigFile({
      env: { ANSIBLE_CONFIG: path.join(cwd, 'ansible.cfg') },
      cwd,
      home: dir,
      systemFile: path.join(dir, 'none'),
    });
    expect(named).toEqual({ file: path.join(cwd, 'ansible.cfg'), warnings: [] });
  });
});

describe('applyConfigFile: settings become their environment variables', () => {
  it('sets what the environment does not, with paths relative to the file', () => {
    const file = write(
      'proj/ansible.cfg',
      '[defaults]\nforks = 13\nroles_path = roles:~/shared\ninventory = hosts, /abs/inv\ngathering = explicit\n' +
        '[privilege_escalation]\nbecome_user = bob\n[ssh_connection]\npipelining = True\n',
    );
    const env: NodeJS.ProcessEnv = { ANSIBLE_GATHERING: 'smart' };
    const home = (process.env.HOME ?? os.homedir()).replace(/\/+$/, '');
    applyConfigFile(file, env);
    const proj = path.join(dir, 'proj');
    expect(env.ANSIBLE_FORKS).toBe('13');
    expect(env.ANSIBLE_ROLES_PATH).toBe(`${proj}/roles:${home}/shared`);
    expect(env.ANSIBLE_INVENTORY).toBe(`${proj}/hosts,/abs/inv`);
    // The environment beats the file.
    expect(env.ANSIBLE_GATHERING).toBe('smart');
    // A plugin option takes its most specific variable, so it cannot leak into another plugin.
    expect(env.ANSIBLE_BECOME_USER).toBe('bob');
    expect(env.ANSIBLE_SUDO_USER).toBe('bob');
    expect(env.ANSIBLE_SSH_PIPELINING).toBe('True');
  });

  it('stops on a base setting of the wrong type, or a file configparser refuses, naming the file', () => {
    const badType = write('a.cfg', '[defaults]\nforks = many\n');
    expect(() => applyConfigFile(badType, {})).toThrow(
      `Invalid type for configuration option setting: DEFAULT_FORKS (from ${badType})`,
    );
    const badSyntax = write('b.cfg', 'forks = 1\n');
    expect(() => applyConfigFile(badSyntax, {})).toThrow(
      `Error reading config file (${badSyntax}): File contains no section headers.`,
    );
    // The environment's own value is not checked against the file's.
    const env = { ANSIBLE_FORKS: '4' };
    applyConfigFile(badType, env);
    expect(env.ANSIBLE_FORKS).toBe('4');
  });
});
