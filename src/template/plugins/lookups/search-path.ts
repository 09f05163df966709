/** find_file_in_search_path: how lookups find a relative file on the controller. */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

/**
 * Finds a relative path in the search path (each directory's `subdir`/ first), as
 * DataLoader.path_dwim_relative_stack: `subdir` is not added again when the name already
 * starts with it; `~` and absolute paths are taken as they are.
 */
export function resolveSearchPath(file: string, searchPath: string[], subdir?: string): string | undefined {
  if (file.startsWith('~')) file = path.join(homedir(), file.slice(1));
  if (path.isAbsolute(file)) return existsSync(file) ? path.normalize(file) : undefined;
  const withSubdir = subdir !== undefined && file.split('/')[0] !== subdir;
  for (const dir of searchPath) {
    const candidates = withSubdir
      ? [path.join(dir, subdir, file), path.join(dir, file)]
      : [path.join(dir, file)];
    const found = candidates.find((c) => existsSync(c));
    if (found) return found;
  }
  return existsSync(file) ? path.resolve(file) : undefined;
}

/** The loader's basedir (the playbook's directory): the last search path entry. */
export function baseDir(searchPath: string[]): string {
  return searchPath[searchPath.length - 1] ?? process.cwd();
}
