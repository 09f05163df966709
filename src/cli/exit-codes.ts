/** Maps our error codes onto ansible-playbook 2.14's exit codes. */
import { type ErrorData, FlotillaErrors, formatError, toErrorData } from '../errors/index.js';

export function exitCodeFor(code: string): number {
  if (code === 'FLT_CLI_OPTION') return 2; // argparse: a bad option value
  if (code.startsWith('FLT_CLI_')) return 5; // AnsibleOptionsError (e.g. bad --extra-vars data)
  if (code === 'FLT_PLAY_ORDER') return 5; // AnsibleOptionsError: invalid play `order`
  // Ansible dies of Python's RecursionError there: "Unexpected Exception", exit 250.
  if (code === 'FLT_IMPORT_RECURSION') return 250;
  if (code === 'FLT_PLAYBOOK_NOT_FOUND') return 1; // AnsibleError: "the playbook ... could not be found"
  if (code.startsWith('FLT_PLAYBOOK_')) return 4; // AnsibleParserError
  return 1; // AnsibleError
}

/** Prints an error (every one of a validation pass) to stderr and returns the exit code. */
export function reportError(err: unknown, writeErr: (s: string) => void): number {
  const list: ErrorData[] = err instanceof FlotillaErrors ? err.errors.map(toErrorData) : [toErrorData(err)];
  for (const e of list) writeErr(`${formatError(e)}\n`);
  if (list.length > 1) writeErr(`\n${list.length} errors found; nothing was run.\n`);
  if (list[0]?.code === 'FLT_INTERNAL' && err instanceof Error && process.env.FLOTILLA_DEBUG)
    writeErr(`${err.stack}\n`);
  return exitCodeFor(list[0]?.code ?? 'FLT_INTERNAL');
}
