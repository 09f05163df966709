/**
 * include_vars as Ansible 2.14's action plugin: one file (`file`/free form, found like any
 * `vars` needle) or a directory (`dir`, with depth, files_matching, ignore_files, extensions,
 * ignore_unknown_extensions); the variables become host variables, optionally under `name`.
 * Failures answer with Ansible's `message` key (not `msg`).
 */

import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { appendAll } from '../../collections/append-all.js';
import { controllerNotFoundText } from '../../errors/file-not-found.js';
import { FlotillaError } from '../../errors/index.js';
import type { ExecutionContext } from '../../executor/execution-context.js';
import type { Render } from '../../executor/loop-items.js';
import type { TaskResult } from '../../output/events.js';
import { assignMarked } from '../../python/unsafe.js';
import { isMapping, type PyDict, pyTruthy } from '../../python/values.js';
import { mergeHash } from '../../template/index.js';
import { readControllerText } from '../../vault/secrets.js';
import { parseAnsibleYaml } from '../../yaml/pyyaml.js';
import { pathDwimCandidates } from '../path-dwim.js';

const DIR_ARGS = new Set([
  'dir',
  'depth',
  'files_matching',
  'ignore_files',
  'extensions',
  'ignore_unknown_extensions',
]);
const FILE_ARGS = new Set(['file', '_raw_params']);
const ANY_ARGS = new Set(['name', 'hash_behaviour']);
const VALID_EXTENSIONS = ['yaml', 'yml', 'json'];

interface Loaded {
  vars: Record<string, unknown>;
  files: string[];
  error?: string;
}

export function includeVars(ctx: ExecutionContext, render: Render): TaskResult {
  const args = Object.fromEntries(Object.entries(ctx.spec.args).map(([k, v]) => [k, render(v)]));
  let dirs = 0;
  let files = 0;
  for (const key of Object.keys(args)) {
    if (DIR_ARGS.has(key)) dirs++;
    else if (FILE_ARGS.has(key)) files++;
    else if (!ANY_ARGS.has(key))
      throw new FlotillaError('FLT_TASK_ARGS', `${key} is not a valid option in include_vars`);
  }
  if (dirs && files)
    throw new FlotillaError(
      'FLT_TASK_ARGS',
      'You are mixing file only and dir only arguments, these are incompatible',
    );
  const loaded = args.dir !== undefined && args.dir !== null ? loadDir(ctx, args) : loadFile(ctx, args);
  const vars =
    args.name !== undefined && args.name !== null ? { [String(args.name)]: loaded.vars } : loaded.vars;
  const result: TaskResult = {
    changed: false,
    ansible_included_var_files: loaded.files,
    ansible_facts: vars,
  };
  if (loaded.error !== undefined) return { ...result, failed: true, message: loaded.error };
  // hash_behaviour: merge combines each dict with the variable's current value, recursively.
  if (args.hash_behaviour === 'merge') {
    for (const [key, value] of Object.entries(vars)) {
      const old = ctx.vars[key];
      if (isMapping(old) && isMapping(value)) vars[key] = mergeHash(old as PyDict, value as PyDict);
    }
  }
  if (!ctx.factsDelegated) assignMarked(ctx.host.includedVars, vars);
  return result;
}

function loadFile(ctx: ExecutionContext, args: Record<string, unknown>): Loaded {
  // _set_args: an empty `file` falls back to the free form; no name at all is None, which
  // DataLoader.path_dwim_relative_stack finds nowhere (and warns about).
  const given = pyTruthy(args.file) ? args.file : args._raw_params;
  if (!pyTruthy(given)) return { vars: {}, files: [], error: controllerNotFoundText(undefined, []) };
  const file = String(given).replace(/\n+$/, '');
  const absolute = path.isAbsolute(file) || file.startsWith('~');
  const candidates = absolute ? [file] : pathDwimCandidates(ctx.spec, ctx.playbookDir, 'vars', file);
  const found = candidates.find((c) => existsSync(c));
  // An absolute path is checked, not searched: the error lists no search path.
  if (!found) return { vars: {}, files: [], error: controllerNotFoundText(file, absolute ? [] : candidates) };
  try {
    return loadOne(found, false);
  } catch (err) {
    // The action fails with the loader's error as its `message` (AnsibleError), not the task.
    return { vars: {}, files: [], error: readErrorText(found, err) };
  }
}

const ERRNO: Record<string, [number, string]> = {
  EISDIR: [21, 'Is a directory'],
  EACCES: [13, 'Permission denied'],
  ENOENT: [2, 'No such file or directory'],
};

/** DataLoader._get_file_contents' error for a file it cannot read; a parse error's own text. */
function readErrorText(file: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  const errno = code === undefined ? undefined : ERRNO[code];
  if (!errno) return (err as Error).message;
  const os = `[Errno ${errno[0]}] ${errno[1]}: b'${file}'`;
  return `an error occurred while trying to read the file '${file}': ${os}. ${os}`;
}

/** One vars file: a mapping (empty is {}), or Ansible's error for anything else. */
function loadOne(file: string, validateExtension: boolean, extensions = VALID_EXTENSIONS): Loaded {
  if (validateExtension && !hasValidExtension(file, extensions)) {
    return {
      vars: {},
      files: [],
      error: `${file} does not have a valid extension: ${extensions.join(', ')}`,
    };
  }
  const data = parseAnsibleYaml(readControllerText(file), file) ?? {};
  if (typeof data !== 'object' || Array.isArray(data))
    return { vars: {}, files: [], error: `${file} must be stored as a dictionary/hash` };
  return { vars: data as Record<string, unknown>, files: [file] };
}

function hasValidExtension(file: string, extensions: string[]): boolean {
  return extensions.includes(path.extname(file).slice(1));
}

function loadDir(ctx: ExecutionContext, args: Record<string, unknown>): Loaded {
  const dir = rootDir(ctx, String(args.dir));
  if (!existsSync(dir)) return { vars: {}, files: [], error: `${dir} directory does not exist` };
  if (!statSync(dir).isDirectory()) return { vars: {}, files: [], error: `${dir} is not a directory` };
  const depth = Number(args.depth ?? 0) || 0;
  const matcher = args.files_matching ? new RegExp(String(args.files_matching)) : undefined;
  const ignore =
    typeof args.ignore_files === 'string'
      ? args.ignore_files.split(/\s+/)
      : ((args.ignore_files as string[]) ?? []);
  const extensions =
    typeof args.extensions === 'string'
      ? [...args.extensions]
      : ((args.extensions as string[]) ?? VALID_EXTENSIONS);
  // Python truthiness, as the action plugin tests it (so the string "false" is true).
  const skipUnknown = pyTruthy(args.ignore_unknown_extensions ?? false);
  const out: Loaded = { vars: {}, files: [] };
  // Ansible's _traverse_dir_depth counts the walked directories, sorted by path, not levels.
  const walked = walk(dir).sort((a, b) => (a.root < b.root ? -1 : a.root > b.root ? 1 : 0));
  for (const [i, { root, files }] of walked.entries()) {
    if (depth !== 0 && i + 1 > depth) break;
    for (const name of [...files].sort()) {
      if (ctx.spec.roleDir && path.join(root, name) === path.join(ctx.spec.roleDir, 'vars', 'main.yml'))
        continue;
      if (matcher && !matcher.test(name)) continue;
      if (ignore.some((pattern) => new RegExp(`${pattern}$`).test(name))) continue;
      if (skipUnknown && !hasValidExtension(name, extensions)) continue;
      const loaded = loadOne(path.join(root, name), true, extensions);
      if (loaded.error !== undefined) return { vars: {}, files: out.files, error: loaded.error };
      Object.assign(out.vars, loaded.vars);
      appendAll(out.files, loaded.files);
    }
  }
  return out;
}

/** Ansible's _set_root_dir: a role's `vars/` (or the role dir for `vars/...`), else the task file's directory. */
function rootDir(ctx: ExecutionContext, dir: string): string {
  const role = ctx.spec.roleDir;
  if (role) {
    if (dir.split('/')[0] === 'vars') {
      const inRole = path.join(role, dir);
      return existsSync(inRole) ? inRole : dir;
    }
    return path.join(role, 'vars', dir);
  }
  return path.resolve(ctx.spec.fileDir ?? ctx.playbookDir ?? '.', dir);
}

function walk(root: string): { root: string; files: string[] }[] {
  const entries = readdirSync(root, { withFileTypes: true });
  const here = { root, files: entries.filter((e) => !e.isDirectory()).map((e) => e.name) };
  return [here, ...entries.filter((e) => e.isDirectory()).flatMap((e) => walk(path.join(root, e.name)))];
}
