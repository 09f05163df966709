/**
 * ansible_local: the `*.fact` files of fact_path (default /etc/ansible/facts.d), as Ansible
 * 2.14's LocalFactCollector reads them: executable ones are run, others read; the text is
 * parsed as JSON, else as INI (Python's ConfigParser), else replaced by an error string.
 */
import { pyJsonLoads } from '../../python/json-loads.js';

export interface LocalFacts {
  local: Record<string, unknown>;
  warnings: string[];
}

/** OSError texts of os.stat, by errno (the `nostat` header carries the errno). */
const STAT_ERRORS: Record<number, string> = {
  2: '[Errno 2] No such file or directory',
  40: '[Errno 40] Too many levels of symbolic links',
};

function decode(text: string, kind: string): string {
  const t = text.trim();
  if (!t) return '';
  if (kind === 'hex') return Buffer.from(t.replace(/[^0-9a-f]/gi, ''), 'hex').toString('utf8');
  return Buffer.from(t, 'base64').toString('utf8');
}

/**
 * The local section: `dir` when fact_path exists, then per file a header
 * `F <exec|file|unreadable|nostat> <rc or errno> <b64|hex> <path>` followed by its stdout and stderr lines.
 */
export function localFacts(lines: string[]): LocalFacts {
  const local: Record<string, unknown> = {};
  const warnings: string[] = [];
  const files: { path: string; kind: string; rc: number; enc: string; out: string; err: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^F (\S+) (\d+) (\S+) (.*)$/.exec(lines[i]);
    if (!m) continue;
    files.push({
      kind: m[1],
      rc: Number(m[2]),
      enc: m[3],
      path: m[4],
      out: lines[i + 1] ?? '',
      err: lines[i + 2] ?? '',
    });
    i += 2;
  }
  // Python's sorted(glob()): code point order
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const f of files) {
    const base = f.path.slice(f.path.lastIndexOf('/') + 1).replaceAll('.fact', '');
    const out = decode(f.out, f.enc);
    if (f.kind === 'nostat') {
      const msg = `Could not stat fact (${f.path}): ${STAT_ERRORS[f.rc] ?? `[Errno ${f.rc}]`}: '${f.path}'`;
      local[base] = msg;
      warnings.push(msg);
      continue;
    }
    if (f.kind === 'exec' && f.rc !== 0) {
      const msg = `Failure executing fact script (${f.path}), rc: ${f.rc}, err: ${decode(f.err, f.enc)}`;
      local[base] = msg;
      warnings.push(msg);
      continue;
    }
    local[base] = parseFactText(out, f.path, warnings);
  }
  return { local, warnings };
}

function parseFactText(text: string, path: string, warnings: string[]): unknown {
  try {
    return pyJsonLoads(text);
  } catch {
    const ini = parseIni(text);
    if (ini) return ini;
    const msg = `error loading facts as JSON or ini - please check content: ${path}`;
    warnings.push(msg);
    return msg;
  }
}

/**
 * A subset of Python's ConfigParser (strict, BasicInterpolation): `[section]` headers,
 * `key = value` / `key: value` options with lower-cased keys, indented continuation lines,
 * `#`/`;` comment lines, DEFAULT values inherited by every section, %(name)s references.
 * undefined where ConfigParser raises (an option before any section, a duplicate).
 */
export function parseIni(text: string): Record<string, Record<string, string>> | undefined {
  const sections = new Map<string, Map<string, string>>();
  const defaults = new Map<string, string>();
  let current: Map<string, string> | undefined;
  let lastKey: string | undefined;
  let lastIndent = 0;
  for (const raw of text.split(/\r?\n/)) {
    const stripped = raw.trim();
    const indent = raw.length - raw.trimStart().length;
    if (!stripped || stripped.startsWith('#') || stripped.startsWith(';')) {
      // an empty line inside a value is kept by ConfigParser only as part of a continuation
      if (!stripped && current && lastKey !== undefined) current.set(lastKey, `${current.get(lastKey)}\n`);
      continue;
    }
    if (current && lastKey !== undefined && indent > lastIndent) {
      current.set(lastKey, `${current.get(lastKey)}\n${stripped}`);
      continue;
    }
    const header = /^\[([^\]]+)\]/.exec(stripped);
    if (header) {
      const name = header[1];
      if (name === 'DEFAULT') current = defaults;
      else {
        if (sections.has(name)) return undefined;
        current = new Map();
        sections.set(name, current);
      }
      lastKey = undefined;
      continue;
    }
    if (!current) return undefined;
    const m = /^([^=:]*?)\s*[=:]\s*(.*)$/.exec(stripped);
    const key = m?.[1].trim().toLowerCase();
    if (!m || !key) return undefined; // allow_no_value is off: a bare key is a ParsingError
    if (current.has(key) && current !== defaults) return undefined;
    current.set(key, m[2]);
    lastKey = key;
    lastIndent = indent;
  }
  const out: Record<string, Record<string, string>> = {};
  for (const [name, options] of sections) {
    const merged = new Map([...defaults, ...options]);
    const section: Record<string, string> = {};
    for (const [k, v] of merged) section[k] = interpolate(v.replace(/\n+$/, ''), merged, 0);
    out[name] = section;
  }
  return out;
}

function interpolate(value: string, options: Map<string, string>, depth: number): string {
  if (depth > 10) return value;
  return value.replace(/%(%|\(([^)]+)\)s)/g, (whole, pct: string, name: string | undefined) => {
    if (pct === '%') return '%';
    const ref = options.get((name ?? '').toLowerCase());
    return ref === undefined ? whole : interpolate(ref.replace(/\n+$/, ''), options, depth + 1);
  });
}
