/**
 * How filters and tests are declared: Python-style parameter names so keyword arguments
 * (`sort(attribute='x')`, nunjucks' trailing `__keywords` object) bind like Python's.
 */
import { FlotillaError } from '../../errors/index.js';
import { AnsibleUndefined } from '../../python/undefined.js';
import type { RenderState } from './runtime.js';

export type Kwargs = Record<string, unknown>;

/** What a filter or test can reach besides its arguments. */
export interface CallContext {
  state: RenderState;
  callFilter(name: string, value: unknown, args: unknown[], kwargs?: Kwargs): unknown;
  callTest(name: string, value: unknown, args: unknown[], kwargs?: Kwargs): boolean;
}

export interface FunctionDef<R> {
  /** Parameter names after the value, in order; `*` marks where extra positionals start. */
  params: string[];
  fn: (value: any, args: any[], kwargs: Kwargs, ctx: CallContext) => R;
  /** Accepts undefined input/arguments (default, defined tests). */
  allowUndefined?: boolean;
  /** Keeps keyword arguments that match no parameter in `kwargs` instead of failing. */
  extraKeywords?: boolean;
}

export type FilterDef = FunctionDef<unknown>;
export type TestDef = FunctionDef<boolean>;

export function def<R>(
  params: string[],
  fn: FunctionDef<R>['fn'],
  options: Pick<FunctionDef<R>, 'allowUndefined' | 'extraKeywords'> = {},
): FunctionDef<R> {
  return { params, fn, ...options };
}

export function isKeywords(value: unknown): value is Kwargs {
  return value !== null && typeof value === 'object' && Object.hasOwn(value, '__keywords');
}

/** Splits nunjucks' raw arguments into positionals (named params filled in) and kwargs. */
export function bindArguments(kind: string, name: string, d: FunctionDef<unknown>, raw: unknown[]) {
  const last = raw[raw.length - 1];
  const args = isKeywords(last) ? raw.slice(0, -1) : [...raw];
  const kwargs: Kwargs = {};
  if (isKeywords(last)) {
    for (const key of Object.keys(last)) {
      if (key === '__keywords') continue;
      const index = d.params.indexOf(key);
      if (index >= 0) {
        while (args.length < index) args.push(undefined);
        args[index] = last[key];
      } else if (d.extraKeywords) {
        kwargs[key] = last[key];
      } else {
        throw new FlotillaError(
          'FLT_TEMPLATE_ARGUMENT',
          `${kind} '${name}' got an unexpected keyword argument '${key}'`,
          {
            hint: d.params.length ? `it accepts: ${d.params.join(', ')}` : `it takes no keyword arguments`,
          },
        );
      }
    }
  }
  return { args, kwargs };
}

export function checkDefined(d: FunctionDef<unknown>, value: unknown, args: unknown[]): void {
  if (d.allowUndefined) return;
  if (value instanceof AnsibleUndefined) value.fail();
  for (const arg of args) if (arg instanceof AnsibleUndefined) arg.fail();
}

export function filterError(name: string, message: string): FlotillaError {
  return new FlotillaError('FLT_TEMPLATE_FILTER', `${name}: ${message}`);
}
