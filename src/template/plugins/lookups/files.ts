/** Lookups that read controller files: file, fileglob, first_found, template, unvault. */
import { opendirSync, statSync } from 'node:fs';
import path from 'node:path';
import { appendAll } from '../../../collections/append-all.js';
import { FlotillaError } from '../../../errors/index.js';
import { pyStr } from '../../../python/repr.js';
import { isMapping } from '../../../python/values.js';
import { fnmatchToRegExp } from '../../../text/fnmatch.js';
import { readControllerText } from '../../../vault/secrets.js';
import type { RenderState } from '../../runtime/runtime.js';
import type { Scope } from '../../runtime/scope.js';
import { templateWarning } from '../../runtime/warnings.js';
import type { Delimiters } from '../../syntax/compiler.js';
import { ansibleTemplateVars } from '../template-vars.js';
import {
  ansibleError,
  iterate,
  type LookupContext,
  LookupFailure,
  type LookupPlugin,
  lookupError,
  optionBool,
  optionList,
  optionsError,
} from './plugin.js';
import { resolveSearchPath } from './search-path.js';

/** find_file_in_search_path; unless `ignoreMissing`, a miss warns as Ansible's does. */
function find(ctx: LookupContext, subdir: string, name: string, ignoreMissing = false): string | undefined {
  const found = resolveSearchPath(name, ctx.state.searchPath, subdir);
  if (!found && !ignoreMissing)
    templateWarning(`Unable to find '${name}' in expected paths (use -vvvvv to see paths)`);
  return found;
}

export const file: LookupPlugin = (terms, kwargs, ctx) =>
  terms.map((term) => {
    const found = find(ctx, 'files', pyStr(term));
    if (!found) throw ansibleError(`could not locate file in lookup: ${pyStr(term)}`);
    let text = readControllerText(found);
    if (optionBool(kwargs.lstrip ?? false)) text = text.trimStart();
    if (optionBool(kwargs.rstrip ?? true)) text = text.trimEnd();
    return text;
  });

export const unvault: LookupPlugin = (terms, _kwargs, ctx) =>
  terms.map((term) => {
    const found = find(ctx, 'files', pyStr(term));
    if (!found)
      throw new LookupFailure(
        `Unable to find file matching "${pyStr(term)}" `,
        'ansible.errors.AnsibleParserError',
      );
    return readControllerText(found);
  });

/** The render state with extra variables over the current ones (they are values: no templating). */
function overlayState(state: RenderState, extra: Record<string, unknown>, searchPath: string[]): RenderState {
  const base = state.scope;
  const scope = Object.create(base) as Scope;
  scope.has = (name) => Object.hasOwn(extra, name) || base.has(name);
  scope.get = (name) => (Object.hasOwn(extra, name) ? extra[name] : base.get(name));
  scope.names = () => [...new Set([...base.names(), ...Object.keys(extra)])];
  return { ...state, scope, searchPath };
}

/** The template lookup's delimiter options, as nunjucks' lexer names them. */
const DELIMITER_OPTIONS: Record<string, keyof Delimiters> = {
  variable_start_string: 'variableStart',
  variable_end_string: 'variableEnd',
  comment_start_string: 'commentStart',
  comment_end_string: 'commentEnd',
};

/** The delimiters given (set_temporary_context ignores None), or undefined for Jinja's own. */
function delimitersOf(kwargs: Record<string, unknown>): Delimiters | undefined {
  const tags: Delimiters = {};
  for (const [option, tag] of Object.entries(DELIMITER_OPTIONS)) {
    const value = kwargs[option];
    if (value !== undefined && value !== null) tags[tag] = pyStr(value);
  }
  return Object.keys(tags).length ? tags : undefined;
}

/** is_possibly_template with the lookup's delimiters: text without any is returned as it is. */
function hasTemplateMarkers(text: string, tags: Delimiters | undefined): boolean {
  const starts = ['{%', tags?.variableStart ?? '{{', tags?.commentStart ?? '{#'];
  return starts.some((s) => s !== '' && text.includes(s));
}

/** template_vars must be a dict (set_options' type check), else AnsibleOptionsError. */
function templateVars(value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (isMapping(value)) return value;
  throw optionsError(
    `Invalid type for configuration option plugin_type: lookup plugin: template setting: template_vars (from Direct): Invalid type provided for "dictionary": ${pyStr(value)}`,
  );
}

/**
 * The template lookup: the file (found in templates/) rendered with the current variables,
 * generate_ansible_template_vars' template_* and ansible_managed, and `template_vars`;
 * includes are searched next to the file first. variable_/comment_ start and end strings
 * change the delimiters; convert_data=False keeps the text from becoming a list or dict
 * (here, and in the template that called the lookup: NativeJinjaText). jinja2_native only
 * matters when Ansible's global jinja2_native is on, which flotilla does not support.
 */
export const template: LookupPlugin = (terms, kwargs, ctx) => {
  const tags = delimitersOf(kwargs);
  const convertData = optionBool(kwargs.convert_data ?? true);
  const lookupVars = templateVars(kwargs.template_vars);
  return terms.map((term) => {
    const found = find(ctx, 'templates', pyStr(term));
    if (!found) throw ansibleError(`the template file ${pyStr(term)} could not be found for the lookup`);
    const extra: Record<string, unknown> = {
      ...ansibleTemplateVars(pyStr(term), found, null),
      ...lookupVars,
    };
    const state = overlayState(ctx.state, extra, [path.dirname(found), ...ctx.state.searchPath]);
    const text = readControllerText(found);
    try {
      const rendered = hasTemplateMarkers(text, tags)
        ? ctx.services.renderTemplateText(text, state, found, { tags, convertData })
        : text;
      if (!convertData && typeof rendered === 'string') {
        ctx.state.nativeTexts ??= new Set();
        ctx.state.nativeTexts.add(rendered);
      }
      return rendered;
    } catch (err) {
      // The lookup's own Templar.template re-raises an undefined variable with the original
      // attached ("m. m"); the task's templating then doubles that once more.
      if (err instanceof FlotillaError && err.code === 'FLT_TEMPLATE_UNDEFINED')
        throw new FlotillaError('FLT_TEMPLATE_UNDEFINED', `${err.message}. ${err.message}`, { cause: err });
      throw err;
    }
  });
};

/** A directory's entries in the file system's order, as Python's glob (os.scandir) lists them. */
function entriesOf(dir: string): string[] {
  const names: string[] = [];
  try {
    const handle = opendirSync(dir);
    try {
      for (let e = handle.readSync(); e; e = handle.readSync()) names.push(e.name);
    } finally {
      handle.closeSync();
    }
  } catch {
    return [];
  }
  return names;
}

const isFile = (f: string) => {
  try {
    return statSync(f).isFile();
  } catch {
    return false;
  }
};

/** glob.glob(dir/pattern) keeping files: hidden names only match a pattern starting with a dot. */
function globFiles(dir: string, pattern: string): string[] {
  if (!/[*?[]/.test(pattern)) return isFile(path.join(dir, pattern)) ? [path.join(dir, pattern)] : [];
  const re = fnmatchToRegExp(pattern);
  return entriesOf(dir)
    .filter((n) => re.test(n) && !(n.startsWith('.') && !pattern.startsWith('.')))
    .map((n) => path.join(dir, n))
    .filter(isFile);
}

export const fileglob: LookupPlugin = (terms, _kwargs, ctx) => {
  const out: string[] = [];
  for (const raw of terms) {
    const term = pyStr(raw);
    const base = path.basename(term);
    const dirs: (string | undefined)[] =
      base !== term
        ? [find(ctx, 'files', path.dirname(term))]
        : ctx.state.searchPath.flatMap((p) => [path.join(p, 'files'), p]);
    for (const dir of dirs) {
      if (!dir) continue;
      const found = globFiles(dir, base);
      if (found.length) {
        appendAll(out, found);
        break;
      }
    }
  }
  return out;
};

/** first_found's splitting of `files`/`paths` options on any of `chars`. */
function splitOn(value: unknown, chars: string): string[] {
  if (typeof value === 'string') return value.split(new RegExp(`[${chars}]`));
  return iterate(value).flatMap((v) => splitOn(v, chars));
}

interface Search {
  candidates: unknown[];
  skip: boolean;
}

function firstFoundTerms(terms: unknown[], kwargs: Record<string, unknown>, search: Search): void {
  for (const term of terms) {
    let options: Record<string, unknown>;
    if (isMapping(term)) options = term;
    else if (typeof term === 'string') options = kwargs;
    else if (Array.isArray(term)) {
      firstFoundTerms(term, kwargs, search);
      continue;
    } else
      throw lookupError(
        `Invalid term supplied, can handle string, mapping or list of strings but got: <class '${term === null ? 'NoneType' : typeof term === 'number' ? 'int' : typeof term}'> for ${pyStr(term)}`,
      );
    const files = splitOn(optionList(options.files), ',;');
    const paths = splitOn(optionList(options.paths), ',:;');
    search.skip = optionBool(options.skip ?? false);
    if (paths.length) for (const p of paths) for (const f of files) search.candidates.push(path.join(p, f));
    // Ansible replaces (not extends) the list here.
    else if (files.length) search.candidates = files;
    else search.candidates.push(term);
  }
}

export const firstFound: LookupPlugin = (terms, kwargs, ctx) => {
  const search: Search = { candidates: [], skip: false };
  firstFoundTerms(iterate(terms), kwargs, search);
  for (const candidate of search.candidates) {
    const found = find(ctx, ctx.subdir ?? 'files', pyStr(candidate), true);
    if (found) return [found];
  }
  if (search.skip) return [];
  throw lookupError('No file was found when using first_found.');
};

/** The lookups of this file, by Ansible name (assembled in ../registry.ts). */
export const lookups: Readonly<Record<string, LookupPlugin>> = {
  file,
  fileglob,
  first_found: firstFound,
  template,
  unvault,
};
