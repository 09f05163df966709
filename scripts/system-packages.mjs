/**
 * Reads scripts/system-packages.txt (the Debian packages the suite needs) and checks this
 * machine against it: each package installed at the expected version, each command it lists
 * found and owned by it, each collection it lists present. Used by scripts/check-prereqs.mjs
 * before the suite and by the manifest's own unit test.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MANIFEST = fileURLToPath(new URL('./system-packages.txt', import.meta.url));

/** @typedef {{ name: string, version: string, for: string[], commands: string[], collections: string[], line: number }} ManifestPackage */

/** @returns {ManifestPackage[]} */
export function readManifest(file = MANIFEST) {
  const out = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((raw, i) => {
      const text = raw.replace(/#.*/, '').trim();
      if (!text) return;
      const [name, version, purposes, ...uses] = text.split(/\s+/);
      if (!name || !version || !purposes)
        throw new Error(`${file}:${i + 1}: expected "package version for uses…"`);
      out.push({
        name,
        version,
        for: purposes.split(','),
        commands: uses.filter((u) => !u.startsWith('@')),
        collections: uses.filter((u) => u.startsWith('@')).map((u) => u.slice(1)),
        line: i + 1,
      });
    });
  return out;
}

function dpkgQuery(format, pkg) {
  try {
    return execFileSync('dpkg-query', ['-W', `-f=${format}`, pkg], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return undefined;
  }
}

/** The installed upstream version of a Debian package (no epoch, no Debian revision), or undefined. */
export function installedVersion(pkg) {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's format, not a template
  const out = dpkgQuery('${Status}\t${Version}', pkg);
  if (!out?.startsWith('install ok installed')) return undefined;
  return out
    .split('\t')[1]
    .replace(/^\d+:/, '')
    .replace(/-[^-]*$/, '');
}

/** True when a version matches a glob such as "2.14.*" or "*". */
export function versionMatches(version, glob) {
  const re = new RegExp(
    `^${glob
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return re.test(version);
}

/** Where a command runs from: an absolute path as given, else the first match on PATH. */
export function resolveCommand(command) {
  if (command.includes('/')) return existsSync(command) ? command : undefined;
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const candidate = path.join(dir || '.', command);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** The Debian package that owns a file, or undefined. Handles the merged /usr (dpkg may know /bin/x for /usr/bin/x). */
export function owningPackage(file) {
  const candidates = new Set([file, file.replace(/^\/usr\//, '/')]);
  try {
    const real = realpathSync(file);
    candidates.add(real);
    candidates.add(real.replace(/^\/usr\//, '/'));
  } catch {}
  for (const candidate of candidates) {
    try {
      const out = execFileSync('dpkg-query', ['-S', candidate], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      const line = out.split('\n').find((l) => !l.startsWith('diversion by') && l.includes(': '));
      if (line) return line.slice(0, line.indexOf(':')).split(',')[0].trim();
    } catch {}
  }
  return undefined;
}

/** True for packages every Debian system has (Essential: yes or Priority: required). */
export function isBasePackage(pkg) {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's format, not a template
  const out = dpkgQuery('${Essential}\t${Priority}', pkg);
  if (!out) return false;
  const [essential, priority] = out.split('\t');
  return essential === 'yes' || priority === 'required';
}

/** Where Ansible 2.14 looks for collections by default (COLLECTIONS_PATHS, then the Python installation's). */
export function collectionRoots() {
  const configured = process.env.ANSIBLE_COLLECTIONS_PATH ?? process.env.ANSIBLE_COLLECTIONS_PATHS;
  const roots = configured
    ? configured.split(':')
    : [path.join(os.homedir(), '.ansible/collections'), '/usr/share/ansible/collections'];
  return [
    ...roots.map((r) => path.join(r, 'ansible_collections')),
    '/usr/lib/python3/dist-packages/ansible_collections',
  ];
}

export function collectionPath(fqcn) {
  const [ns, name] = fqcn.split('.');
  return collectionRoots()
    .map((root) => path.join(root, ns, name))
    .find((dir) => existsSync(path.join(dir, 'MANIFEST.json')) || existsSync(path.join(dir, 'galaxy.yml')));
}

/**
 * What is missing or wrong on this machine for the given purpose ('test' or 'demo'): one
 * line each, saying what and how to fix it. Empty when all is there.
 * @returns {{ problems: string[], missingPackages: string[] }}
 */
export function checkPrerequisites(purpose = 'test', manifest = readManifest()) {
  const problems = [];
  const missingPackages = [];
  for (const pkg of manifest.filter((p) => p.for.includes(purpose))) {
    const version = installedVersion(pkg.name);
    if (version === undefined) {
      missingPackages.push(pkg.name);
      problems.push(`Debian package ${pkg.name} is not installed (${describeUses(pkg)})`);
      continue;
    }
    if (!versionMatches(version, pkg.version)) {
      problems.push(`Debian package ${pkg.name} is ${version}; the tests expect ${pkg.version}`);
    }
    for (const command of pkg.commands) {
      const where = resolveCommand(command);
      const owner = where && owningPackage(where);
      if (!where) problems.push(`command ${command} (from ${pkg.name}) is not found on PATH`);
      else if (owner !== pkg.name) {
        problems.push(
          `command ${command} runs ${where}, which ${owner ? `comes from ${owner}` : 'no Debian package owns'}, not from ${pkg.name}: install ${pkg.name} or put its directory first on PATH`,
        );
      }
    }
    for (const fqcn of pkg.collections) {
      if (!collectionPath(fqcn))
        problems.push(`collection ${fqcn} (from ${pkg.name}) is not found in ${collectionRoots().join(':')}`);
    }
  }
  return { problems, missingPackages };
}

function describeUses(pkg) {
  const uses = [...pkg.commands, ...pkg.collections.map((c) => `collection ${c}`)];
  return uses.length ? `it provides ${uses.join(', ')}` : 'needed by the suite';
}
