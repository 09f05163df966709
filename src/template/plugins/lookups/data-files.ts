/** Lookups that read values out of controller data files: ini (Python's configparser) and csvfile. */
import { readFileSync } from 'node:fs';
import { appendAll } from '../../../collections/append-all.js';
import { pyRepr, pyStr } from '../../../python/repr.js';
import { pyTruthy } from '../../../python/values.js';
import { parseKv } from '../../../text/split-args.js';
import {
  ansibleError,
  type LookupContext,
  LookupFailure,
  type LookupPlugin,
  lookupError,
  optionBool,
  optionsError,
} from './plugin.js';
import { decodeBytes, UnknownEncoding } from './py-codecs.js';
import { resolveSearchPath } from './search-path.js';

type Section = Map<string, string | null>;

/** The subset of configparser.ConfigParser (strict, '='/':' delimiters, '#'/';' comments) ini needs. */
class ConfigParser {
  readonly defaults: Section = new Map();
  readonly sections = new Map<string, Section>();

  constructor(
    private readonly caseSensitive: boolean,
    private readonly allowNoValue: boolean,
  ) {}

  optionxform(name: string): string {
    return this.caseSensitive ? name : name.toLowerCase();
  }

  read(text: string, fileLabel: string): void {
    const added = new Set<string>();
    let section: Section | undefined;
    let sectionName = '';
    let option: string | undefined;
    let indent = 0;
    const values = new Map<string, string[] | null>();
    const flush = () => {
      for (const [k, v] of values) {
        if (v === null) section?.set(k, null);
        else {
          while (v.length && v[v.length - 1] === '') v.pop();
          section?.set(k, v.join('\n'));
        }
      }
      values.clear();
    };
    const lines = text.split(/\r\n|\n|\r/);
    if (lines[lines.length - 1] === '') lines.pop();
    lines.forEach((line, index) => {
      const lineno = index + 1;
      const value = line.trim();
      if (/^\s*[#;]/.test(line)) return;
      if (value === '') {
        // An empty line inside a value belongs to it; otherwise it ends the option.
        if (option !== undefined && values.get(option)) values.get(option)?.push('');
        else option = undefined;
        return;
      }
      const curIndent = line.search(/\S/);
      if (section && option !== undefined && curIndent > indent && values.get(option)) {
        values.get(option)?.push(value);
        return;
      }
      indent = curIndent;
      const header = /^\[(.+)\]/.exec(value);
      if (header) {
        flush();
        sectionName = header[1];
        if (added.has(sectionName))
          throw new LookupFailure(
            `While reading from '${fileLabel}' [line ${String(lineno).padStart(2)}]: section ${pyRepr(sectionName)} already exists`,
            'configparser.DuplicateSectionError',
          );
        added.add(sectionName);
        if (sectionName === 'DEFAULT') section = this.defaults;
        else {
          section = this.sections.get(sectionName) ?? new Map();
          this.sections.set(sectionName, section);
        }
        option = undefined;
        return;
      }
      if (!section)
        throw new LookupFailure(
          `File contains no section headers.\nfile: '${fileLabel}', line: ${lineno}\n${pyRepr(`${line}\n`)}`,
          'configparser.MissingSectionHeaderError',
        );
      const m = /^(.*?)\s*([=:])\s*(.*)$/.exec(value);
      let name: string;
      let optValue: string | null;
      if (m && m[1] !== '') {
        name = this.optionxform(m[1].trimEnd());
        optValue = m[3].trim();
      } else if (this.allowNoValue) {
        name = this.optionxform(value);
        optValue = null;
      } else {
        throw new LookupFailure(
          `Source contains parsing errors: '${fileLabel}'\n\t[line ${String(lineno).padStart(2)}]: ${pyRepr(`${line}\n`)}`,
          'configparser.ParsingError',
        );
      }
      const key = `${sectionName}\0${name}`;
      if (added.has(key))
        throw new DuplicateOption(
          `While reading from '${fileLabel}' [line ${String(lineno).padStart(2)}]: option ${pyRepr(name)} in section ${pyRepr(sectionName)} already exists`,
        );
      added.add(key);
      option = name;
      values.set(name, optValue === null ? null : [optValue]);
    });
    flush();
  }

  /** The section's options with the defaults under them, in configparser's items() order. */
  private unified(section: string): Section {
    if (section === 'DEFAULT') return new Map(this.defaults);
    const own = this.sections.get(section);
    if (!own) throw new NoSection();
    return new Map([...this.defaults, ...own]);
  }

  /** BasicInterpolation: %% and %(name)s. */
  private interpolate(all: Section, value: string | null, depth = 0): string | null {
    if (value === null) return null;
    if (depth > 10) throw ansibleError(`Recursion limit exceeded in value substitution: ${pyRepr(value)}`);
    return value.replace(/%(%|\(([^)]*)\)s|.?)/g, (whole, what: string, ref?: string) => {
      if (what === '%') return '%';
      if (ref !== undefined) {
        const key = this.optionxform(ref);
        if (!all.has(key))
          throw ansibleError(`Bad value substitution: option ${pyRepr(ref)} refers to a missing key`);
        return this.interpolate(all, all.get(key) ?? '', depth + 1) ?? '';
      }
      throw ansibleError(`'%' must be followed by '%' or '(', found: ${pyRepr(whole)}`);
    });
  }

  get(section: string, key: string): string | null | undefined {
    const all = this.unified(section);
    const name = this.optionxform(key);
    if (!all.has(name)) return undefined;
    return this.interpolate(all, all.get(name) ?? null);
  }

  items(section: string): [string, string | null][] {
    const all = this.unified(section);
    return [...all.keys()].map((k) => [k, this.interpolate(all, all.get(k) ?? null)]);
  }
}

class NoSection extends Error {}
class DuplicateOption extends Error {}

const INI_DEFAULTS = {
  type: 'ini',
  file: 'ansible.ini',
  section: 'global',
  re: false,
  encoding: 'utf-8',
  default: '',
  case_sensitive: false,
  allow_no_value: false,
} as Record<string, unknown>;

/** ini's _parse_params: `key section=s file=f` with values that may hold spaces. */
function parseIniParams(term: string, valid: string[]): string[] {
  const params = new Map<string, string>();
  const keys: string[] = [];
  let current = 'key';
  term
    .split(/\s+/)
    .filter((p) => p !== '')
    .forEach((phrase, i) => {
      if (phrase.includes('=')) for (const k of valid) if (phrase.includes(`${k}=`)) current = k;
      if (i === 0 || !params.get(current)) {
        params.set(current, phrase);
        keys.push(current);
      } else params.set(current, `${params.get(current)} ${phrase}`);
    });
  return keys.map((k) => params.get(k) ?? '');
}

function readData(ctx: LookupContext, name: string, encoding: unknown): string {
  const found = resolveSearchPath(name, ctx.state.searchPath, 'files');
  if (!found) throw new LookupFailure("Invalid filename: 'None'", 'ansible.errors.AnsibleParserError');
  try {
    return decodeBytes(readFileSync(found), pyStr(encoding));
  } catch (err) {
    if (err instanceof UnknownEncoding) throw new LookupFailure(err.message, 'LookupError');
    throw err;
  }
}

/** set_options' check of an option with choices (only keyword options: inline ones are not checked). */
function checkChoice(plugin: string, option: string, value: unknown, choices: string[]): void {
  if (value === undefined || choices.includes(pyStr(value))) return;
  throw optionsError(
    `Invalid value "${pyStr(value)}" for configuration option "plugin_type: lookup plugin: ${plugin} setting: ${option} ", valid values are: ${choices.join(', ')}`,
  );
}

/**
 * The ini lookup. Keyword options are typed by set_options (re and allow_no_value booleans);
 * inline `k=v` ones stay strings, and the parser is built before them, so an inline
 * allow_no_value or case_sensitive has no effect (as in Ansible).
 */
export const ini: LookupPlugin = (terms, kwargs, ctx) => {
  const { allow_none: allowNone, ...direct } = kwargs;
  checkChoice('ini', 'type', direct.type, ['ini', 'properties']);
  const params: Record<string, unknown> = { ...INI_DEFAULTS, ...direct };
  if (direct.re !== undefined) params.re = optionBool(direct.re);
  params.allow_no_value = optionBool(direct.allow_no_value ?? allowNone ?? false);
  // case_sensitive has no type: any truthy value keeps the keys' case.
  const cp = new ConfigParser(pyTruthy(params.case_sensitive), params.allow_no_value as boolean);
  const out: unknown[] = [];
  for (const rawTerm of terms) {
    const term = pyStr(rawTerm);
    let key = term;
    if (term.includes('=') || term.trim().includes(' ')) {
      let updated = false;
      for (const param of parseIniParams(term, Object.keys(params))) {
        if (param.includes('=')) {
          const parts = param.split('=');
          if (parts.length !== 2)
            throw lookupError(
              `Could not use '${param}' from '${pyRepr(parseIniParams(term, Object.keys(params)))}': too many values to unpack (expected 2)`,
            );
          if (!(parts[0] in params)) throw lookupError(`${parts[0]} is not a valid option.`);
          params[parts[0]] = parts[1];
        } else if (key === term) {
          key = param;
          updated = true;
        }
      }
      if (!updated)
        throw optionsError(
          `No key to lookup was provided as first term with in string inline options: ${term}`,
        );
    }
    const fileName = pyStr(params.file);
    let text = readData(ctx, fileName, params.encoding);
    if (params.type === 'properties') {
      text = `[java_properties]\n${text}`;
      params.section = 'java_properties';
    }
    try {
      cp.read(text, '<???>');
    } catch (err) {
      if (err instanceof DuplicateOption)
        throw lookupError(`Duplicate option in '${fileName}': ${err.message}`);
      throw err;
    }
    const section = pyStr(params.section);
    let value: unknown;
    try {
      // ini's `re` is taken as given: an inline re=false is a true (non-empty) string.
      if (params.re !== false && params.re !== '' && params.re !== null && params.re !== 0) {
        const re = new RegExp(`^(?:${pyStr(key)})`);
        value = cp
          .items(section)
          .filter(([k]) => re.test(k))
          .map(([, v]) => v);
      } else {
        const found = cp.get(section, pyStr(key));
        value = found === undefined ? params.default : found;
      }
    } catch (err) {
      if (err instanceof NoSection) throw lookupError(`No section '${section}' in ${fileName}`);
      throw err;
    }
    if (Array.isArray(value)) appendAll(out, value);
    else if (value !== null && value !== undefined) out.push(value);
  }
  return out;
};

/** Python's csv.reader (excel dialect) over the whole text. */
function csvRows(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let atStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
      continue;
    }
    if (c === '"' && atStart) {
      quoted = true;
      atStart = false;
    } else if (c === delimiter) {
      row.push(field);
      field = '';
      atStart = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      atStart = true;
    } else {
      field += c;
      atStart = false;
    }
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const CSV_DEFAULTS: Record<string, unknown> = {
  col: '1',
  default: null,
  delimiter: 'TAB',
  file: 'ansible.csv',
  encoding: 'utf-8',
};

export const csvfile: LookupPlugin = (terms, kwargs, ctx) => {
  const params: Record<string, unknown> = { ...CSV_DEFAULTS, ...kwargs };
  const out: unknown[] = [];
  for (const term of terms) {
    const kv = parseKv(pyStr(term));
    if (!('_raw_params' in kv)) throw ansibleError('Search key is required but was not found');
    for (const [name, value] of Object.entries(kv)) {
      if (name === '_raw_params') continue;
      if (!(name in params)) throw ansibleError(`${name} is not a valid option`);
      params[name] = value;
    }
    if (params.delimiter === 'TAB') params.delimiter = '\t';
    const found = resolveSearchPath(pyStr(params.file), ctx.state.searchPath, 'files');
    let value: unknown = params.default;
    try {
      if (!found) throw new Error("[Errno 2] No such file or directory: b'None'");
      const delimiter = pyStr(params.delimiter);
      if (delimiter.length !== 1) throw new Error('"delimiter" must be a 1-character string');
      const col = Number.parseInt(pyStr(params.col), 10);
      if (Number.isNaN(col))
        throw new Error(`invalid literal for int() with base 10: ${pyRepr(pyStr(params.col))}`);
      for (const row of csvRows(decodeBytes(readFileSync(found), pyStr(params.encoding)), delimiter)) {
        if (row.length && row[0] === kv._raw_params) {
          const index = col < 0 ? row.length + col : col;
          if (index < 0 || index >= row.length) throw new Error('list index out of range');
          value = row[index];
          break;
        }
      }
    } catch (err) {
      throw ansibleError(`csvfile: ${(err as Error).message}`);
    }
    if (value !== null && value !== undefined) out.push(value);
  }
  return out;
};

/** The lookups of this file, by Ansible name (assembled in ../registry.ts). */
export const lookups: Readonly<Record<string, LookupPlugin>> = { csvfile, ini };
