/**
 * Where roles live: Ansible's role search path (the playbook's roles/, the configured roles
 * path, a depending role's dir, the playbook's dir) and finding a role by name in it.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import os from 'node:os';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { moduleCatalog } from '../bridge/catalog.js';
import { isFqcr } from '../bridge/resolve.js';

export function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/** DEFAULT_ROLES_PATH: `ANSIBLE_ROLES_PATH`, else Ansible's default directories. */
export function defaultRolesPath(): string[] {
  const env = process.env.ANSIBLE_ROLES_PATH;
  const list = env
    ? env.split(':').filter((p) => p !== '')
    : ['~/.ansible/roles', '/usr/share/ansible/roles', '/etc/ansible/roles'];
  return list.map((p) => (p.startsWith('~') ? join(os.homedir(), p.slice(1)) : resolve(p)));
}

/**
 * The directories searched for a role, in Ansible's order: the playbook's roles/, the
 * configured roles path, the directory of the role that depends on it, the playbook's dir.
 */
export function roleSearchDirs(
  playbookDir: string,
  rolesPath = defaultRolesPath(),
  basedir?: string,
): string[] {
  return [join(playbookDir, 'roles'), ...rolesPath, ...(basedir ? [basedir] : []), playbookDir];
}

/** The candidate directories for role `name` (kept for callers that list them). */
export function roleSearchPaths(name: string, playbookDir: string, rolesPath: string[] = []): string[] {
  if (isAbsolute(name)) return [name];
  return roleSearchDirs(playbookDir, rolesPath).map((d) => resolve(d, name));
}

/**
 * Where role `name` lives and the name it is shown under, or undefined when nowhere. A
 * `namespace.collection.role` name is a collection's role first (RoleDefinition._load_role_path):
 * under the playbook's adjacent collections/, then the installed collections.
 */
export function findRole(
  name: string,
  playbookDir: string,
  opts: { rolesPath?: string[]; basedir?: string } = {},
): { name: string; dir: string } | undefined {
  if (isFqcr(name)) {
    const dir = moduleCatalog().collectionRoleDir(name, [join(playbookDir, 'collections')]);
    if (dir) return { name, dir };
  }
  // unfrackpath: the role's dir with its symlinks resolved (role_path, the files it names)
  for (const d of roleSearchDirs(playbookDir, opts.rolesPath, opts.basedir)) {
    const dir = resolve(d, name);
    if (isDirectory(dir)) return { name, dir: realpathSync(dir) };
  }
  // Last resort, as Ansible: the name is itself a path (relative to the current directory).
  const asPath = resolve(name);
  if (isDirectory(asPath)) return { name: basename(name), dir: realpathSync(asPath) };
  return undefined;
}

/** The collection a role dir belongs to (`ns.coll` of …/ansible_collections/ns/coll/roles/x), if any. */
export function roleCollection(dir: string): string | undefined {
  const m = /\/ansible_collections\/([^/]+)\/([^/]+)\/roles\/[^/]+\/?$/.exec(dir);
  return m ? `${m[1]}.${m[2]}` : undefined;
}
