/**
 * Reads scripts/system-packages.txt (the Debian packages the suite needs) and checks this
 * machine against it: each package installed at the expected version, each command it lists
 * found and owned by it, each collection it lists present. Used by scripts/check-prereqs.mjs
 * before the suite and by the manifest's own unit test.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MANIFEST = fileURLToPath(new URL('./system-packages.txt', import.meta.url));

/** @typedef {{ name: string, version: string, for: string[], commands: string[], collections: string[], pythonModules: string[], line: number }} ManifestPackage */

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
        commands: uses.filter((u) => !u.startsWith('@') && !u.startsWith('py:')),
        collections: uses.filter((u) => u.startsWith('@')).map((u) => u.slice(1)),
        pythonModules: uses.filter((u) => u.startsWith('py:')).map((u) => u.slice(3)),
        line: i + 1,
      });
    });
  return out;
}

/** dpkg-query's stdout for several arguments at once; it exits 1 when one is unknown but still prints the rest. */
function dpkgQuery(args) {
  return (
    spawnSync('dpkg-query', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).stdout ?? ''
  );
}

/**
 * What dpkg knows of each package, in one dpkg-query: the upstream version when installed (no
 * epoch, no Debian revision) and whether every Debian system has it (Essential or required).
 * @returns {Map<string, { version: string | undefined, base: boolean }>}
 */
export function packageStates(names) {
  const states = new Map();
  if (names.length === 0) return states;
  // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's format, not a template
  const format = '${Package}\t${Status}\t${Version}\t${Essential}\t${Priority}\n';
  for (const line of dpkgQuery(['-W', `-f=${format}`, ...names]).split('\n')) {
    const [name, status, version, essential, priority] = line.split('\t');
    if (!name || !version) continue;
    states.set(name, {
      version:
        status === 'install ok installed' ? version.replace(/^\d+:/, '').replace(/-[^-]*$/, '') : undefined,
      base: essential === 'yes' || priority === 'required',
    });
  }
  return states;
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

/**
 * The Debian package that owns each file, in one dpkg-query (undefined where none does). dpkg
 * may know /bin/x for /usr/bin/x (merged /usr) or only a symlink's target, so each file is
 * asked under those names too.
 * @returns {Map<string, string | undefined>}
 */
export function owningPackages(files) {
  const aliases = new Map(
    files.map((file) => {
      const names = new Set([file, file.replace(/^\/usr\//, '/')]);
      try {
        const real = realpathSync(file);
        names.add(real);
        names.add(real.replace(/^\/usr\//, '/'));
      } catch {}
      return [file, [...names]];
    }),
  );
  const owners = new Map();
  const all = [...new Set([...aliases.values()].flat())];
  for (const line of all.length ? dpkgQuery(['-S', ...all]).split('\n') : []) {
    if (line.startsWith('diversion by') || !line.includes(': ')) continue;
    const colon = line.indexOf(': ');
    const owner = line.slice(0, colon).split(',')[0].trim();
    for (const found of line.slice(colon + 2).split(', ')) if (!owners.has(found)) owners.set(found, owner);
  }
  return new Map(
    files.map((file) => [
      file,
      aliases
        .get(file)
        .map((n) => owners.get(n))
        .find(Boolean),
    ]),
  );
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
  const wanted = manifest.filter((p) => p.for.includes(purpose));
  const states = packageStates(wanted.map((p) => p.name));
  const where = new Map(wanted.flatMap((p) => p.commands).map((c) => [c, resolveCommand(c)]));
  const owners = owningPackages([...where.values()].filter(Boolean));
  for (const pkg of wanted) {
    const version = states.get(pkg.name)?.version;
    if (version === undefined) {
      missingPackages.push(pkg.name);
      problems.push(`Debian package ${pkg.name} is not installed (${describeUses(pkg)})`);
      continue;
    }
    if (!versionMatches(version, pkg.version)) {
      problems.push(`Debian package ${pkg.name} is ${version}; the tests expect ${pkg.version}`);
    }
    for (const command of pkg.commands) {
      const file = where.get(command);
      const owner = file && owners.get(file);
      if (!file) problems.push(`command ${command} (from ${pkg.name}) is not found on PATH`);
      else if (owner !== pkg.name) {
        problems.push(
          `command ${command} runs ${file}, which ${owner ? `comes from ${owner}` : 'no Debian package owns'}, not from ${pkg.name}: install ${pkg.name} or put its directory first on PATH`,
        );
      }
    }
    for (const module of pkg.pythonModules) {
      if (!pythonImports(module))
        problems.push(`Python module ${module} (from ${pkg.name}) does not import in ${PYTHON}`);
    }
    for (const fqcn of pkg.collections) {
      if (!collectionPath(fqcn)) {
        problems.push(`collection ${fqcn} (from ${pkg.name}) is not found in ${collectionRoots().join(':')}`);
      }
    }
  }
  return { problems, missingPackages };
}

/** The Python that Ansible runs on (ansible-core's interpreter), not whatever python3 is first on PATH. */
const PYTHON = '/usr/bin/python3';

function pythonImports(module) {
  return spawnSync(PYTHON, ['-c', `import ${module}`], { stdio: 'ignore' }).status === 0;
}

function describeUses(pkg) {
  const uses = [
    ...pkg.commands,
    ...pkg.collections.map((c) => `collection ${c}`),
    ...pkg.pythonModules.map((m) => `Python module ${m}`),
  ];
  return uses.length ? `it provides ${uses.join(', ')}` : 'needed by the suite';
}
