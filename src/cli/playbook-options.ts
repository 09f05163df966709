/**
 * ansible-playbook 2.14's options that `flotilla run` takes under another spelling, and the
 * ones it refuses (each with the reason). Every other ansible-playbook option is a `run`
 * option of the same name (run-command.ts).
 */
import { FlotillaError } from '../errors/index.js';

/**
 * argparse's second (and third) names of an option: commander takes one short and one long
 * name, so these are rewritten to the name `run` declares before commander parses.
 */
export const OPTION_ALIASES: Readonly<Record<string, string>> = {
  '--inventory-file': '--inventory',
  '--key-file': '--private-key',
  '--ask-vault-password': '--ask-vault-pass',
  '--vault-pass-file': '--vault-password-file',
  '--conn-pass-file': '--connection-password-file',
};

/** Rewrites the aliases (`--key-file k`, `--key-file=k`) up to a `--` that ends the options. */
export function canonicalArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  let options = true;
  for (const arg of argv) {
    if (!options || !arg.startsWith('--')) {
      out.push(arg);
      continue;
    }
    if (arg === '--') {
      options = false;
      out.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    const canonical = OPTION_ALIASES[name];
    out.push(canonical === undefined ? arg : canonical + (eq < 0 ? '' : arg.slice(eq)));
  }
  return out;
}

/** The options `run` accepts only to refuse them, and why (commander's attribute names). */
export const REFUSED_OPTIONS: Readonly<Record<string, { flag: string; why: string }>> = {
  step: {
    flag: '--step',
    why: 'flotilla runs each task on all hosts at once across worker threads and cannot stop before each task to ask on the terminal; use --start-at-task, --tags or --check to run a part',
  },
  sftpExtraArgs: {
    flag: '--sftp-extra-args',
    why: 'flotilla copies files over its own SSH connection (SFTP in-process), never with the sftp program, so there is nothing to pass them to',
  },
  scpExtraArgs: {
    flag: '--scp-extra-args',
    why: 'flotilla copies files over its own SSH connection (SFTP in-process), never with the scp program, so there is nothing to pass them to',
  },
};

/** Throws for the first refused option given (a usage error: exit 2, as argparse's). */
export function refuseUnsupported(flags: Record<string, unknown>): void {
  for (const [key, { flag, why }] of Object.entries(REFUSED_OPTIONS)) {
    if (flags[key] === undefined || flags[key] === false) continue;
    throw new FlotillaError('FLT_CLI_OPTION', `${flag} is not supported: ${why}`, {
      hint: `run again without ${flag}`,
    });
  }
}
