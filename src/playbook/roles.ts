/**
 * Finds roles on disk and loads their files the way Ansible 2.14's Role does: the role
 * search path, `tasks_from` / `vars_from` / `defaults_from` / `handlers_from`, and the
 * errors Ansible gives when a role or one of those files is missing.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { moduleCatalog } from '../bridge/catalog.js';
import { FlotillaError, type SourceLocation } from '../errors/index.js';
import { boolean } from '../python/boolean.js';
import { assignMarked } from '../python/unsafe.js';
import { readControllerText } from '../vault/secrets.js';
import { parseAnsibleYaml } from '../yaml/pyyaml.js';
import { loadTaskFile } from './load.js';
import type { RoleRef, Task, TaskNode } from './model.js';
import { defaultRolesPath, findRole, isDirectory, roleCollection, roleSearchDirs } from './role-paths.js';

export { defaultRolesPath, findRole, roleSearchDirs, roleSearchPaths } from './role-paths.js';

/** Which files of a role to load instead of `main` (include_role/import_role `*_from`). */
export interface RoleFromFiles {
  tasks?: string;
  vars?: string;
  defaults?: string;
  handlers?: string;
}

export interface LoadedRole {
  /** The role's name as Ansible shows it (`role : task`); a path given as name shows its basename. */
  name: string;
  dir: string;
  tasks: TaskNode[];
  handlers: TaskNode[];
  defaults: Record<string, unknown>;
  vars: Record<string, unknown>;
  meta: { allowDuplicates: boolean; dependencies: unknown[]; file?: string; collections: string[] };
}

/** The directory of role `name`, or undefined when it is nowhere to be found. */
export function resolveRoleDir(
  name: string,
  playbookDir: string,
  rolesPath: string[] = defaultRolesPath(),
): string | undefined {
  return findRole(name, playbookDir, { rolesPath })?.dir;
}

/** Ansible's "the role 'x' was not found in a:b:c" (an AnsibleError: exit code 1). */
export function roleNotFound(
  name: string,
  playbookDir: string,
  location: SourceLocation | undefined,
  opts: { rolesPath?: string[]; basedir?: string } = {},
): FlotillaError {
  const dirs = roleSearchDirs(playbookDir, opts.rolesPath, opts.basedir);
  return new FlotillaError('FLT_ROLE_NOT_FOUND', `the role '${name}' was not found in ${dirs.join(':')}`, {
    location,
    hint: `Put the role in ${join(playbookDir, 'roles', name)}, or add its parent directory to ANSIBLE_ROLES_PATH.`,
  });
}

const EXTENSIONS = ['.yml', '.yaml', '.json'];

/**
 * The files a role subdirectory contributes (Ansible's _load_role_yaml): `main` with any of
 * the YAML extensions, or the named file (as given, then with an extension). For vars and
 * defaults a directory of that name contributes all its files, sorted.
 */
export function findRoleFiles(
  roleDir: string,
  subdir: string,
  main: string | undefined,
  allowDir: boolean,
): string[] | undefined {
  const base = join(roleDir, subdir);
  if (!isDirectory(base)) return main === undefined ? [] : undefined;
  const name = main ?? 'main';
  const exts = main === undefined ? [...EXTENSIONS, ''] : ['', ...EXTENSIONS];
  for (const ext of exts) {
    const full = join(base, name + ext);
    if (!existsSync(full)) continue;
    if (!isDirectory(full)) return [full];
    if (!allowDir) continue;
    return readdirSync(full)
      .filter((f) => !f.startsWith('.') && !f.endsWith('~'))
      .filter((f) => EXTENSIONS.includes(f.slice(f.lastIndexOf('.'))) || !f.includes('.'))
      .sort()
      .map((f) => join(full, f))
      .filter((f) => !isDirectory(f));
  }
  return main === undefined ? [] : undefined;
}

function missingRoleFile(subdir: string, main: string, location?: SourceLocation): FlotillaError {
  return new FlotillaError(
    'FLT_PLAYBOOK_ROLE_FILE',
    `Could not find specified file in role: ${subdir}/${main}`,
    {
      location,
      hint: `The file is looked up in the role's ${subdir}/ directory, with or without .yml/.yaml/.json.`,
    },
  );
}

/** A role's vars or defaults: the files found, merged in order. */
function loadRoleVars(
  roleDir: string,
  subdir: 'vars' | 'defaults',
  main: string | undefined,
  roleName: string,
  location?: SourceLocation,
): Record<string, unknown> {
  const files = findRoleFiles(roleDir, subdir, main, true);
  if (!files) throw missingRoleFile(subdir, main!, location);
  const out: Record<string, unknown> = {};
  for (const f of files) {
    const data = parseAnsibleYaml(readControllerText(f), f);
    if (data === null || data === undefined) continue;
    if (typeof data !== 'object' || Array.isArray(data)) {
      throw new FlotillaError(
        'FLT_PLAYBOOK_ROLE_VARS',
        `The ${subdir}/main.yml file for role '${roleName}' must contain a dictionary of variables`,
        { location: { file: f, line: 1, col: 1 }, hint: 'Write the variables as key: value pairs.' },
      );
    }
    assignMarked(out, data);
  }
  return out;
}

function loadRoleTaskList(
  roleDir: string,
  subdir: 'tasks' | 'handlers',
  main: string | undefined,
  opts: { idPrefix: string; role: string; collections?: readonly string[] },
  location?: SourceLocation,
): TaskNode[] {
  const files = findRoleFiles(roleDir, subdir, main, false);
  if (!files) throw missingRoleFile(subdir, main!, location);
  if (files.length === 0) return [];
  return loadTaskFile(files[0], { ...opts, handler: subdir === 'handlers' });
}

function readMeta(roleDir: string): LoadedRole['meta'] {
  const files = findRoleFiles(roleDir, 'meta', undefined, false) ?? [];
  const data = files.length ? parseAnsibleYaml(readControllerText(files[0]), files[0]) : undefined;
  const meta = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  const deps = Array.isArray(meta.dependencies) ? meta.dependencies : [];
  const dup = meta.allow_duplicates;
  return {
    allowDuplicates: boolean(dup, false),
    dependencies: deps,
    file: files[0],
    collections: Array.isArray(meta.collections) ? meta.collections.map(String) : [],
  };
}

/**
 * Role._load_role_data's collections for the role's tasks: the role's own collection first
 * (a collection-hosted role), then its meta's; with any, ansible.builtin (collection-hosted)
 * or ansible.legacy appended when neither is listed. The play's list does not reach a role.
 */
function roleTaskCollections(dir: string, fromMeta: readonly string[]): string[] | undefined {
  const own = roleCollection(dir);
  const list = own ? [own] : [];
  for (const c of fromMeta) if (!list.includes(c)) list.push(c);
  if (list.length === 0) return undefined;
  if (!list.includes('ansible.builtin') && !list.includes('ansible.legacy'))
    list.push(own ? 'ansible.builtin' : 'ansible.legacy');
  return list;
}

/**
 * Role._get_role_argspecs: the `argument_specs` of meta/argument_specs.{yml,yaml,json}, else
 * the `argument_specs` key of meta/main.yml (never both).
 */
function readArgumentSpecs(roleDir: string, metaFile: string | undefined): Record<string, unknown> {
  const own = EXTENSIONS.map((ext) => join(roleDir, 'meta', `argument_specs${ext}`)).find((f) =>
    existsSync(f),
  );
  const file = own ?? metaFile;
  if (!file) return {};
  const data = parseAnsibleYaml(readControllerText(file), file) as Record<string, unknown> | null;
  const specs = data && typeof data === 'object' ? data.argument_specs : undefined;
  return specs && typeof specs === 'object' && !Array.isArray(specs)
    ? (specs as Record<string, unknown>)
    : {};
}

/**
 * Role._prepend_validation_task: when the role's argument specs describe the entry point
 * (`tasks_from`, else main), its tasks start with a validate_argument_spec task of the
 * entry's options against the role's parameters, tagged `always`.
 */
function validationTask(
  role: { name: string; dir: string; metaFile?: string },
  entryPoint: string,
  params: Record<string, unknown>,
  id: string,
  location: SourceLocation,
): Task | undefined {
  const spec = readArgumentSpecs(role.dir, role.metaFile)[entryPoint];
  if (!spec || typeof spec !== 'object') return undefined;
  const { options, short_description: description } = spec as Record<string, unknown>;
  let name = `Validating arguments against arg spec '${entryPoint}'`;
  if (description !== undefined) name += ` - ${description}`;
  return {
    kind: 'task',
    id,
    name,
    action: 'validate_argument_spec',
    actionAsWritten: 'ansible.builtin.validate_argument_spec',
    args: {
      argument_spec: options ?? {},
      provided_arguments: params,
      validate_args_context: {
        type: 'role',
        name: role.name,
        argument_spec_name: entryPoint,
        path: role.dir,
      },
    },
    keywords: { tags: ['always'] },
    location,
    role: role.name,
  };
}

/** Loads role `ref`: its tasks and handlers (tagged with the role name), defaults, vars and meta. */
export function loadRole(
  ref: RoleRef,
  playbookDir: string,
  idPrefix: string,
  rolesPath: string[] = defaultRolesPath(),
  opts: {
    from?: RoleFromFiles;
    basedir?: string;
    /** The role's parameters to check against its argument specs (rolespec_validate: false: none). */
    validate?: { params: Record<string, unknown> };
  } = {},
): LoadedRole {
  const found = findRole(ref.role, playbookDir, { rolesPath, basedir: opts.basedir });
  if (!found) throw roleNotFound(ref.role, playbookDir, ref.location, { rolesPath, basedir: opts.basedir });
  const { name, dir } = found;
  moduleCatalog().addPluginDirs(dir); // the role's library/ and module_utils/, as Ansible adds them
  const from = opts.from ?? {};
  const meta = readMeta(dir);
  const collections = roleTaskCollections(dir, meta.collections);
  const tasks = loadRoleTaskList(
    dir,
    'tasks',
    from.tasks,
    { idPrefix: `${idPrefix}t`, role: name, collections },
    ref.location,
  );
  const check =
    opts.validate &&
    validationTask(
      { name, dir, metaFile: meta.file },
      from.tasks ?? 'main',
      opts.validate.params,
      `${idPrefix}argspec`,
      ref.location,
    );
  return {
    name,
    dir,
    tasks: check ? [check, ...tasks] : tasks,
    handlers: loadRoleTaskList(
      dir,
      'handlers',
      from.handlers,
      { idPrefix: `${idPrefix}h`, role: name, collections },
      ref.location,
    ),
    defaults: loadRoleVars(dir, 'defaults', from.defaults, name, ref.location),
    vars: loadRoleVars(dir, 'vars', from.vars, name, ref.location),
    meta,
  };
}

/**
 * The name Ansible shows for a task (TASK [...], RUNNING HANDLER [...]): `role : name`
 * inside a role (`role : action` when unnamed); an unnamed include_role shows
 * `include_role : rolename`, a named one just its name.
 */
export function taskDisplayName(task: Task): string {
  const action = task.actionAsWritten || task.action;
  if (task.action === 'include_role' || task.action === 'import_role') {
    if (task.name !== undefined) return task.name;
    const role = task.args.name ?? task.args.role;
    return `${action} : ${typeof role === 'string' ? role : String(role)}`;
  }
  const own = task.name ?? action;
  return task.role ? `${task.role} : ${own}` : own;
}

/** A role file path shown relative to the role (for messages). */
export function roleRelative(roleDir: string, file: string): string {
  return relative(roleDir, file);
}
