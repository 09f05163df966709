/**
 * Templar: Ansible's templating for one worker thread. Construct once, reuse across
 * tasks; compiled templates are cached by source (LRU). Variables are read lazily:
 * only the variables a template references are themselves rendered.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { closestMatch, FlotillaError } from '../errors/index.js';
import { pyStr } from '../python/repr.js';
import { asUnsafe, isUnsafeAt, markUnsafeSlot } from '../python/unsafe.js';
import { isMapping, pyTruthy } from '../python/values.js';
import { isSealedVault } from '../vault/sealed.js';
import { openSealedVault, readControllerText } from '../vault/secrets.js';
import { JinjaEnvironment } from './environment.js';
import { ansibleTemplateVars } from './plugins/template-vars.js';
import type { RenderState } from './runtime/runtime.js';
import {
  isTemplateString,
  Scope,
  TemplateScanCache,
  type VarsLike,
  withActiveTaint,
} from './runtime/scope.js';
import type { SyntaxOptions } from './syntax/compiler.js';
import { isJinjaTemplate } from './syntax/jinja-lexer.js';

export type { VarsLike } from './runtime/scope.js';

export interface TemplarOptions {
  /** Compiled templates kept (LRU). Default 2000. */
  cacheSize?: number;
  /** Jinja trim_blocks for render()/renderValue(); default true, as Ansible's environment sets it. */
  trimBlocks?: boolean;
  /** Jinja lstrip_blocks; default false. */
  lstripBlocks?: boolean;
  /** Fixed omit placeholder (tests); default `__omit_place_holder__<40 random hex>`. */
  omitToken?: string;
}

export interface RenderOptions {
  /** Who is templating, e.g. `task "install nginx"`; prefixed to error messages. */
  context?: string;
  /** Directories for relative lookup('file'), lookup('template') and include paths. */
  searchPath?: string[];
  /**
   * Set to true when the render read unsafe data (unsafe.ts), so the caller can keep a
   * string result unsafe; a list or dict result is returned marked unsafe anyway.
   */
  taint?: { unsafe: boolean };
}

/** The template module's Jinja options for one file (trim_blocks, lstrip_blocks). */
export interface FileRenderOptions extends RenderOptions {
  trimBlocks?: boolean;
  lstripBlocks?: boolean;
  /** The task's `src` as written (template_path; default the file). */
  templateSrc?: string;
  /** The task's `dest` (template_destpath). */
  templateDest?: string;
}

export interface ConditionalResult {
  value: boolean;
  /** Set when the condition was wrapped in {{ }} (Ansible warns about this). */
  warning?: string;
}

const UNDEFINED_NAME = /^'([\w.]+)' is undefined$/;

export class Templar {
  readonly omitToken: string;
  private readonly engine: JinjaEnvironment;
  private readonly scan = new TemplateScanCache();
  /** Strings in playbooks: Ansible's Templar.template (escape_backslashes on). */
  private readonly syntax: SyntaxOptions;
  /** Bare expressions (when:, until:): Ansible wraps them in `{% if %}`, where escapes apply. */
  private readonly expressionSyntax: SyntaxOptions;
  private readonly fileSyntax: SyntaxOptions;

  constructor(options: TemplarOptions = {}) {
    this.omitToken = options.omitToken ?? `__omit_place_holder__${randomBytes(20).toString('hex')}`;
    this.engine = new JinjaEnvironment({ cacheSize: options.cacheSize ?? 2000, omitToken: this.omitToken });
    const trimBlocks = options.trimBlocks ?? true;
    const lstripBlocks = options.lstripBlocks ?? false;
    this.syntax = { trimBlocks, lstripBlocks, rawStringsInVariables: true };
    this.expressionSyntax = { trimBlocks, lstripBlocks };
    this.fileSyntax = { trimBlocks: true, lstripBlocks: options.lstripBlocks ?? false };
  }

  /** True if the string holds `{{` or `{%` (Ansible's is_template, cheap form). */
  isTemplate(value: unknown): boolean {
    return typeof value === 'string' && isTemplateString(value);
  }

  /**
   * Renders a string. Non-templates come back unchanged; a sole `{{ expr }}` returns
   * the expression's native value (list, dict, number, bool, null); anything else a string.
   */
  render(template: string, vars: VarsLike, opts: RenderOptions = {}): unknown {
    if (isSealedVault(template))
      return this.guard(this.newState(vars, opts), opts, () => openSealedVault(template));
    if (typeof template !== 'string' || !isTemplateString(template)) return template;
    const state = this.newState(vars, opts);
    return this.finish(
      state,
      opts,
      this.guard(state, opts, () => this.engine.renderIn(template, state, this.syntax, true)),
    );
  }

  /** Like render() but always a string (Python str() of a native result). */
  renderString(template: string, vars: VarsLike, opts: RenderOptions = {}): string {
    if (isSealedVault(template))
      return this.guard(this.newState(vars, opts), opts, () => openSealedVault(template));
    if (!isTemplateString(template)) return template;
    const state = this.newState(vars, opts);
    return this.finish(
      state,
      opts,
      this.guard(state, opts, () => pyStr(this.engine.renderIn(template, state, this.syntax, false))),
    ) as string;
  }

  /**
   * Renders every string inside arrays and plain objects. Dict keys are left as they are
   * (as Ansible 2.14 does); keys whose value renders to the omit token are dropped.
   * Template-free values are returned as the same object, not copied. Values that read
   * unsafe data come back unsafe: a string's slot in the output is marked, a container
   * made from a template string is an unsafe tree (see unsafe.ts).
   */
  renderValue(value: unknown, vars: VarsLike, opts: RenderOptions = {}): unknown {
    if (!this.scan.containsTemplate(value)) return value;
    const state = this.newState(vars, opts);
    const out = this.guard(state, opts, () => this.renderValueIn(value, state));
    return typeof value === 'string' ? this.finish(state, opts, out) : out;
  }

  /** Evaluates a bare Jinja expression (`item.name | upper`) to its native value. */
  evaluate(expression: string, vars: VarsLike, opts: RenderOptions = {}): unknown {
    const state = this.newState(vars, opts);
    return this.finish(
      state,
      opts,
      this.guard(state, opts, () => this.engine.evaluateIn(expression, state, this.expressionSyntax)),
    );
  }

  /** A `when:` condition, evaluated as Ansible 2.14's Conditional does. */
  evaluateConditional(condition: unknown, vars: VarsLike, opts: RenderOptions = {}): boolean {
    return this.checkConditional(condition, vars, opts).value;
  }

  checkConditional(condition: unknown, vars: VarsLike, opts: RenderOptions = {}): ConditionalResult {
    if (condition === null || condition === undefined || condition === '') return { value: true };
    if (typeof condition === 'boolean') return { value: condition };
    if (typeof condition !== 'string') return { value: pyTruthy(condition) };
    const state = this.newState(vars, opts);
    return this.guard(state, opts, () => {
      let expression: unknown = condition;
      let warning: string | undefined;
      if (isTemplateString(condition)) {
        // Ansible warns only for text that lexes as a template (is_template), e.g. not `{{ x }`.
        if (isJinjaTemplate(condition))
          warning = `conditional statements should not include jinja2 templating delimiters such as {{ }} or {% %}. Found: ${condition}`;
        expression = this.engine.renderIn(condition, state, this.syntax, true);
        if (typeof expression !== 'string') return { value: pyTruthy(expression), warning };
        if (expression === '') return { value: false, warning };
        // Ansible's Conditional: text made from unsafe data is never evaluated as an expression.
        if (state.unsafe)
          throw new FlotillaError(
            'FLT_TEMPLATE_UNSAFE',
            'Conditional is marked as unsafe, and cannot be evaluated.',
          );
      }
      const value = pyTruthy(this.engine.evaluateIn(expression as string, state, this.expressionSyntax));
      return { value, warning };
    });
  }

  /**
   * Renders a template file as the template module does: trim_blocks on, trailing
   * newlines kept, and template_host/path/fullpath/run_date/uid and ansible_managed set.
   */
  renderFile(file: string, vars: VarsLike, opts: FileRenderOptions = {}): string {
    let text: string;
    try {
      text = readControllerText(file);
    } catch (err) {
      throw new FlotillaError(
        'FLT_TEMPLATE_NOT_FOUND',
        `could not read template ${file}: ${(err as Error).message}`,
        {
          cause: err,
        },
      );
    }
    const fullpath = path.resolve(file);
    const extras: VarsLike = ansibleTemplateVars(
      opts.templateSrc ?? file,
      fullpath,
      opts.templateDest ?? null,
    );
    const overlay = Object.assign(Object.create(vars) as VarsLike, extras);
    const searchPath = opts.searchPath ?? [path.dirname(fullpath)];
    const state = this.newState(overlay, { ...opts, searchPath });
    const header = jinjaOverrides(text);
    const syntax: SyntaxOptions = {
      trimBlocks: header.overrides.trim_blocks ?? opts.trimBlocks ?? this.fileSyntax.trimBlocks,
      lstripBlocks: header.overrides.lstrip_blocks ?? opts.lstripBlocks ?? this.fileSyntax.lstripBlocks,
    };
    return this.guard(state, opts, () => pyStr(this.engine.renderIn(header.body, state, syntax, false)));
  }

  private newState(vars: VarsLike, opts: RenderOptions): RenderState {
    const state = { searchPath: opts.searchPath ?? [] } as RenderState;
    state.scope = new Scope(vars, (raw) => this.renderValueIn(raw, state), this.scan, state);
    return state;
  }

  /** A template string's result: unsafe when the render read unsafe data (Ansible's wrap_var). */
  private finish(state: RenderState, opts: RenderOptions, result: unknown): unknown {
    if (!state.unsafe) return result;
    if (opts.taint) opts.taint.unsafe = true;
    return asUnsafe(result);
  }

  private renderValueIn(value: unknown, state: RenderState): unknown {
    if (typeof value === 'string') {
      if (isSealedVault(value)) return openSealedVault(value);
      return isTemplateString(value) ? this.engine.renderIn(value, state, this.syntax, true) : value;
    }
    if (!this.scan.containsTemplate(value)) return value;
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      for (let i = 0; i < value.length; i++) this.renderSlot(value, String(i), out, state, false);
      return out;
    }
    if (isMapping(value)) {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value)) this.renderSlot(value, key, out, state, true);
      return out;
    }
    return value;
  }

  /**
   * Renders `from[key]` into `to[key]`, keeping it unsafe when it was or when its render read
   * unsafe data; a mapping drops keys rendered to the omit token.
   */
  private renderSlot(
    from: Record<string, unknown> | unknown[],
    key: string,
    to: Record<string, unknown> | unknown[],
    state: RenderState,
    omit: boolean,
  ): void {
    const raw = (from as Record<string, unknown>)[key];
    if (isUnsafeAt(from, key)) {
      (to as Record<string, unknown>)[key] = raw;
      markUnsafeSlot(to, key);
      state.unsafe = true;
      return;
    }
    const outer = state.unsafe;
    state.unsafe = false;
    let rendered = this.renderValueIn(raw, state);
    const tainted = state.unsafe;
    state.unsafe = outer || tainted;
    if (omit && rendered === this.omitToken) return;
    if (tainted && typeof raw === 'string') {
      rendered = asUnsafe(rendered);
      markUnsafeSlot(to, key);
    }
    (to as Record<string, unknown>)[key] = rendered;
  }

  /** Runs a render and turns any failure into a FlotillaError that names the context. */
  private guard<T>(state: RenderState, opts: RenderOptions, run: () => T): T {
    try {
      return withActiveTaint(state, run);
    } catch (err) {
      throw this.decorate(err, state, opts);
    }
  }

  private decorate(err: unknown, state: RenderState, opts: RenderOptions): FlotillaError {
    let code = 'FLT_TEMPLATE_ERROR';
    let message: string;
    let hint: string | undefined;
    if (err instanceof FlotillaError) {
      code = err.code;
      message = err.message;
      hint = err.hint;
    } else {
      message = (err instanceof Error ? err.message : String(err)).replace(
        /^\(unknown path\)\s*(\[[^\]]*\])?\s*/,
        '',
      );
    }
    const missing = code === 'FLT_TEMPLATE_UNDEFINED' ? UNDEFINED_NAME.exec(message)?.[1] : undefined;
    if (missing && !hint) {
      const guess = closestMatch(missing, state.scope.names());
      if (guess) hint = `did you mean '${guess}'?`;
    }
    const prefix = opts.context ? `${opts.context}: ` : '';
    return new FlotillaError(code, prefix + message, { hint, cause: err });
  }
}

const JINJA2_OVERRIDE = '#jinja2:';

/**
 * Ansible's `#jinja2:` first line (Templar.do_template): comma-separated `key: value`
 * pairs set on the Jinja environment for this template, e.g. `#jinja2: lstrip_blocks: True`.
 * trim_blocks and lstrip_blocks are honoured; the line itself is not part of the output.
 */
function jinjaOverrides(text: string): {
  body: string;
  overrides: { trim_blocks?: boolean; lstrip_blocks?: boolean };
} {
  if (!text.startsWith(JINJA2_OVERRIDE)) return { body: text, overrides: {} };
  const eol = text.indexOf('\n');
  const line = text.slice(JINJA2_OVERRIDE.length, eol < 0 ? text.length : eol);
  const overrides: { trim_blocks?: boolean; lstrip_blocks?: boolean } = {};
  for (const pair of line.split(',')) {
    const colon = pair.indexOf(':');
    if (colon < 0) {
      throw new FlotillaError(
        'FLT_TEMPLATE_SYNTAX',
        `failed to parse jinja2 override '${line}'. Did you use something different from colon as key-value separator?`,
      );
    }
    const key = pair.slice(0, colon).trim();
    const value = pair.slice(colon + 1).trim();
    if (key === 'trim_blocks' || key === 'lstrip_blocks')
      overrides[key] = value === 'True' || value === 'true';
  }
  return { body: eol < 0 ? '' : text.slice(eol + 1), overrides };
}
