/**
 * Python's os.path.expandvars and os.path.expanduser on the controller, with this process's
 * environment; expandUserVars is the two as check_type_path and unfrackpath apply them.
 */
import os from 'node:os';

/** `$name` / `${name}` of a set variable (one pass); unset names stay as written. */
export function expandVars(p: string): string {
  if (!p.includes('$')) return p;
  return p.replace(/\$(\w+|\{[^}]*\})/g, (whole, name: string) => {
    const key = name.startsWith('{') ? name.slice(1, -1) : name;
    return process.env[key] ?? whole;
  });
}

/** A leading `~` or `~/` from $HOME, else the user's home; trailing slashes of it dropped. */
export function expandUser(p: string): string {
  if (p !== '~' && !p.startsWith('~/')) return p;
  const home = (process.env.HOME ?? os.homedir()).replace(/\/+$/, '');
  return home + p.slice(1) || '/';
}

/** os.path.expanduser(os.path.expandvars(p)). */
export function expandUserVars(p: string): string {
  return expandUser(expandVars(p));
}
