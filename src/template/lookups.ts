/**
 * lookup()/query()/q() and the lookup plugins playbooks use most: env, file, template,
 * pipe, items, vars, lines, first_found. They run on the controller (in the worker thread).
 */
import { execSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FlotillaError } from '../errors/index.js';
import { flatten } from './filters/collections.js';
import { isKeywords, type Kwargs } from './filters/define.js';
import { pyStr } from './python.js';
import type { RenderContext, RenderState } from './runtime.js';
import { AnsibleUndefined } from './undefined.js';

export interface LookupServices {
  /** Renders a template file's text with the current render's variables. */
  renderTemplateText(text: string, state: RenderState, file: string): string;
}

type LookupPlugin = (
  terms: unknown[],
  kwargs: Kwargs,
  state: RenderState,
  services: LookupServices,
) => unknown[];

/** Finds a relative path in the search path (and its files/ and templates/ subdirs). */
export function resolveSearchPath(file: string, searchPath: string[], subdir?: string): string | undefined {
  if (path.isAbsolute(file)) return existsSync(file) ? file : undefined;
  for (const dir of searchPath) {
    const candidates = subdir ? [path.join(dir, subdir, file), path.join(dir, file)] : [path.join(dir, file)];
    const found = candidates.find((c) => existsSync(c));
    if (found) return found;
  }
  return existsSync(file) ? path.resolve(file) : undefined;
}

/**
 * A plugin's AnsibleError as Templar._lookup reports it: wrapped, then (AnsibleError's
 * orig_exc) the original message once more at the end.
 */
function lookupError(plugin: string, message: string): FlotillaError {
  return new FlotillaError(
    'FLT_TEMPLATE_LOOKUP',
    `An unhandled exception occurred while running the lookup plugin '${plugin}'. Error was a <class 'ansible.errors.AnsibleError'>, original message: ${message}. ${message}`,
  );
}

function readRelative(
  plugin: string,
  term: unknown,
  state: RenderState,
  subdir: string,
): { file: string; text: string } {
  const file = resolveSearchPath(pyStr(term), state.searchPath, subdir);
  if (!file) throw lookupError(plugin, `could not locate file in lookup: ${pyStr(term)}`);
  return { file, text: readFileSync(file, 'utf8') };
}

const PLUGINS: Record<string, LookupPlugin> = {
  env: (terms, kwargs) =>
    terms.map((t) => process.env[pyStr(t)] ?? (kwargs.default === undefined ? '' : kwargs.default)),
  file: (terms, kwargs, state) =>
    terms.map((t) => {
      let text = readRelative('file', t, state, 'files').text;
      if (kwargs.rstrip ?? true) text = text.trimEnd();
      if (kwargs.lstrip) text = text.trimStart();
      return text;
    }),
  template: (terms, _kwargs, state, services) =>
    terms.map((t) => {
      const { file, text } = readRelative('template', t, state, 'templates');
      return services.renderTemplateText(text, state, file);
    }),
  pipe: (terms, _kwargs, state) =>
    terms.map((t) => {
      try {
        return execSync(pyStr(t), {
          cwd: state.searchPath[0],
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        }).trimEnd();
      } catch (err) {
        throw lookupError(
          'pipe',
          `lookup_plugin.pipe(${pyStr(t)}) returned ${(err as { status?: number }).status}`,
        );
      }
    }),
  lines: (terms, kwargs, state, services) =>
    PLUGINS.pipe(terms, kwargs, state, services).flatMap((out) => pyStr(out).split('\n')),
  items: (terms) => flatten(terms, 1, false),
  vars: (terms, kwargs, state) =>
    terms.map((t) => {
      const name = pyStr(t);
      if (state.scope.has(name)) return state.scope.get(name);
      if ('default' in kwargs) return kwargs.default;
      throw new FlotillaError('FLT_TEMPLATE_UNDEFINED', `No variable found with this name: ${name}`);
    }),
  first_found: (terms, kwargs, state) => {
    const files = flatten(terms, null, true).map(pyStr);
    const found = files
      .map((f) => resolveSearchPath(f, state.searchPath, 'files'))
      .find((f) => f !== undefined);
    if (found) return [found];
    if (kwargs.skip) return [];
    // An AnsibleLookupError: Ansible raises it as it is.
    throw new FlotillaError('FLT_TEMPLATE_LOOKUP', 'No file was found when using first_found.');
  },
};

function runLookup(
  services: LookupServices,
  context: RenderContext,
  name: unknown,
  raw: unknown[],
): unknown[] {
  const last = raw[raw.length - 1];
  const kwargs: Kwargs = isKeywords(last) ? { ...last } : {};
  delete kwargs.__keywords;
  const terms = isKeywords(last) ? raw.slice(0, -1) : raw;
  for (const t of terms) if (t instanceof AnsibleUndefined) t.fail();
  const plugin = PLUGINS[pyStr(name)];
  if (!plugin) throw new FlotillaError('FLT_TEMPLATE_LOOKUP', `lookup plugin (${pyStr(name)}) not found`);
  try {
    return plugin(terms, kwargs, context.state, services);
  } catch (err) {
    if (kwargs.errors === 'ignore' || kwargs.errors === 'warn') return [];
    throw err;
  }
}

/** The lookup/query/q globals; `this` is the render context (nunjucks calls them so). */
export function createLookupGlobals(services: LookupServices): Record<string, unknown> {
  function lookup(this: RenderContext, name: unknown, ...raw: unknown[]): unknown {
    const last = raw[raw.length - 1];
    const wantlist = isKeywords(last) && Boolean(last.wantlist);
    if (isKeywords(last)) delete last.wantlist;
    const ran = runLookup(services, this, name, raw);
    if (wantlist || ran.length === 0) return ran;
    if (ran.every((r) => typeof r === 'string')) return ran.join(',');
    return ran.length === 1 ? ran[0] : ran;
  }
  function query(this: RenderContext, name: unknown, ...raw: unknown[]): unknown[] {
    const last = raw[raw.length - 1];
    if (isKeywords(last)) delete last.wantlist;
    return runLookup(services, this, name, raw);
  }
  return { lookup, query, q: query };
}
