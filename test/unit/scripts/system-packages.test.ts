/**
 * The manifest of Debian packages (scripts/system-packages.txt) is the one place that says what
 * the suite needs on a machine. These tests fail when a test, bench, script or tool calls a command
 * that no package there provides (and no package every Debian system has), so a missing install
 * step shows here and not on a fresh machine minutes into the suite. Whether this machine has
 * them is test/integration/prerequisites.test.ts (the unit project needs neither sshd nor Ansible).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  checkPrerequisites,
  owningPackages,
  packageStates,
  readManifest,
  resolveCommand,
  versionMatches,
} from '../../../scripts/system-packages.mjs';
import { tempDir } from '../../support/temp-dirs.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Node.js and its package manager come with this kind of machine; the manifest lists Debian packages. */
const NODE_TOOLCHAIN = new Set(['node', 'npm', 'npx']);

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|mjs|js)$/.test(f))
    .map((f) => path.join(ROOT, dir, f));
}

/**
 * The commands the suite starts on this machine: the first argument of every spawn/execFile
 * call that is a string literal, and every string literal that names a program in a bin folder
 * that exists here (one that does not is a candidate path or data, as in facts tests).
 */
function calledCommands(files: string[]): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    // A file that defines its own spawn() (starting workers) spawns no programs by that name.
    const ownSpawn = /function spawn\(/.test(text);
    const calls = ownSpawn
      ? /(?:execFile|execFileSync|spawnSync)\(\s*'([^']+)'/g
      : /(?:execFile|execFileSync|spawn|spawnSync)\(\s*'([^']+)'/g;
    for (const m of text.matchAll(calls)) found.set(m[1], path.relative(ROOT, file));
    for (const m of text.matchAll(/'(\/(?:usr\/)?s?bin\/[A-Za-z0-9._-]+)'/g)) {
      if (resolveCommand(m[1])) found.set(m[1], path.relative(ROOT, file));
    }
  }
  return found;
}

describe('scripts/system-packages.txt', () => {
  const manifest = readManifest();
  const manifestPackages = new Set(manifest.map((p) => p.name));
  const manifestCommands = new Set(manifest.flatMap((p) => p.commands));

  it('provides every command that the tests, benches, scripts and tools call', () => {
    const commands = calledCommands([
      ...sourceFiles('test'),
      ...sourceFiles('bench'),
      ...sourceFiles('scripts'),
      ...sourceFiles('tools'),
    ]);
    expect(commands.size).toBeGreaterThan(5);
    const unprovided: string[] = [];
    const toCheck = [...commands].filter(
      ([command]) => !NODE_TOOLCHAIN.has(command) && !manifestCommands.has(command),
    );
    const where = new Map(toCheck.map(([command]) => [command, resolveCommand(command)]));
    const owners = owningPackages([...where.values()].filter((f): f is string => f !== undefined));
    const states = packageStates([...new Set(owners.values())].filter((p): p is string => p !== undefined));
    for (const [command, file] of toCheck) {
      const resolved = where.get(command);
      const owner = resolved && owners.get(resolved);
      if (!owner || !(manifestPackages.has(owner) || states.get(owner)?.base)) {
        unprovided.push(
          `${command} (called in ${file}) ${owner ? `comes from ${owner}` : 'is from no Debian package'}`,
        );
      }
    }
    expect(unprovided, 'add the package to scripts/system-packages.txt').toEqual([]);
  });

  it('names a missing package, a wrong version, a missing collection and Python module, with the fix', () => {
    const dir = tempDir('flotilla-manifest-');
    const file = path.join(dir, 'packages.txt');
    writeFileSync(
      file,
      [
        'no-such-package-flotilla 1.* test /usr/bin/nothing-here',
        // Essential packages, on every Debian system: the unit project needs neither sshd nor Ansible.
        'dpkg 0.1.* test',
        'coreutils * test @flotilla.nonexistent',
        'python3-minimal * test py:flotilla_no_such_module',
        'procps * demo ps',
      ].join('\n'),
    );
    const { problems, missingPackages } = checkPrerequisites('test', readManifest(file));
    expect(missingPackages).toEqual(['no-such-package-flotilla']);
    expect(problems[0]).toMatch(
      /^Debian package no-such-package-flotilla is not installed \(it provides \/usr\/bin\/nothing-here\)/,
    );
    expect(problems[1]).toMatch(/^Debian package dpkg is \S+; the tests expect 0\.1\.\*$/);
    expect(problems[2]).toMatch(/^collection flotilla\.nonexistent \(from coreutils\) is not found in /);
    expect(problems[3]).toBe(
      'Python module flotilla_no_such_module (from python3-minimal) does not import in /usr/bin/python3',
    );
    expect(problems).toHaveLength(4);
  });

  it('matches versions by glob and refuses a line without its columns', () => {
    expect(versionMatches('2.14.18', '2.14.*')).toBe(true);
    expect(versionMatches('2.15.0', '2.14.*')).toBe(false);
    expect(versionMatches('2.140.0', '2.14.*')).toBe(false);
    expect(versionMatches('9.2p1', '*')).toBe(true);
    const file = path.join(tempDir('flotilla-manifest-'), 'bad.txt');
    writeFileSync(file, '# comment\nopenssh-server *\n');
    expect(() => readManifest(file)).toThrow(/bad\.txt:2: expected "package version for uses…"/);
  });
});
