/**
 * Ansible's isidentifier (ansible/utils/vars.py): an ASCII Python 3 identifier that is not a
 * Python keyword. set_fact, set_stats, register and vars: names are checked with it.
 */
const PYTHON_KEYWORDS = new Set([
  'False',
  'None',
  'True',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
]);

export function isPythonIdentifier(name: unknown): name is string {
  return typeof name === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !PYTHON_KEYWORDS.has(name);
}

/** The text set_fact and set_stats fail with for a name isPythonIdentifier refuses. */
export function invalidVariableNameText(name: string): string {
  return (
    `The variable name '${name}' is not valid. Variables must start with a letter or underscore character, ` +
    'and contain only letters, numbers and underscores.'
  );
}

/** The text TaskExecutor fails a task with, and the strategy then stops the run with. */
export function invalidRegisterText(name: string): string {
  return `Invalid variable name in 'register' specified: '${name}'`;
}
