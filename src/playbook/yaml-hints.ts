/**
 * Hints for YAML mistakes, after the heuristics in Ansible's errors/__init__.py and the
 * texts of errors/yaml_strings.py, each with the offending line rewritten where we can.
 */

export const UNQUOTED_TEMPLATE_HINT =
  'We could be wrong, but this one looks like it might be an issue with missing quotes. ' +
  'Always quote template expression brackets when they start a value.';

const TAB_HINT =
  'There appears to be a tab character at the start of the line. ' +
  'YAML does not use tabs for formatting. Tabs should be replaced with spaces.';

const UNQUOTED_COLON_HINT =
  'This one looks easy to fix. There seems to be an extra unquoted colon in the line and this is ' +
  'confusing the parser. It was only expecting to find one free colon. The solution is just add some ' +
  'quotes around the colon, or quote the entire line after the first colon.';

const PARTIALLY_QUOTED_HINT =
  'This one looks easy to fix. It seems that there is a value started with a quote, and the YAML ' +
  'parser is expecting to see the line ended with the same kind of quote.';

const UNBALANCED_QUOTES_HINT =
  'We could be wrong, but this one looks like it might be an issue with unbalanced quotes. ' +
  'If starting a value with a quote, make sure the line ends with the same set of quotes.';

const GENERIC_HINT =
  'The error may be elsewhere in the file depending on the exact syntax problem: ' +
  'check the indentation and quoting of this line and the ones before it.';

/** Wraps `value` in YAML quotes: double quotes unless it contains one. */
export function quoteYaml(value: string): string {
  return value.includes('"') ? `'${value.replaceAll("'", "''")}'` : `"${value}"`;
}

/** Splits `  key: value  # c` into its prefix ("  key: ") and value ("value"), if it has one. */
function splitValue(line: string): { prefix: string; value: string } | undefined {
  const m = /^(\s*(?:-\s+)?(?:[^\s:'"][^:]*:\s+|-\s+))(.*?)\s*(#.*)?$/.exec(line);
  if (!m || m[2] === '') return undefined;
  return { prefix: m[1], value: m[2] };
}

/** The line with its value quoted, e.g. `msg: {{ x }}` -> `msg: "{{ x }}"`. */
export function quoteValueRewrite(line: string): string | undefined {
  const parts = splitValue(line);
  return parts ? `${parts.prefix}${quoteYaml(parts.value)}` : undefined;
}

function withRewrite(hint: string, line: string): string {
  const rewrite = quoteValueRewrite(line);
  return rewrite ? `${hint} It should be written as:\n\n    ${rewrite.trim()}` : hint;
}

/** The hint for a YAML syntax error on `line` at 0-based column `col`. */
export function yamlSyntaxHint(line: string, col: number): string {
  if (line.includes('\t')) return TAB_HINT;
  if (line.includes('{{') && line.includes('}}') && !/["']\{\{/.test(line)) {
    return withRewrite(UNQUOTED_TEMPLATE_HINT, line);
  }
  if (line[col] === ':' && line.split(':').length > 2) return withRewrite(UNQUOTED_COLON_HINT, line);
  const colon = line.indexOf(':');
  if (colon >= 0) {
    const middle = line.slice(colon + 1).trim();
    const first = middle[0];
    if ((first === '"' || first === "'") && !middle.endsWith(first)) return PARTIALLY_QUOTED_HINT;
    if ((first === '"' || first === "'") && (line.split("'").length > 3 || line.split('"').length > 3)) {
      return withRewrite(UNBALANCED_QUOTES_HINT, line);
    }
  }
  return GENERIC_HINT;
}
