/** Lookups that read the controller's process: env, pipe, lines. */
import { spawnSync } from 'node:child_process';
import { FlotillaError } from '../../../errors/index.js';
import { pyStr } from '../../../python/repr.js';
import { AnsibleUndefined } from '../../../python/undefined.js';
import { ansibleError, type LookupContext, LookupFailure, type LookupPlugin } from './plugin.js';
import { baseDir } from './search-path.js';

export const env: LookupPlugin = (terms, kwargs) => {
  const fallback = kwargs.default === undefined ? '' : kwargs.default;
  return terms.map((term) => {
    const name = pyStr(term).trim().split(/\s+/)[0];
    if (name === undefined || name === '') throw new LookupFailure('list index out of range', 'IndexError');
    const value = process.env[name] ?? fallback;
    if (value instanceof AnsibleUndefined)
      throw new FlotillaError(
        'FLT_TEMPLATE_UNDEFINED',
        `The "env" lookup, found an undefined variable: ${name}`,
      );
    return value;
  });
};

/** Runs a shell command in the playbook's directory; stderr goes to ours, as Popen leaves it. */
function shell(plugin: string, command: string, ctx: LookupContext): string {
  const ran = spawnSync('/bin/sh', ['-c', command], {
    cwd: baseDir(ctx.state.searchPath),
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'inherit'],
    maxBuffer: 256 * 1024 * 1024,
  });
  // Popen's returncode: the exit status, or minus the signal number.
  const code = ran.status ?? -(ran.signal ? signalNumber(ran.signal) : 1);
  if (code !== 0) throw ansibleError(`lookup_plugin.${plugin}(${command}) returned ${code}`);
  return ran.stdout;
}

function signalNumber(signal: NodeJS.Signals): number {
  const numbers: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
  return numbers[signal] ?? 1;
}

export const pipe: LookupPlugin = (terms, _kwargs, ctx) =>
  terms.map((term) => shell('pipe', pyStr(term), ctx).trimEnd());

/** Python's str.splitlines() on the command's output. */
export const lines: LookupPlugin = (terms, _kwargs, ctx) =>
  terms.flatMap((term) => {
    const out = shell('lines', pyStr(term), ctx);
    const parts = out.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/);
    if (parts[parts.length - 1] === '') parts.pop();
    return parts;
  });

/** The lookups of this file, by Ansible name (assembled in ../registry.ts). */
export const lookups: Readonly<Record<string, LookupPlugin>> = { env, lines, pipe };
