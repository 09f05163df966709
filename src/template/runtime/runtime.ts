/**
 * The runtime our compiled templates call into: nunjucks' own runtime with variable
 * lookup, attribute access, output and error handling replaced by Ansible semantics.
 * It is passed to each compiled root function, so nunjucks' module stays untouched.
 */
import { FlotillaError } from '../../errors/index.js';
import { pyFloat } from '../../python/float.js';
import { pyStr } from '../../python/repr.js';
import { AnsibleUndefined, undefinedVariable } from '../../python/undefined.js';
import {
  HOSTVARS_CLASS,
  isMapping,
  mappingTypeRepr,
  pyContains,
  pyIterable,
  pyTruthy,
  pyTuple,
  pyTypeName,
} from '../../python/values.js';
import { njLib, njRuntime } from '../syntax/nunjucks-internals.js';
import type { CallContext, Kwargs } from './define.js';
import { FastFrame } from './frame.js';
import type { Invoker } from './invoke.js';
import { pyAdd, pyCompareChain, pyDiv, pyFloorDiv, pyMod, pyMul, pyPow, pySub } from './operators.js';
import { pythonMethod } from './python-methods.js';
import type { Scope } from './scope.js';

/** Per-render state, reachable from filters, tests and lookups as `this.state`. */
export interface RenderState {
  scope: Scope;
  /** Directories that relative lookup/include paths are resolved against, in order. */
  searchPath: string[];
  /** Set once the render read unsafe data (unsafe.ts): what it produces is unsafe. */
  unsafe?: boolean;
  /**
   * Texts a lookup returned as NativeJinjaText (template with convert_data=False): a sole
   * `{{ expr }}` giving one of them is not turned into a list or dict (ansible_eval_concat).
   */
  nativeTexts?: Set<string>;
}

/** The `env` compiled code calls: filters, tests, globals, includes. */
export interface EngineEnv {
  opts: { autoescape: false };
  globals: Record<string, unknown>;
  filterInvokers: Record<string, Invoker>;
  testInvokers: Record<string, Invoker<boolean>>;
  callFilter(
    name: string,
    value: unknown,
    args: unknown[],
    kwargs: Kwargs | undefined,
    ctx: RenderContext,
  ): unknown;
  callTest(
    name: string,
    value: unknown,
    args: unknown[],
    kwargs: Kwargs | undefined,
    ctx: RenderContext,
  ): boolean;
  include(context: RenderContext, frame: unknown, name: unknown, ignoreMissing: boolean): string;
}

/**
 * What compiled code expects of `context`; `{% set %}` at top level writes to `ctx`.
 * Filters, tests and lookups are called with it as `this`.
 */
export class RenderContext implements CallContext {
  readonly ctx: Record<string, unknown> = {};
  readonly exported: string[] = [];
  readonly blocks: Record<string, unknown[]> = {};

  constructor(
    readonly env: EngineEnv,
    readonly state: RenderState,
  ) {}

  callFilter(name: string, value: unknown, args: unknown[], kwargs?: Kwargs): unknown {
    return this.env.callFilter(name, value, args, kwargs, this);
  }

  callTest(name: string, value: unknown, args: unknown[], kwargs?: Kwargs): boolean {
    return this.env.callTest(name, value, args, kwargs, this);
  }

  lookup(name: string): unknown {
    if (Object.hasOwn(this.ctx, name)) return this.ctx[name];
    if (this.state.scope.has(name)) return this.state.scope.get(name);
    if (name in this.env.globals) return this.env.globals[name];
    return undefined;
  }

  setVariable(name: string, value: unknown): void {
    this.ctx[name] = value;
  }

  getVariables(): Record<string, unknown> {
    return this.ctx;
  }

  addExport(name: string): void {
    this.exported.push(name);
  }

  getBlock(name: string): never {
    throw new FlotillaError('FLT_TEMPLATE_SYNTAX', `template blocks are not supported (block '${name}')`);
  }
}

function contextOrFrameLookup(context: RenderContext, frame: { lookup(n: string): unknown }, name: string) {
  const local = frame.lookup(name);
  if (local !== undefined) return local;
  const value = context.lookup(name);
  return value === undefined ? undefinedVariable(name) : value;
}

function indexOf(length: number, key: number): number {
  return key < 0 ? length + key : key;
}

/** `obj.key` and `obj[key]`: Jinja's getattr/getitem with Ansible's error texts. */
export function memberLookup(obj: unknown, key: unknown): unknown {
  if (obj instanceof AnsibleUndefined) return obj;
  if (key instanceof AnsibleUndefined) key.fail();
  if (obj === null || obj === undefined) {
    return new AnsibleUndefined(`'None' has no attribute '${pyStr(key)}'`, pyStr(key), null);
  }
  if (typeof obj === 'string' || Array.isArray(obj)) {
    if (typeof key === 'number') {
      const value = obj[indexOf(obj.length, key)];
      if (value !== undefined) return value;
      return new AnsibleUndefined(`${pyTypeName(obj)} object has no element ${key}`, undefined, obj);
    }
    const method = pythonMethod(obj, String(key));
    if (method) return method;
    return new AnsibleUndefined(
      `'${pyTypeName(obj)} object' has no attribute '${pyStr(key)}'`,
      pyStr(key),
      obj,
    );
  }
  if (isMapping(obj)) {
    const name = String(key);
    const value = obj[name];
    // Inherited members (toString, constructor) are not dict keys.
    if (value !== undefined && (typeof value !== 'function' || Object.hasOwn(obj, name))) return value;
    const method = pythonMethod(obj, name);
    if (method) return method;
    if (Object.hasOwn(obj, name)) return null;
    const cls = mappingTypeRepr(obj);
    // HostVars.__getitem__: an unknown host is an undefined named after the lookup
    if (cls === HOSTVARS_CLASS) return new AnsibleUndefined(`"hostvars['${name}']" is undefined`);
    return new AnsibleUndefined(`'${cls} object' has no attribute '${name}'`, name, obj);
  }
  const value = (obj as Record<string, unknown>)[String(key)];
  if (typeof value === 'function') return value.bind(obj);
  if (value !== undefined) return value;
  return new AnsibleUndefined(`'${pyTypeName(obj)} object' has no attribute '${pyStr(key)}'`);
}

function callWrap(fn: unknown, name: string, context: RenderContext, args: unknown[]): unknown {
  if (fn instanceof AnsibleUndefined) fn.fail();
  if (typeof fn !== 'function') {
    throw new FlotillaError('FLT_TEMPLATE_TYPE', `'${pyTypeName(fn)}' object is not callable (${name})`);
  }
  return fn.apply(context, args);
}

/** Python's `f(*value)`. */
function starArgs(value: unknown): unknown[] {
  if (value instanceof AnsibleUndefined) value.fail();
  if (!(typeof value === 'string' || Array.isArray(value) || isMapping(value)))
    throw new FlotillaError(
      'FLT_TEMPLATE_TYPE',
      `Value after * must be an iterable, not ${pyTypeName(value)}`,
    );
  return pyIterable(value);
}

const CALL = 'ansible.template.AnsibleContext.call()';

/** Python's `f(k=v, **value)`: the merged keywords as nunjucks' keyword object, or nothing. */
function starKwargs(keywords: Record<string, unknown> | null, value: unknown): unknown[] {
  if (value instanceof AnsibleUndefined) value.fail();
  if (!isMapping(value))
    throw new FlotillaError(
      'FLT_TEMPLATE_TYPE',
      `${CALL} argument after ** must be a mapping, not ${pyTypeName(value)}`,
    );
  const merged: Record<string, unknown> = { ...(keywords ?? {}) };
  delete merged.__keywords;
  for (const [k, v] of Object.entries(value)) {
    if (Object.hasOwn(merged, k))
      throw new FlotillaError('FLT_TEMPLATE_TYPE', `${CALL} got multiple values for keyword argument '${k}'`);
    merged[k] = v;
  }
  return Object.keys(merged).length ? [njRuntime.makeKeywordArgs(merged)] : [];
}

function handleError(error: unknown, lineno: number, colno: number): unknown {
  if (error instanceof FlotillaError) return error;
  if (error && typeof error === 'object' && 'lineno' in error && (error as { lineno?: number }).lineno) {
    return error;
  }
  return new njLib.TemplateError(error, lineno, colno);
}

/** `for x in value`: dicts iterate keys (two loop names keep nunjucks' key/value pairs). */
function iterate(value: unknown, names: number): unknown {
  if (value === null || value === undefined) pyIterable(value);
  if (names > 1 && isMapping(value)) return value;
  return pyIterable(value);
}

function pySlice(target: unknown, start: unknown, stop: unknown, step: unknown): unknown {
  if (target instanceof AnsibleUndefined) target.fail();
  const seq = typeof target === 'string' ? Array.from(target) : pyIterable(target);
  const n = seq.length;
  const st = step === null ? 1 : Number(step);
  const norm = (v: unknown, dflt: number) => {
    if (v === null) return dflt;
    const i = Number(v);
    return i < 0 ? Math.max(i + n, st < 0 ? -1 : 0) : Math.min(i, st < 0 ? n - 1 : n);
  };
  const out: unknown[] = [];
  if (st > 0) for (let i = norm(start, 0); i < norm(stop, n); i += st) out.push(seq[i]);
  else for (let i = norm(start, n - 1); i > norm(stop, -1); i += st) out.push(seq[i]);
  return typeof target === 'string' ? out.join('') : out;
}

/** A dict from `[key, value]` pairs; `__proto__` is an ordinary key, as in Python. */
function makeDict(pairs: [unknown, unknown][]): Record<string, unknown> {
  const dict: Record<string, unknown> = {};
  for (const [key, value] of pairs) {
    const name = pyStr(key);
    if (name === '__proto__') {
      Object.defineProperty(dict, name, { value, enumerable: true, writable: true, configurable: true });
    } else dict[name] = value;
  }
  return dict;
}

const NAMESPACE = Symbol('jinja namespace');

/** Jinja's namespace(): a dict whose attributes `{% set ns.x = ... %}` may assign. */
export function namespace(...args: unknown[]): Record<string, unknown> {
  const ns: Record<string, unknown> = {};
  for (const arg of args) {
    if (isMapping(arg)) {
      for (const key of Object.keys(arg)) if (key !== '__keywords') ns[key] = arg[key];
    }
  }
  Object.defineProperty(ns, NAMESPACE, { value: true });
  return ns;
}

function setAttribute(target: unknown, name: unknown, value: unknown): void {
  if (target instanceof AnsibleUndefined) target.fail();
  if (!isMapping(target) || !(NAMESPACE in target)) {
    throw new FlotillaError('FLT_TEMPLATE_SYNTAX', 'cannot assign attribute on non-namespace object');
  }
  target[pyStr(name)] = value;
}

/** The operand of a test that answers without opening a vault value (see Scope.keepSealed). */
function keepingSealed(context: RenderContext, operand: () => unknown): unknown {
  const scope = context.state.scope;
  scope.keepSealed++;
  try {
    return operand();
  } finally {
    scope.keepSealed--;
  }
}

export function createRuntime(): Record<string, unknown> {
  return Object.assign(Object.create(njRuntime), {
    // Macros without an enclosing frame start from `new runtime.Frame()`.
    Frame: FastFrame,
    contextOrFrameLookup,
    memberLookup,
    keepingSealed,
    callWrap,
    starArgs,
    starKwargs,
    handleError,
    // Ansible's finalize: None prints as ''.
    suppressValue: (value: unknown) =>
      typeof value === 'string' ? value : value === null || value === undefined ? '' : pyStr(value),
    truthy: pyTruthy,
    or: (a: unknown, b: () => unknown) => (pyTruthy(a) ? a : b()),
    and: (a: unknown, b: () => unknown) => (pyTruthy(a) ? b() : a),
    inOperator: (item: unknown, container: unknown) => pyContains(container, item),
    add: pyAdd,
    sub: pySub,
    mul: pyMul,
    div: pyDiv,
    floorDiv: pyFloorDiv,
    mod: pyMod,
    pow: pyPow,
    concat: (a: unknown, b: unknown) => pyStr(a) + pyStr(b),
    compare: pyCompareChain,
    iterate,
    // a block's scope: the template's top level, not the loops around it (see compileBlock)
    topFrame: (frame: { parent?: unknown }) => {
      let top = frame;
      while (top.parent) top = top.parent as { parent?: unknown };
      return top;
    },
    slice: pySlice,
    makeDict,
    noArgs: Object.freeze([]),
    // A whole float literal (`2.0`) stays a float: see float.ts.
    wholeFloat: pyFloat,
    tuple: pyTuple,
    neg: (x: unknown) => (x instanceof Number ? pyFloat(-x.valueOf()) : -(x as number)),
    setAttribute,
  });
}
