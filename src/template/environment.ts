/**
 * The per-Templar Jinja environment (Jinja's Environment; the executor's TemplateEngine is the
 * interface a task sees, a different thing): compiled-template cache, filter/test dispatch,
 * globals, includes, and running compiled code with our runtime.
 */
import { readFileSync } from 'node:fs';
import { FlotillaError } from '../errors/index.js';
import { pyStr } from '../python/repr.js';
import { AnsibleUndefined, assertDefinedDeep } from '../python/undefined.js';
import { pyIterable, pyTruthy, pyTypeName } from '../python/values.js';
import { nowDateTime } from './plugins/filters/datetime.js';
import { createLookupGlobals, resolveSearchPath } from './plugins/lookups/run.js';
import { FILTERS, TESTS } from './plugins/registry.js';
import { hasPythonPlugin, type PluginKind, PluginNames, pythonPluginDef } from './python-plugins/index.js';
import { type FilterDef, isKeywords, type Kwargs, type TestDef } from './runtime/define.js';
import { FastFrame } from './runtime/frame.js';
import { type Invoker, makeInvoker, makeInvokers } from './runtime/invoke.js';
import { LruCache } from './runtime/lru.js';
import { MAX_REPEAT_SIZE } from './runtime/operators.js';
import { typedExpression, typedText } from './runtime/result-typing.js';
import {
  createRuntime,
  type EngineEnv,
  namespace,
  RenderContext,
  type RenderState,
} from './runtime/runtime.js';
import { plainViews } from './runtime/scope.js';
import {
  type CompiledExpression,
  type CompiledTemplate,
  compileBareExpression,
  compileSource,
  couldNotLoadText,
  type KnownNames,
  type SyntaxOptions,
} from './syntax/compiler.js';

type Compiled = CompiledTemplate | CompiledExpression;

function trailingNewlines(s: string): number {
  let n = 0;
  while (n < s.length && s[s.length - 1 - n] === '\n') n++;
  return n;
}

/**
 * Ansible's preserve_trailing_newlines: newlines that ended the source and that Jinja
 * dropped (trim_blocks after a final tag, keep_trailing_newline off) are put back.
 */
function withTrailingNewlines(result: string, source: string): string {
  if (source.charCodeAt(source.length - 1) !== 10) return result;
  const missing = trailingNewlines(source) - trailingNewlines(result);
  return missing > 0 ? result + '\n'.repeat(missing) : result;
}

function withoutFinalNewline(source: string): string {
  if (source.endsWith('\r\n')) return source.slice(0, -2);
  return source.endsWith('\n') || source.endsWith('\r') ? source.slice(0, -1) : source;
}

const TYPE_ERROR_PREFIX = 'Unexpected templating type error occurred on (';

/** Python TypeErrors while rendering, in Ansible's words (do_template), once. */
function typeErrorInTemplate(err: unknown, source: string): unknown {
  if (!(err instanceof FlotillaError) || err.code !== 'FLT_TEMPLATE_TYPE') return err;
  if (err.message.startsWith(TYPE_ERROR_PREFIX)) return err;
  return new FlotillaError(err.code, `${TYPE_ERROR_PREFIX}${source}): ${err.message}. ${err.message}`, {
    hint: err.hint,
    cause: err,
  });
}

/** Positionals plus nunjucks' keyword object, as a compiled call site passes them. */
function withKeywords(args: unknown[], kwargs: Kwargs | undefined): unknown[] {
  return kwargs ? [...args, { ...kwargs, __keywords: true }] : args;
}

/** range()'s argument as Python's __index__ takes it: an int (or bool), else a TypeError. */
function rangeInt(value: unknown): number {
  if (value instanceof AnsibleUndefined) value.fail();
  if (typeof value === 'boolean') return Number(value);
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  throw new FlotillaError(
    'FLT_TEMPLATE_TYPE',
    `'${pyTypeName(value)}' object cannot be interpreted as an integer`,
  );
}

function pyRange(...raw: unknown[]): number[] {
  if (raw.length && isKeywords(raw[raw.length - 1]))
    throw new FlotillaError('FLT_TEMPLATE_TYPE', 'range() takes no keyword arguments');
  if (raw.length === 0 || raw.length > 3)
    throw new FlotillaError(
      'FLT_TEMPLATE_TYPE',
      `range expected at ${raw.length ? 'most 3 arguments' : 'least 1 argument'}, got ${raw.length}`,
    );
  const [start, stop, step = 1] = raw.map(rangeInt);
  const [a, b] = stop === undefined ? [0, start] : [start, stop];
  if (step === 0) throw new FlotillaError('FLT_TEMPLATE_ERROR', 'ValueError: range() arg 3 must not be zero');
  // Python's range is lazy; ours is a list, so a huge one is a MemoryError, not a V8 crash.
  const count = Math.ceil((b - a) / step);
  if (count > MAX_REPEAT_SIZE) {
    throw new FlotillaError('FLT_TEMPLATE_MEMORY', `MemoryError: range() of ${count} numbers`, {
      hint: `at most ${MAX_REPEAT_SIZE} numbers; loop over a smaller range`,
    });
  }
  const out: number[] = [];
  for (let i = a; step > 0 ? i < b : i > b; i += step) out.push(i);
  return out;
}

/** Also answers to `ansible.builtin.x` and `ansible.legacy.x`. */
function withBuiltinPrefix<T>(defs: Record<string, T>): Record<string, T> {
  const out = { ...defs };
  for (const [name, d] of Object.entries(defs)) {
    out[`ansible.builtin.${name}`] = d;
    out[`ansible.legacy.${name}`] = d;
  }
  return out;
}

export interface EnvironmentOptions {
  cacheSize: number;
  omitToken: string;
}

export class JinjaEnvironment implements EngineEnv {
  readonly opts = { autoescape: false as const };
  readonly globals: Record<string, unknown>;
  private readonly runtime = createRuntime();
  private readonly cache: LruCache<string, Compiled>;
  private readonly known: KnownNames;
  /** What compiled call sites (`x | f(a)`, `x is t`) and filters like map/select call. */
  readonly filterInvokers: Record<string, Invoker>;
  readonly testInvokers: Record<string, Invoker<boolean>>;

  constructor(
    options: EnvironmentOptions,
    baseFilters: Readonly<Record<string, FilterDef>> = FILTERS,
    baseTests: Readonly<Record<string, TestDef>> = TESTS,
  ) {
    const filters = withBuiltinPrefix(baseFilters);
    const tests = withBuiltinPrefix(baseTests);
    this.cache = new LruCache(options.cacheSize);
    this.filterInvokers = makeInvokers('filter', filters);
    this.testInvokers = makeInvokers('test', tests);
    this.known = {
      filters: new PluginNames(Object.keys(filters), (name) =>
        this.adoptPythonPlugin('filter', name, this.filterInvokers),
      ),
      tests: new PluginNames(Object.keys(tests), (name) =>
        this.adoptPythonPlugin('test', name, this.testInvokers as Record<string, Invoker>),
      ),
    };
    this.globals = {
      omit: options.omitToken,
      range: pyRange,
      namespace,
      // Jinja's other default globals; lipsum's text is random in Jinja too.
      lipsum: () => 'Lorem ipsum dolor sit amet.',
      joiner: (sep = ', ') => {
        let used = false;
        return () => {
          if (used) return sep;
          used = true;
          return '';
        };
      },
      cycler: (...items: unknown[]) => {
        let i = 0;
        const c = {
          get current() {
            return items[i];
          },
          next: () => {
            const value = items[i];
            i = (i + 1) % items.length;
            return value;
          },
          reset: () => {
            i = 0;
          },
        };
        return c;
      },
      dict: (...args: unknown[]) => {
        const out: Record<string, unknown> = {};
        for (const arg of args) {
          if (arg && typeof arg === 'object' && '__keywords' in arg) Object.assign(out, arg);
          else
            for (const pair of pyIterable(arg)) out[pyStr((pair as unknown[])[0])] = (pair as unknown[])[1];
        }
        delete out.__keywords;
        return out;
      },
      // Ansible's now(utc=False, fmt=None): datetime.now()/utcnow(), or its strftime(fmt).
      now: (...args: unknown[]) => {
        const last = args[args.length - 1];
        const kw = isKeywords(last) ? (args.pop() as Kwargs) : {};
        const [utc = kw.utc ?? false, fmt = kw.fmt ?? null] = args;
        const now = nowDateTime(pyTruthy(utc));
        return fmt === null || fmt === undefined ? now : now.strftime(fmt);
      },
      ...createLookupGlobals({
        renderTemplateText: (text, state, _file, options = {}) =>
          this.renderIn(
            text,
            state,
            { trimBlocks: true, lstripBlocks: false, tags: options.tags },
            options.convertData ?? false,
          ),
      }),
    };
  }

  /** A plugin ansible-core has and flotilla does not, made callable like the native ones. */
  private adoptPythonPlugin(kind: PluginKind, name: string, invokers: Record<string, Invoker>): boolean {
    if (!hasPythonPlugin(kind, name)) return false;
    invokers[name] = makeInvoker(kind, name, pythonPluginDef(kind, name));
    return true;
  }

  /**
   * A filter by name for filters that take another filter's name (map); an unknown name
   * raises Jinja's TemplateSyntaxError as it is, at render time (FLT_TEMPLATE_PLUGIN).
   */
  filterInvoker(name: string): Invoker {
    const invoker = this.known.filters.has(name) ? this.filterInvokers[name] : undefined;
    if (!invoker) throw new FlotillaError('FLT_TEMPLATE_PLUGIN', couldNotLoadText(name));
    return invoker;
  }

  testInvoker(name: string): Invoker<boolean> {
    const invoker = this.known.tests.has(name) ? this.testInvokers[name] : undefined;
    if (!invoker) throw new FlotillaError('FLT_TEMPLATE_PLUGIN', couldNotLoadText(name));
    return invoker;
  }

  callFilter(
    name: string,
    value: unknown,
    args: unknown[],
    kwargs: Kwargs | undefined,
    ctx: RenderContext,
  ): unknown {
    return this.filterInvoker(name)(ctx, value, withKeywords(args, kwargs));
  }

  callTest(
    name: string,
    value: unknown,
    args: unknown[],
    kwargs: Kwargs | undefined,
    ctx: RenderContext,
  ): boolean {
    return this.testInvoker(name)(ctx, value, withKeywords(args, kwargs)) === true;
  }

  include(context: RenderContext, _frame: unknown, name: unknown, ignoreMissing: boolean): string {
    const file = resolveSearchPath(pyStr(name), context.state.searchPath, 'templates');
    if (!file) {
      if (ignoreMissing) return '';
      throw new FlotillaError('FLT_TEMPLATE_NOT_FOUND', `template not found: ${pyStr(name)}`, {
        hint: `searched in ${context.state.searchPath.join(', ') || 'the current directory'}`,
      });
    }
    // An include is part of its parent: Ansible's newline preservation does not apply.
    return pyStr(
      this.renderIn(
        readFileSync(file, 'utf8'),
        context.state,
        { trimBlocks: true, lstripBlocks: false },
        false,
        false,
      ),
    );
  }

  /** Compiles `source` (cached); `original` is the text as written, for error messages. */
  private compile(source: string, syntax: SyntaxOptions, native: boolean, original = source): Compiled {
    const tags = syntax.tags ? JSON.stringify(syntax.tags) : '';
    const key = `${syntax.trimBlocks ? 1 : 0}${syntax.lstripBlocks ? 1 : 0}${syntax.rawStringsInVariables ? 1 : 0}${native ? 1 : 0}${tags}\0${source}`;
    let compiled = this.cache.get(key);
    if (!compiled) {
      compiled = compileSource(source, syntax, this.known, native, original);
      this.cache.set(key, compiled);
    }
    return compiled;
  }

  private compileExpression(expression: string, syntax: SyntaxOptions): CompiledExpression {
    const key = `E${expression}`;
    let compiled = this.cache.get(key) as CompiledExpression | undefined;
    if (!compiled) {
      compiled = compileBareExpression(expression, syntax, this.known);
      this.cache.set(key, compiled);
    }
    return compiled;
  }

  private newFrame() {
    const frame = new FastFrame();
    frame.topLevel = true;
    return frame;
  }

  /**
   * Renders a template string. `native` gives Ansible's typed result (result-typing.ts):
   * a sole `{{ expr }}` may return a list, dict, bool; other results are text unless
   * they read as a Python list/dict/bool literal. Without `native`, a string.
   */
  renderIn(
    source: string,
    state: RenderState,
    syntax: SyntaxOptions,
    native: boolean,
    preserveTrailingNewlines = true,
  ): unknown {
    // Jinja's keep_trailing_newline=False: a text template loses one final newline (Ansible's
    // preservation below may put it back); typed expressions have their own rule (shapeOf).
    const compiled = this.compile(native ? source : withoutFinalNewline(source), syntax, native, source);
    let result: unknown;
    try {
      result = this.run(compiled, state, native, preserveTrailingNewlines ? source : undefined);
    } catch (err) {
      throw typeErrorInTemplate(err, source);
    }
    return result;
  }

  private run(compiled: Compiled, state: RenderState, native: boolean, source?: string): unknown {
    const context = new RenderContext(this, state);
    if (compiled.kind === 'expression') {
      const value = plainViews(compiled.evaluate(this, context, this.newFrame(), this.runtime));
      assertDefinedDeep(value);
      if (typeof value === 'string' && state.nativeTexts?.has(value)) return value;
      return typedExpression(value, compiled.shape);
    }
    let result: string | undefined;
    let failure: unknown;
    compiled.root(this, context, this.newFrame(), this.runtime, (err, res) => {
      failure = err;
      result = res;
    });
    if (failure) throw failure;
    if (source !== undefined) result = withTrailingNewlines(result as string, source);
    return native ? typedText(result as string) : result;
  }

  evaluateIn(expression: string, state: RenderState, syntax: SyntaxOptions): unknown {
    const compiled = this.compileExpression(expression, syntax);
    const value = plainViews(
      compiled.evaluate(this, new RenderContext(this, state), this.newFrame(), this.runtime),
    );
    assertDefinedDeep(value);
    return value;
  }
}
