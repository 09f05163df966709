/**
 * Python `re` syntax → JavaScript RegExp, for the regexp arguments of lineinfile,
 * replace and find: named groups `(?P<n>…)`, `(?P=n)`, `\A`, `\Z`, leading inline flags
 * `(?ims)`; and replacement templates `\1`, `\g<1>`, `\g<name>` → `$1`, `$<name>`.
 */
import { pythonReError } from '../../text/python-re-syntax.js';
import { ModuleCrash, ModuleFailure } from './remote.js';

const INLINE_FLAGS = /^\(\?([aiLmsux]+)\)/;

/**
 * Compiles a Python pattern; `flags` are JavaScript flags added to any inline ones. `bytes`:
 * the module compiles it as bytes (lineinfile, blockinfile, wait_for), which changes what
 * Python refuses and the positions it reports.
 */
export function pyRegex(pattern: string, flags = '', options: { bytes?: boolean } = {}): RegExp {
  checkPyPattern(pattern, options);
  let source = pattern;
  const flagSet = new Set(flags.split('').filter(Boolean));
  const inline = INLINE_FLAGS.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    for (const f of inline[1]) {
      if (f === 'i' || f === 'm' || f === 's') flagSet.add(f);
      else if (f === 'x') source = stripVerbose(source);
    }
  }
  source = convertPattern(source);
  try {
    return new RegExp(source, [...flagSet].join(''));
  } catch (err) {
    throw new ModuleFailure(
      `Invalid regular expression ${JSON.stringify(pattern)}: ${(err as Error).message}`,
    );
  }
}

/** A pattern Python refuses kills the Python module with re.error: so it does here. */
export function checkPyPattern(pattern: string, options: { bytes?: boolean } = {}): void {
  const pyError = pythonReError(pattern, options);
  if (pyError) throw new ModuleCrash(`${pyError.pyType}: ${pyError.message}`);
}

/** Walks the pattern once so escapes and character classes are left alone. */
function convertPattern(p: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') {
      const n = p[i + 1];
      if (!inClass && n === 'A') out += '^';
      else if (!inClass && n === 'Z') out += '$(?![\\s\\S])';
      else out += c + (n ?? '');
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // A ']' right after '[' or '[^' is literal in Python.
      if (p[i + 1] === '^') {
        out += '^';
        i++;
      }
      if (p[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (p.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
      continue;
    }
    const backref = /^\(\?P=(\w+)\)/.exec(p.slice(i));
    if (backref) {
      out += `\\k<${backref[1]}>`;
      i += backref[0].length - 1;
      continue;
    }
    out += c;
  }
  return out;
}

function stripVerbose(p: string): string {
  return p
    .replace(/\\#/g, '\u0000')
    .replace(/#.*$/gm, '')
    .replace(/\s+/g, '')
    .replace(/\u0000/g, '\\#');
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  f: '\f',
  v: '\v',
  a: '\x07',
  b: '\b',
  '\\': '\\',
};

/** Python's match.expand(template) for a JS match. */
export function expandTemplate(template: string, match: RegExpExecArray | RegExpMatchArray): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const rest = template.slice(i + 1);
    const named = /^g<(\w+)>/.exec(rest);
    const numbered = /^(\d{1,2})/.exec(rest);
    if (named) {
      const key = named[1];
      out += (/^\d+$/.test(key) ? match[Number(key)] : match.groups?.[key]) ?? '';
      i += named[0].length;
    } else if (numbered) {
      out += match[Number(numbered[1])] ?? '';
      i += numbered[1].length;
    } else if (rest[0] !== undefined && rest[0] in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[rest[0]];
      i++;
    } else {
      out += c;
    }
  }
  return out;
}

/** re.sub(pattern, template, text) with Python semantics for the template; returns [text, count]. */
export function pySub(re: RegExp, template: string, text: string): [string, number] {
  let count = 0;
  const global = re.flags.includes('g') ? re : new RegExp(re.source, `${re.flags}g`);
  const result = text.replace(global, (...args: unknown[]) => {
    count++;
    const hasGroups = typeof args[args.length - 1] === 'object';
    const groups = hasGroups ? (args[args.length - 1] as Record<string, string>) : undefined;
    const captures = args.slice(0, hasGroups ? -3 : -2) as string[];
    const m = Object.assign([...captures], { groups }) as unknown as RegExpMatchArray;
    return expandTemplate(template, m);
  });
  return [result, count];
}
