/** Python `re` filters on JavaScript RegExp: pattern and replacement syntax translated. */
import { FlotillaError } from '../../../errors/index.js';
import { pyStr } from '../../../python/repr.js';
import { isNone, pyTuple } from '../../../python/values.js';
import { pythonReError } from '../../../text/python-re-syntax.js';
import { def, type FilterDef, filterError } from '../../runtime/define.js';
import { pyException } from '../py-errors.js';

/** Translates Python regex syntax (named groups, \A, \Z, inline flags) to a RegExp. */
export function pyRegex(
  pattern: string,
  flags: { ignorecase?: boolean; multiline?: boolean; global?: boolean } = {},
) {
  // A pattern Python refuses fails with Python's exception (re.error: … at position N).
  const pyError = pythonReError(pattern);
  if (pyError) throw pyException(pyError.pyType, pyError.message);
  let source = pattern;
  let f = flags.global ? 'g' : '';
  const inline = /^\(\?([aiLmsux]+)\)/.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    if (inline[1].includes('i')) flags = { ...flags, ignorecase: true };
    if (inline[1].includes('m')) flags = { ...flags, multiline: true };
    if (inline[1].includes('s')) f += 's';
  }
  if (flags.ignorecase) f += 'i';
  if (flags.multiline) f += 'm';
  source = source
    .replace(/\(\?P<(\w+)>/g, '(?<$1>')
    .replace(/\(\?P=(\w+)\)/g, '\\k<$1>')
    .replace(/\\A/g, '^')
    .replace(/\\Z/g, '$');
  try {
    return new RegExp(source, f);
  } catch (err) {
    throw new FlotillaError(
      'FLT_TEMPLATE_FILTER',
      `invalid regular expression '${pattern}': ${(err as Error).message}`,
    );
  }
}

/** Python re.sub replacement (\1, \g<name>, \n) to a replacer function. */
function pyReplacement(replacement: string): (match: string, ...rest: unknown[]) => string {
  return (match, ...rest) => {
    const last = rest[rest.length - 1];
    const named =
      typeof last === 'object' && last !== null ? (last as Record<string, string | undefined>) : {};
    const groups = rest.slice(0, typeof last === 'object' && last !== null ? -3 : -2) as (
      | string
      | undefined
    )[];
    const group = (ref: string) => {
      if (/^\d+$/.test(ref)) return Number(ref) === 0 ? match : (groups[Number(ref) - 1] ?? '');
      return named[ref] ?? '';
    };
    return replacement.replace(
      /\\(g<(\w+)>|\d{1,2}|n|t|r|\\)/g,
      (_m, what: string, name: string | undefined) => {
        if (name !== undefined) return group(name);
        if (/^\d+$/.test(what)) return group(what);
        return { n: '\n', t: '\t', r: '\r', '\\': '\\' }[what] ?? what;
      },
    );
  };
}

const PY_ESCAPED = new Set('()[]{}?*+-|^$\\.&~# \t\n\r\v\f');

/** The filters of this file, by Ansible name (assembled in ../registry.ts). */
export const filters: Readonly<Record<string, FilterDef>> = {
  regex_replace: def(
    ['pattern', 'replacement', 'ignorecase', 'multiline'],
    (value, [pattern = '', replacement = '', ignorecase = false, multiline = false]) =>
      pyStr(value).replace(
        pyRegex(pyStr(pattern), { ignorecase, multiline, global: true }),
        pyReplacement(pyStr(replacement)),
      ),
  ),
  regex_search: def(
    ['regex', '*'],
    (value, [regex, ...groupRefs], kwargs) => {
      const refs = groupRefs.map((ref) => {
        const m = /^\\(?:g<(\S+)>|(\d+))$/.exec(pyStr(ref));
        if (!m) throw filterError('regex_search', 'Unknown argument');
        return m[1] ?? Number(m[2]);
      });
      const re = pyRegex(pyStr(regex), {
        ignorecase: Boolean(kwargs.ignorecase),
        multiline: Boolean(kwargs.multiline),
      });
      const match = re.exec(pyStr(value));
      if (!match) return null;
      if (!refs.length) return match[0];
      return refs.map((ref) =>
        typeof ref === 'number' ? (match[ref] ?? null) : (match.groups?.[ref] ?? null),
      );
    },
    { extraKeywords: true },
  ),
  regex_findall: def(
    ['regex', 'multiline', 'ignorecase'],
    (value, [regex, multiline = false, ignorecase = false]) => {
      const re = pyRegex(pyStr(regex), { ignorecase, multiline, global: true });
      return [...pyStr(value).matchAll(re)].map((m) => {
        if (m.length === 1) return m[0];
        if (m.length === 2) return m[1] ?? '';
        return pyTuple(m.slice(1).map((g) => g ?? ''));
      });
    },
  ),
  regex_escape: def(['re_type'], (value, [reType = 'python']) => {
    if (!isNone(reType) && reType !== 'python' && reType !== 'posix_basic') {
      throw filterError('regex_escape', `Invalid regex type (${reType})`);
    }
    if (reType === 'posix_basic') return pyStr(value).replace(/[.[\]\\*^$]/g, '\\$&');
    return [...pyStr(value)].map((c) => (PY_ESCAPED.has(c) ? '\\' + c : c)).join('');
  }),
};
