/**
 * Python's one-character backslash escapes in string literals (`\n`, `\t`, `\'`, …, and a
 * backslash-newline that continues the line). Shared by every reader of Python-style text:
 * Jinja string literals, literal_eval, INI inventory values and `key=value` task arguments.
 */
export const PYTHON_SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\n': '',
};
