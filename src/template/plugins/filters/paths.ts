/** Path filters (POSIX, as on the controller). */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { FlotillaError } from '../../../errors/index.js';
import { expandUser, expandVars } from '../../../python/expand-path.js';
import { pyStr } from '../../../python/repr.js';
import { pyIterable, pyTuple, pyTypeName } from '../../../python/values.js';
import { def, type FilterDef } from '../../runtime/define.js';

/** Python os.path.splitext: leading dots of a name do not start an extension. */
export function splitext(p: string): [string, string] {
  const base = p.slice(p.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  if (dot <= 0 || /^\.+$/.test(base.slice(0, dot + 1))) return [p, ''];
  const cut = p.length - (base.length - dot);
  return [p.slice(0, cut), p.slice(cut)];
}

/** Python os.path.dirname: everything before the last slash, trailing slashes kept off. */
export function dirname(p: string): string {
  const i = p.lastIndexOf('/') + 1;
  const head = p.slice(0, i);
  return head && head !== '/'.repeat(head.length) ? head.replace(/\/+$/, '') : head;
}

/** os.fspath's check: os.path functions take text only (a number or None is a TypeError). */
function pathText(value: unknown): string {
  if (typeof value !== 'string')
    throw new FlotillaError(
      'FLT_TEMPLATE_TYPE',
      `expected str, bytes or os.PathLike object, not ${pyTypeName(value)}`,
    );
  return value;
}

/** The filters of this file, by Ansible name (assembled in ../registry.ts). */
export const filters: Readonly<Record<string, FilterDef>> = {
  basename: def([], (value) => {
    const p = pathText(value);
    return p.slice(p.lastIndexOf('/') + 1);
  }),
  dirname: def([], (value) => dirname(pathText(value))),
  expanduser: def([], (value) => expandUser(pyStr(value))),
  expandvars: def([], (value) => expandVars(pyStr(value))),
  realpath: def([], (value) => {
    const p = path.resolve(pyStr(value));
    try {
      return realpathSync(p);
    } catch {
      return p;
    }
  }),
  relpath: def(['start'], (value, [start = process.cwd()]) => path.relative(pyStr(start), pyStr(value))),
  splitext: def([], (value) => pyTuple(splitext(pathText(value)))),
  path_join: def([], (value) =>
    path.posix.join(...(typeof value === 'string' ? [value] : pyIterable(value).map(pyStr))),
  ),
};
