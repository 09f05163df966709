/**
 * POSIX shell quoting, the same rules as Python's `shlex.quote`: safe words pass
 * through unchanged, everything else is wrapped in single quotes with embedded single
 * quotes written as '"'"'.
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
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

/** A command and the bytes for its stdin. */
export interface CommandWithInput {
  command: string;
  stdin?: string | Buffer | Readable;
}

/**
 * The command with the environment `env` exported, the values delivered on its stdin: the
 * command text (which sshd puts on the remote shell's command line, visible to `ps`, and
 * which error texts may quote) holds names only. The shell reads `export K='v'` lines up to
 * a random end line (`read` takes a pipe byte by byte, so nothing more), evaluates them,
 * and runs the command with the rest of stdin (`stdin`) as its own. Refuses names the shell
 * cannot export.
 */
export function withEnv(
  command: string,
  env: Record<string, string> | undefined,
  stdin?: string | Buffer | Readable,
): CommandWithInput {
  const names = Object.keys(env ?? {});
  if (!env || names.length === 0) return stdin === undefined ? { command } : { command, stdin };
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
    return `export ${name}=${quote(env[name])}\n`;
  });
  const block = exports.join('');
  let end = `__flotilla_env_end_${randomBytes(12).toString('hex')}`;
  while (block.includes(end)) end = `__flotilla_env_end_${randomBytes(12).toString('hex')}`;
  const prelude =
    `__flt_e=; while IFS= read -r __flt_l && [ "$__flt_l" != ${end} ]; do __flt_e="$__flt_e$__flt_l\n"; done; ` +
    'eval "$__flt_e"; unset __flt_e __flt_l; ';
  const head = `${block}${end}\n`;
  const input =
    stdin === undefined
      ? head
      : typeof stdin === 'string'
        ? head + stdin
        : stdin instanceof Readable
          ? prependTo(head, stdin)
          : Buffer.concat([Buffer.from(head), stdin]);
  return { command: prelude + command, stdin: input };
}

/**
 * A stream of `head`, then `rest` (a file streamed to the host after the environment block).
 * Destroying it, or its failing, destroys `rest`; an error of `rest` before anyone reads is
 * kept for the reader instead of crashing the process.
 */
export function prependTo(head: string | Buffer, rest: Readable): Readable {
  let restError: Error | undefined;
  const keep = (e: Error) => {
    restError ??= e;
  };
  rest.on('error', keep);
  const out = Readable.from(
    (async function* () {
      yield typeof head === 'string' ? Buffer.from(head) : head;
      if (restError) throw restError;
      rest.off('error', keep);
      yield* rest;
    })(),
  );
  out.once('close', () => rest.destroy());
  return out;
}
