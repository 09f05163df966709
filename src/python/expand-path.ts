/**
 * os.path.expanduser(os.path.expandvars(p)) on the controller, with this process's
 * environment: `$name` / `${name}` of a set variable (one pass, unset names stay as written),
 * then a leading `~` or `~/` from $HOME, else the user's home.
 */
import os from 'node:os';

export function expandUserVars(p: string): string {
  const vars = p.includes('$')
    ? p.replace(/\$(\w+|\{[^}]*\})/g, (whole, name: string) => {
        const key = name.startsWith('{') ? name.slice(1, -1) : name;
        return process.env[key] ?? whole;
      })
    : p;
  if (vars !== '~' && !vars.startsWith('~/')) return vars;
  const home = (process.env.HOME ?? os.homedir()).replace(/\/+$/, '');
  return home + vars.slice(1) || '/';
}
