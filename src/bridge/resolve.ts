/**
 * Module names resolved as ansible-core 2.14's module loader resolves them
 * (plugins/loader.py `find_plugin_with_context`, `_resolve_plugin_step`, `_find_fq_plugin`,
 * `_find_plugin_legacy`), from the files on disk, without Python:
 * - a name with dots is a collection reference (`ns.coll.name`, `ns.coll.sub.name`): the
 *   first collection root holding `ns/coll` decides; its meta/runtime.yml may redirect,
 *   deprecate or remove (tombstone) the module;
 * - a short name goes through the task's `collections:` list, then `ansible.legacy`: the
 *   `library/` dirs (the playbook's, every role's), ANSIBLE_LIBRARY, then ansible-core's own
 *   modules, then ansible.builtin's routing (`ini_file` → community.general.ini_file).
 */
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { FlotillaError } from '../errors/index.js';

export interface ModuleSearch {
  /** The task's `collections:` list (play, role, block, task), in order. */
  collections?: readonly string[];
}

export interface Deprecation {
  msg: string;
  version?: string;
  date?: string;
  collection_name?: string;
}

export interface ResolvedModule {
  /** `ansible.builtin.copy`, `community.general.ini_file`; a library module: its short name. */
  fqcn: string;
  /** The collection ('' for library modules). */
  collection: string;
  path: string;
  /** The names the resolution went through, the asked one first. */
  redirects: string[];
  deprecations: Deprecation[];
  /** The collection's own action plugin for this module (its file), when it ships one. */
  actionPlugin?: string;
}

type Step = Omit<ResolvedModule, 'redirects' | 'deprecations'> | { redirect: string };

function legacyStep(name: string, hit: { path: string; internal: boolean }): Step {
  return hit.internal
    ? { fqcn: `ansible.builtin.${name}`, collection: 'ansible.builtin', path: hit.path }
    : { fqcn: name, collection: '', path: hit.path };
}

interface RoutingEntry {
  redirect?: string;
  deprecation?: { warning_text?: string; removal_version?: string; removal_date?: string };
  tombstone?: { warning_text?: string; removal_version?: string; removal_date?: string };
  action_plugin?: string;
}

/** Files a module cannot be (C.MODULE_IGNORE_EXTS: REJECT_EXTS plus YAML and INI). */
const IGNORED_EXTENSIONS = [
  '.pyc',
  '.pyo',
  '.swp',
  '.bak',
  '~',
  '.rpm',
  '.md',
  '.txt',
  '.rst',
  '.yaml',
  '.yml',
  '.ini',
];

export interface ModuleResolverOptions {
  /** Where ansible-core is installed (the dir holding `ansible/`). */
  sitePackages?: string;
  /** Collection roots, in order (each holds or is an `ansible_collections` dir). */
  collectionRoots?: string[];
  /** Extra module dirs searched first (the playbook's and the roles' `library/`), in order. */
  libraryDirs?: string[];
  /** Configured module paths (ANSIBLE_LIBRARY; default ~/.ansible/plugins/modules:/usr/share/ansible/plugins/modules). */
  modulePaths?: string[];
}

export class ModuleResolver {
  private readonly sitePackages: string | undefined;
  private readonly givenRoots: string[] | undefined;
  private roots: string[] | undefined;
  private readonly libraryDirs: string[];
  private readonly modulePaths: string[];
  /** Each collection's meta/runtime.yml (ansible.builtin's ansible_builtin_runtime.yml), read once. */
  private readonly metadata = new Map<string, CollectionMeta>();
  private legacyIndex?: Map<string, { path: string; internal: boolean }>;

  constructor(options: ModuleResolverOptions = {}) {
    this.sitePackages = options.sitePackages ?? findSitePackages();
    this.givenRoots = options.collectionRoots;
    this.libraryDirs = [...(options.libraryDirs ?? [])];
    this.modulePaths = options.modulePaths ?? configuredModulePaths();
  }

  /**
   * The collection roots, each an `ansible_collections` dir: read from the environment on first
   * use, so the playbooks' adjacent collections/ (addPlaybookCollections) are among them.
   */
  private get collectionRoots(): string[] {
    this.roots ??= (this.givenRoots ?? defaultCollectionRoots(this.sitePackages)).map((r) =>
      path.basename(r) === 'ansible_collections' ? r : path.join(r, 'ansible_collections'),
    );
    return this.roots;
  }

  /** Adds a `library/` dir (Ansible's add_directory: searched before the configured paths). */
  addLibraryDir(dir: string): void {
    const real = existsSync(dir) ? safeRealpath(dir) : dir;
    if (!this.libraryDirs.includes(real)) {
      this.libraryDirs.push(real);
      this.legacyIndex = undefined;
    }
  }

  /** The module a task names, or undefined; throws FLT_MODULE_REMOVED for a tombstone. */
  resolve(name: string, search: ModuleSearch = {}): ResolvedModule | undefined {
    const redirects: string[] = [];
    const deprecations: Deprecation[] = [];
    let current = name;
    for (;;) {
      if (redirects.includes(current)) {
        throw new FlotillaError(
          'FLT_MODULE_REDIRECT_LOOP',
          `plugin redirect loop resolving ${name} (path: ${JSON.stringify([...redirects, current])})`,
        );
      }
      redirects.push(current);
      const step = this.step(current, search.collections ?? [], redirects, deprecations);
      if (!step) return undefined;
      if ('redirect' in step) {
        current = step.redirect;
        continue;
      }
      if (!redirects.includes(step.fqcn) && step.collection) redirects.push(step.fqcn);
      return { ...step, redirects, deprecations };
    }
  }

  private step(
    name: string,
    collections: readonly string[],
    redirects: string[],
    deprecations: Deprecation[],
  ): Step | undefined {
    if (!isFqcr(name) && collections.length === 0) return this.legacy(name, redirects, deprecations);
    const candidates =
      name.includes('.') || collections.length === 0 ? [name] : collections.map((c) => `${c}.${name}`);
    for (const candidate of candidates) {
      const found = candidate.startsWith('ansible.legacy.')
        ? this.legacy(name.replace(/^ansible\.legacy\./, ''), redirects, deprecations)
        : this.fq(candidate, redirects, deprecations);
      if (found) return found;
    }
    return undefined;
  }

  /** `_find_fq_plugin`: one collection's routing, then its plugins/modules dir. */
  private fq(fqcn: string, redirects: string[], deprecations: Deprecation[]): Step | undefined {
    const parts = fqcn.split('.');
    if (parts.length < 3) return undefined;
    const collection = `${parts[0]}.${parts[1]}`;
    const resource = parts.slice(2).join('.');
    const root = this.collectionDir(collection);
    if (!root) return undefined;
    const entry = this.routingOf(collection, root)[resource];
    if (entry?.deprecation) {
      deprecations.push(deprecation(`${fqcn} has been deprecated.`, entry.deprecation, collection));
    }
    if (entry?.tombstone) {
      const t = entry.tombstone;
      const text = `${fqcn} has been removed.${t.warning_text ? ` ${t.warning_text}` : ''}`;
      throw new FlotillaError('FLT_MODULE_REMOVED', removedMessage(text, t, collection));
    }
    if (entry?.redirect) {
      if (!isFqcr(entry.redirect)) {
        throw new FlotillaError(
          'FLT_MODULE_REDIRECT',
          `Collection ${collection} contains invalid redirect for ${fqcn}: ${entry.redirect}. Redirects must be fully qualified.`,
        );
      }
      if (!redirects.includes(fqcn)) redirects.push(fqcn);
      return { redirect: entry.redirect };
    }
    // ansible.builtin's modules are ansible/modules; a collection's, plugins/modules.
    const modules =
      collection === 'ansible.builtin' ? path.join(root, 'modules') : path.join(root, 'plugins', 'modules');
    const subdirs = parts.slice(2, -1);
    const base = parts[parts.length - 1] as string;
    const file = moduleFile(path.join(modules, ...subdirs), base);
    if (!file) return undefined;
    const actionPlugin = moduleFile(path.join(root, 'plugins', 'action', ...subdirs), base, '.py');
    return { fqcn, collection, path: file, actionPlugin };
  }

  /** `_find_plugin_legacy`: library dirs, configured paths, ansible-core's modules, then builtin routing. */
  private legacy(name: string, redirects: string[], deprecations: Deprecation[]): Step | undefined {
    const files = this.legacyFiles();
    const hit = files.get(name);
    if (hit) return legacyStep(name, hit);
    // `_name` is a deprecated alias of `name`, unless it is a symlink (a plain alias).
    const alias = name.startsWith('_') ? undefined : files.get(`_${name}`);
    if (alias) {
      if (!isSymlink(alias.path)) {
        deprecations.push({
          msg: `${name} is kept for backwards compatibility but usage is discouraged. The module documentation details page may explain more about this rationale.`,
        });
      }
      return legacyStep(`_${name}`, alias);
    }
    if (!name.includes('.') && isFqcr(`ansible.builtin.${name}`))
      return this.fq(`ansible.builtin.${name}`, redirects, deprecations);
    return undefined;
  }

  private legacyFiles(): Map<string, { path: string; internal: boolean }> {
    if (this.legacyIndex) return this.legacyIndex;
    const index = new Map<string, { path: string; internal: boolean }>();
    const dirs: { dir: string; internal: boolean }[] = [
      ...this.libraryDirs.map((dir) => ({ dir, internal: false })),
      ...this.modulePaths.flatMap((p) => withSubdirs(p).map((dir) => ({ dir, internal: false }))),
    ];
    if (this.sitePackages)
      dirs.push({ dir: path.join(this.sitePackages, 'ansible', 'modules'), internal: true });
    for (const { dir, internal } of dirs) {
      for (const file of listFiles(dir)) {
        if (file.endsWith('__init__.py') || IGNORED_EXTENSIONS.some((x) => file.endsWith(x))) continue;
        const base = path.parse(file).name;
        for (const key of [base, file])
          if (!index.has(key)) index.set(key, { path: path.join(dir, file), internal });
      }
    }
    this.legacyIndex = index;
    return index;
  }

  /**
   * A collection's role `ns.coll.role`: its roles/<role> dir under the first root that has
   * the collection (`extraRoots`, such as the playbook's adjacent collections/, first).
   */
  collectionRoleDir(fqcr: string, extraRoots: readonly string[] = []): string | undefined {
    const [ns, coll, ...rest] = fqcr.split('.');
    const role = rest.join('.');
    const roots = [...extraRoots.map((r) => path.join(r, 'ansible_collections')), ...this.collectionRoots];
    for (const root of roots) {
      const dir = path.join(root, ns as string, coll as string, 'roles', role);
      if (isDir(dir)) return dir;
    }
    return undefined;
  }

  private collectionDir(collection: string): string | undefined {
    if (collection === 'ansible.builtin') {
      return this.sitePackages ? path.join(this.sitePackages, 'ansible') : undefined;
    }
    const [ns, coll] = collection.split('.') as [string, string];
    for (const root of this.collectionRoots) {
      const dir = path.join(root, ns, coll);
      if (isDir(dir)) return dir;
    }
    return undefined;
  }

  private routingOf(collection: string, dir: string): Record<string, RoutingEntry> {
    return this.metaOf(collection, dir).plugin_routing?.modules ?? {};
  }

  /**
   * The `action_groups` of an installed collection's runtime metadata (module_defaults'
   * `group/…` names), or undefined when the collection is not installed.
   */
  actionGroups(collection: string): Record<string, unknown> | undefined {
    const dir = this.collectionDir(collection);
    if (!dir) return undefined;
    const groups = this.metaOf(collection, dir).action_groups;
    return groups && typeof groups === 'object' && !Array.isArray(groups) ? groups : {};
  }

  private metaOf(collection: string, dir: string): CollectionMeta {
    let meta = this.metadata.get(collection);
    if (!meta) {
      const file =
        collection === 'ansible.builtin'
          ? path.join(dir, 'config', 'ansible_builtin_runtime.yml')
          : path.join(dir, 'meta', 'runtime.yml');
      try {
        meta = (parseYaml(readFileSync(file, 'utf8')) as CollectionMeta | null) ?? {};
      } catch {
        meta = {};
      }
      this.metadata.set(collection, meta);
    }
    return meta;
  }
}

interface CollectionMeta {
  plugin_routing?: { modules?: Record<string, RoutingEntry> };
  action_groups?: Record<string, unknown>;
}

/** AnsibleCollectionRef.is_valid_fqcr: `ns.coll.name` with identifier-like parts. */
export function isFqcr(name: string): boolean {
  const parts = name.split('.');
  return parts.length >= 3 && parts.every((p) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(p));
}

function deprecation(
  text: string,
  d: { warning_text?: string; removal_version?: string; removal_date?: string },
  collection: string,
): Deprecation {
  const msg = d.warning_text ? `${text} ${d.warning_text}` : text;
  return d.removal_date !== undefined
    ? { msg, date: String(d.removal_date), collection_name: collection }
    : {
        msg,
        version: d.removal_version === undefined ? undefined : String(d.removal_version),
        collection_name: collection,
      };
}

/** Display.get_deprecation_message(removed=True). */
function removedMessage(
  text: string,
  t: { removal_version?: string; removal_date?: string },
  collection: string,
): string {
  const msg = /[!?.]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
  const from = `from ${collection === 'ansible.builtin' ? 'ansible-core' : collection}`;
  const when = t.removal_date
    ? `in a release after ${t.removal_date}.`
    : t.removal_version
      ? `in version ${t.removal_version}.`
      : 'in a future release.';
  return `[DEPRECATED]: ${msg} This feature was removed ${from} ${when} Please update your playbooks.`;
}

/** The module file `base` in `dir`: exact name (with `ext`), else the first `base.*`. */
function moduleFile(dir: string, base: string, ext = ''): string | undefined {
  const exact = path.join(dir, base + ext);
  if (isFile(exact)) return exact;
  if (ext) return undefined;
  return listFiles(dir)
    .filter((f) => f.startsWith(`${base}.`) && !IGNORED_EXTENSIONS.some((x) => f.endsWith(x)))
    .sort()
    .map((f) => path.join(dir, f))
    .find(isFile);
}

function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() || (e.isSymbolicLink() && isFile(path.join(dir, e.name))))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

/** A configured module path and its subdirs one and two levels down, as Ansible searches them. */
function withSubdirs(p: string): string[] {
  const base = path.resolve(expandHome(p));
  const subdirs: string[] = [];
  for (const a of listDirs(base)) {
    subdirs.push(a);
    subdirs.push(...listDirs(a));
  }
  return [...subdirs, base];
}

function listDirs(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => path.join(dir, e.name))
      .sort();
  } catch {
    return [];
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function isSymlink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function safeRealpath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? path.join(os.homedir(), p.slice(1)) : p;
}

/** A colon-separated path setting, `~` expanded; undefined when unset or empty. */
export function pathList(value: string | undefined): string[] | undefined {
  if (value === undefined || value === '') return undefined;
  return value.split(path.delimiter).filter(Boolean).map(expandHome);
}

/** ANSIBLE_LIBRARY, or DEFAULT_MODULE_PATH's default. */
function configuredModulePaths(): string[] {
  return (
    pathList(process.env.ANSIBLE_LIBRARY) ?? [
      path.join(os.homedir(), '.ansible/plugins/modules'),
      '/usr/share/ansible/plugins/modules',
    ]
  );
}

/**
 * Puts the playbooks' adjacent `collections/` dirs first on the collection search path, as
 * AnsibleCollectionConfig.playbook_paths does: ANSIBLE_COLLECTIONS_PATH in `env` becomes
 * those dirs, then the configured (or default) ones. Set before anything resolves a module,
 * and handed to the workers (their copy of the environment is older), so the payload builder's
 * Ansible finds those collections' module_utils too.
 */
export function addPlaybookCollections(
  playbookDirs: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): void {
  const configured = pathList(env.ANSIBLE_COLLECTIONS_PATH ?? env.ANSIBLE_COLLECTIONS_PATHS) ?? [
    path.join(os.homedir(), '.ansible/collections'),
    '/usr/share/ansible/collections',
  ];
  const adjacent = playbookDirs.map((d) => path.join(path.resolve(d), 'collections'));
  const list = [...adjacent, ...configured.filter((p) => !adjacent.includes(p))];
  env.ANSIBLE_COLLECTIONS_PATH = list.join(path.delimiter);
}

/**
 * COLLECTIONS_PATHS (ANSIBLE_COLLECTIONS_PATH[S], default ~/.ansible/collections and
 * /usr/share/ansible/collections), then the Python installation's own (COLLECTIONS_SCAN_SYS_PATH).
 */
function defaultCollectionRoots(sitePackages: string | undefined): string[] {
  const configured = pathList(
    process.env.ANSIBLE_COLLECTIONS_PATH ?? process.env.ANSIBLE_COLLECTIONS_PATHS,
  ) ?? [path.join(os.homedir(), '.ansible/collections'), '/usr/share/ansible/collections'];
  return sitePackages ? [...configured, ...pythonPathDirs(sitePackages)] : configured;
}

/** The sys.path entries that may hold collections, ansible-core's own first. */
function pythonPathDirs(sitePackages: string): string[] {
  const dirs = [sitePackages];
  for (const base of ['/usr/local/lib', path.join(os.homedir(), '.local/lib')]) {
    for (const py of listDirs(base).filter((d) => /python3/.test(path.basename(d)))) {
      for (const leaf of ['dist-packages', 'site-packages']) {
        const d = path.join(py, leaf);
        if (!dirs.includes(d) && isDir(d)) dirs.push(d);
      }
    }
  }
  return dirs;
}

/** The dir that holds ansible-core's `ansible` package (Debian: /usr/lib/python3/dist-packages). */
function findSitePackages(): string | undefined {
  const candidates = ['/usr/lib/python3/dist-packages'];
  for (const base of ['/usr/local/lib', '/usr/lib', path.join(os.homedir(), '.local/lib')]) {
    for (const py of listDirs(base).filter((d) => /python3/.test(path.basename(d))))
      candidates.push(path.join(py, 'dist-packages'), path.join(py, 'site-packages'));
  }
  return candidates.find((d) => isFile(path.join(d, 'ansible', 'modules', 'ping.py')));
}
