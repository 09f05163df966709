/**
 * The texts of Ansible's task-time errors (a failed `when`, an undefined variable in the
 * task's options), including AnsibleError's "extended error": the task's position, the
 * offending lines with a caret, and the remedies of errors/yaml_strings.py.
 */
import { readFileSync } from 'node:fs';
import { FlotillaError, type SourceLocation, toErrorData } from './index.js';

/** An error from templating, as Ansible words it in a task failure. */
export function templateErrorText(err: unknown): string {
  const data = toErrorData(err);
  // Ansible re-raises undefined-variable errors with the original attached: "m. m".
  return data.code === 'FLT_TEMPLATE_UNDEFINED' ? `${data.message}. ${data.message}` : data.message;
}

export function isUndefinedError(err: unknown): boolean {
  return toErrorData(err).code === 'FLT_TEMPLATE_UNDEFINED';
}

/**
 * post_validate's text for a task field whose template uses an undefined variable:
 * "The task includes an option…" for the arguments, "The field 'x' has an invalid value…"
 * for the others, with the task's position.
 */
export function undefinedFieldText(
  field: string,
  err: unknown,
  location: SourceLocation | undefined,
): string {
  const what =
    field === 'args'
      ? 'The task includes an option with an undefined variable.'
      : `The field '${field}' has an invalid value, which includes an undefined variable.`;
  return withPosition(`${what} The error was: ${templateErrorText(err)}`, location);
}

/** Conditional.evaluate_conditional's error for `condition` (no position: see withPosition). */
export function conditionalErrorText(condition: unknown, err: unknown): string {
  const cond = typeof condition === 'string' ? condition : String(condition);
  const inner = isUndefinedError(err)
    ? `error while evaluating conditional (${cond}): ${templateErrorText(err)}`
    : templateErrorText(err);
  return `The conditional check '${cond}' failed. The error was: ${inner}`;
}

/** A task failure whose message is already Ansible's full text. */
/** The traceback of Jinja's TemplateSyntaxError raised at render time (lineno 0). */
export function templateSyntaxTraceback(message: string): string {
  return `Traceback (most recent call last):\njinja2.exceptions.TemplateSyntaxError: ${message}\n  line 0\n`;
}

export function taskError(message: string): FlotillaError {
  return new FlotillaError('FLT_TASK_ERROR', message);
}

const POSITION = (file: string, line: number, col: number) =>
  `The error appears to be in '${file}': line ${line}, column ${col}, but may\n` +
  'be elsewhere in the file depending on the exact syntax problem.\n';

const COMMON_DICT_ERROR = `This one looks easy to fix. YAML thought it was looking for the start of a
hash/dictionary and was confused to see a second "{". Most likely this was
meant to be an ansible template evaluation instead, so we have to give the
parser a small hint that we wanted a string instead. The solution here is to
just quote the entire value.

For instance, if the original line was:

    app_path: {{ base_path }}/foo

It should be written as:

    app_path: "{{ base_path }}/foo"
`;

const UNQUOTED_VARIABLE_ERROR = `We could be wrong, but this one looks like it might be an issue with
missing quotes. Always quote template expression brackets when they
start a value. For instance:

    with_items:
      - {{ foo }}

Should be written as:

    with_items:
      - "{{ foo }}"
`;

const UNQUOTED_COLON_ERROR = `This one looks easy to fix. There seems to be an extra unquoted colon in the line
and this is confusing the parser. It was only expecting to find one free
colon. The solution is just add some quotes around the colon, or quote the
entire line after the first colon.

For instance, if the original line was:

    copy: src=file.txt dest=/path/filename:with_colon.txt

It can be written as:

    copy: src=file.txt dest='/path/filename:with_colon.txt'

Or:

    copy: 'src=file.txt dest=/path/filename:with_colon.txt'
`;

const PARTIALLY_QUOTED_LINE_ERROR = `This one looks easy to fix. It seems that there is a value started
with a quote, and the YAML parser is expecting to see the line ended
with the same kind of quote. For instance:

    when: "ok" in result.stdout

Could be written as:

   when: '"ok" in result.stdout'

Or equivalently:

   when: "'ok' in result.stdout"
`;

const UNBALANCED_QUOTES_ERROR = `We could be wrong, but this one looks like it might be an issue with
unbalanced quotes. If starting a value with a quote, make sure the
line ends with the same set of quotes. For instance this arbitrary
example:

    foo: "bad" "wolf"

Could be written as:

    foo: '"bad" "wolf"'
`;

const LEADING_TAB_ERROR = `There appears to be a tab character at the start of the line.

YAML does not use tabs for formatting. Tabs should be replaced with spaces.

For example:
    - name: update tooling
      vars:
        version: 1.2.3

Should be written as:
    - name: update tooling
      vars:
        version: 1.2.3
`;

const AND_SHORTHAND_ERROR =
  "There appears to be both 'k=v' shorthand syntax and YAML in this task. Only one syntax may be used.\n";

const count = (s: string, c: string) => s.split(c).length - 1;

/** `message` followed by AnsibleError's extended error for a task at `location`. */
export function withPosition(message: string, location: SourceLocation | undefined): string {
  if (!location) return message;
  return `${message}\n\n${extendedError(location)}`;
}

/** A port of AnsibleError._get_extended_error (and _get_error_lines_from_file). */
function extendedError({ file, line, col }: SourceLocation): string {
  let out = POSITION(file, line, col);
  let lines: string[];
  try {
    lines = readFileSync(file, 'utf8').split(/(?<=\n)/);
  } catch {
    return `${out}\n(could not open file to display line)`;
  }
  let n = Math.min(line - 1, lines.length - 1);
  if (n < 0) return `${out}\n(specified line no longer in file, maybe it changed?)`;
  let target = lines[n];
  while (target.trim() === '' && n > 0) target = lines[--n];
  const prev = n > 0 ? lines[n - 1] : '';
  if (!target) return out;
  const stripped = target.replaceAll(' ', '');
  if (/\w+(\s+)?=(\s+)?[\w/-]+/.test(prev)) {
    const at = prev.trimEnd().indexOf('=');
    out = POSITION(file, line - 1, at + 1);
    out += `\nThe offending line appears to be:\n\n${prev.trimEnd()}\n${' '.repeat(Math.max(0, at))}^ here\n\n`;
    out += AND_SHORTHAND_ERROR;
  } else {
    out += `\nThe offending line appears to be:\n\n${prev.trimEnd()}\n${target.trimEnd()}\n${' '.repeat(col - 1)}^ here\n`;
  }
  if (target.includes('\t')) out += LEADING_TAB_ERROR;
  if (target.includes('{{') && target.includes('}}') && (!target.includes('"{{') || !target.includes("'{{")))
    out += UNQUOTED_VARIABLE_ERROR;
  else if (stripped.includes(':{{') && stripped.includes('}}')) out += COMMON_DICT_ERROR;
  else if (target.length > 1 && target.length > col && target[col] === ':' && count(target, ':') > 1)
    out += UNQUOTED_COLON_ERROR;
  else {
    const parts = target.split(':');
    if (parts.length > 1) {
      const middle = parts[1].trim();
      const match =
        (middle.startsWith("'") && !middle.endsWith("'")) ||
        (middle.startsWith('"') && !middle.endsWith('"'));
      const unbalanced =
        (middle.length > 0 &&
          ['"', "'"].includes(middle[0]) &&
          ['"', "'"].includes(middle[middle.length - 1]) &&
          count(target, "'") > 2) ||
        count(target, '"') > 2;
      if (match) out += PARTIALLY_QUOTED_LINE_ERROR;
      if (unbalanced) out += UNBALANCED_QUOTES_ERROR;
    }
  }
  return out;
}
