/**
 * POSIX shell quoting, the same rules as Python's `shlex.quote`: safe words pass
 * through unchanged, everything else is wrapped in single quotes with embedded single
 * quotes written as '"'"'.
 */
import { FlotillaError } from '../errors/index.js';

const UNSAFE = /[^\w@%+=:,./-]/;

export function quote(s: string): string {
  if (s.length === 0) return "''";
  if (!UNSAFE.test(s)) return s;
  return `'${s.replaceAll("'", `'"'"'`)}'`;
}

/** Joins arguments into one shell command line, each quoted. */
export function quoteArgs(args: readonly string[]): string {
  return args.map(quote).join(' ');
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `export K='v'; …` in front of a command; refuses names the shell cannot export. */
export function withEnv(command: string, env: Record<string, string> | undefined): string {
  if (!env) return command;
  const names = Object.keys(env);
  if (names.length === 0) return command;
  const exports = names.map((name) => {
    if (!ENV_NAME.test(name)) {
      throw new FlotillaError(
        'FLT_CONN_ENV_NAME',
        `invalid environment variable name: ${JSON.stringify(name)}`,
        {
          hint: 'environment names are letters, digits and underscores, not starting with a digit',
        },
      );
    }
    return `export ${name}=${quote(env[name])};`;
  });
  return `${exports.join(' ')} ${command}`;
}
