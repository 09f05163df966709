/**
 * Parses and compiles Jinja2 source with nunjucks, adjusted to Jinja2/Ansible syntax and
 * semantics: `True`/`False`/`None`, `item.0`, slices `x[1:-1]`, tuples, variable dict
 * keys, Python truthiness, `and`/`or` returning operands, and Python operators.
 * Generated code calls the helpers of runtime.ts through its `runtime` argument.
 */
import { closestMatch, FlotillaError } from '../../errors/index.js';
import { type NjNode, njCompiler, njRuntime } from './nunjucks-internals.js';
import { parse } from './parser.js';
import { conditionalTemplate, jinjaSyntaxError } from './syntax-errors.js';

/** Tests Ansible answers for a vault value without decrypting it (AnsibleVaultEncryptedUnicode). */
const SEALED_OPERAND_TESTS: ReadonlySet<string> = new Set(['vault_encrypted', 'defined', 'undefined']);

export interface SyntaxOptions {
  trimBlocks: boolean;
  lstripBlocks: boolean;
  /** String literals inside `{{ }}` keep their backslashes (Ansible's escape_backslashes). */
  rawStringsInVariables?: boolean;
  /**
   * Other delimiters than `{{ }}` and `{# #}` (the template lookup's variable_start_string...),
   * in nunjucks' lexer option names.
   */
  tags?: Delimiters;
}

export interface Delimiters {
  variableStart?: string;
  variableEnd?: string;
  commentStart?: string;
  commentEnd?: string;
}

export interface KnownNames {
  filters: ReadonlySet<string>;
  tests: ReadonlySet<string>;
}

const PY_CONSTANTS: Record<string, string> = { True: 'true', False: 'false', None: 'null' };

/** A dict key that an object literal can hold as it is (`__proto__` would set the prototype). */
function hasPlainStringKey(pair: NjNode): boolean {
  return (
    pair.key.typename === 'Literal' && typeof pair.key.value === 'string' && pair.key.value !== '__proto__'
  );
}

function wrap(typename: string, inner: NjNode, extra: Record<string, unknown> = {}): NjNode {
  return { typename, lineno: inner.lineno, colno: inner.colno, inner, ...extra };
}

class AnsibleCompiler extends njCompiler.Compiler {
  known!: KnownNames;

  assertType(node: NjNode, ...types: unknown[]): void {
    if (node.typename.startsWith('Flt')) return;
    super.assertType(node, ...types);
  }

  /**
   * The callee's name, which nunjucks writes into the generated code between double quotes
   * (escaping only `"`): a string literal's backslashes and line breaks escaped too, so
   * `'\n'.join(items)` compiles.
   */
  _getNodeName(node: NjNode): string {
    // nunjucks recurses through this method for a callee's parts: escape once, at the top
    if (this.namingDepth > 0) return super._getNodeName(node);
    this.namingDepth++;
    let name: string;
    try {
      name = String(super._getNodeName(node));
    } finally {
      this.namingDepth--;
    }
    return name.replace(/[\\\n\r\u2028\u2029]/g, (c) =>
      c === '\\' ? '\\\\' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  }

  private namingDepth = 0;

  compileLiteral(node: NjNode, frame: any): void {
    if (node.isFloat && Number.isInteger(node.value)) this._emit(`runtime.wholeFloat(${node.value})`);
    else super.compileLiteral(node, frame);
  }

  compileSymbol(node: NjNode, frame: any): void {
    const name = node.value as string;
    if (Object.hasOwn(PY_CONSTANTS, name) && !frame.lookup(name)) this._emit(PY_CONSTANTS[name]);
    else super.compileSymbol(node, frame);
  }

  private binary(fn: string, node: NjNode, frame: any): void {
    this._emit(`runtime.${fn}(`);
    this.compile(node.left, frame);
    this._emit(', ');
    this.compile(node.right, frame);
    this._emit(')');
  }

  compileAdd(node: NjNode, frame: any) {
    this.binary('add', node, frame);
  }
  compileSub(node: NjNode, frame: any) {
    this.binary('sub', node, frame);
  }
  compileMul(node: NjNode, frame: any) {
    this.binary('mul', node, frame);
  }
  compileDiv(node: NjNode, frame: any) {
    this.binary('div', node, frame);
  }
  compileFloorDiv(node: NjNode, frame: any) {
    this.binary('floorDiv', node, frame);
  }
  compileMod(node: NjNode, frame: any) {
    this.binary('mod', node, frame);
  }
  compilePow(node: NjNode, frame: any) {
    this.binary('pow', node, frame);
  }
  compileConcat(node: NjNode, frame: any) {
    this.binary('concat', node, frame);
  }

  /** Unary minus keeps a float a float (`-0.0`, `-2.0`): runtime.neg. */
  compileNeg(node: NjNode, frame: any) {
    this._emit('runtime.neg(');
    this.compile(node.target, frame);
    this._emit(')');
  }

  /** `a or b` returns an operand, short-circuiting through a closure. */
  private shortCircuit(fn: string, node: NjNode, frame: any): void {
    this._emit(`runtime.${fn}(`);
    this.compile(node.left, frame);
    this._emit(', function() { return ');
    this.compile(node.right, frame);
    this._emit('; })');
  }
  compileOr(node: NjNode, frame: any) {
    this.shortCircuit('or', node, frame);
  }
  compileAnd(node: NjNode, frame: any) {
    this.shortCircuit('and', node, frame);
  }

  compileNot(node: NjNode, frame: any) {
    this._emit('!');
    this.compileFltTruthy(wrap('FltTruthy', node.target), frame);
  }

  compileFltTruthy(node: NjNode, frame: any) {
    this._emit('runtime.truthy(');
    this.compile(node.inner, frame);
    this._emit(')');
  }

  compileIf(node: NjNode, frame: any, async?: boolean) {
    node.cond = wrap('FltTruthy', node.cond);
    super.compileIf(node, frame, async);
  }

  compileInlineIf(node: NjNode, frame: any) {
    node.cond = wrap('FltTruthy', node.cond);
    super.compileInlineIf(node, frame);
  }

  compileCompare(node: NjNode, frame: any) {
    this._emit('runtime.compare(');
    this.compile(node.expr, frame);
    for (const op of node.ops as NjNode[]) {
      this._emit(`, ${JSON.stringify(op.type)}, `);
      this.compile(op.expr, frame);
    }
    this._emit(')');
  }

  /** `(a, b)`, `(a,)` and `()` are tuples (lists here), `(a)` a parenthesised expression. */
  compileGroup(node: NjNode, frame: any) {
    const tuple = node.isTuple === true;
    this._compileAggregate(node, frame, tuple ? 'runtime.tuple([' : '(', tuple ? '])' : ')');
  }

  /** Jinja dict keys are expressions: `{item.key: item.value}`, `{name: 1}` uses name's value. */
  compileDict(node: NjNode, frame: any) {
    if (node.children!.every(hasPlainStringKey)) this.emitObjectLiteral(node, frame);
    else this.emitDict(node, frame, false);
  }

  /** `{'k': v}` with string-literal keys: a JS object literal, no pairs array per evaluation. */
  private emitObjectLiteral(node: NjNode, frame: any): void {
    this._emit('{');
    node.children!.forEach((pair, i) => {
      if (i > 0) this._emit(',');
      this._emit(`${JSON.stringify(pair.key.value)}: `);
      this.compile(pair.value, frame);
    });
    this._emit('}');
  }

  /** `f(*x)`: the iterable's items spread into the argument array. */
  compileFltStarArgs(node: NjNode, frame: any) {
    this._emit('...runtime.starArgs(');
    this.compile(node.inner, frame);
    this._emit(')');
  }

  /** `f(k=1, **x)`: one keyword object (or none when both are empty) spread at the end. */
  compileFltStarKwargs(node: NjNode, frame: any) {
    this._emit('...runtime.starKwargs(');
    if (node.keywords) this.compile(node.keywords, frame);
    else this._emit('null');
    this._emit(', ');
    this.compile(node.inner, frame);
    this._emit(')');
  }

  compileKeywordArgs(node: NjNode, frame: any) {
    this._emit('runtime.makeKeywordArgs(');
    this.emitDict(node, frame, true);
    this._emit(')');
  }

  private emitDict(node: NjNode, frame: any, namesAreLiterals: boolean): void {
    this._emit('runtime.makeDict([');
    node.children!.forEach((pair, i) => {
      if (i > 0) this._emit(',');
      this._emit('[');
      if (namesAreLiterals && pair.key.typename === 'Symbol') this._emit(JSON.stringify(pair.key.value));
      else this.compile(pair.key, frame);
      this._emit(',');
      this.compile(pair.value, frame);
      this._emit(']');
    });
    this._emit('])');
  }

  /** `{% set ns.attr = value %}`: Jinja's namespace assignment (runtime.setAttribute). */
  compileSet(node: NjNode, frame: any) {
    const [target, ...rest] = node.targets as NjNode[];
    if (target?.typename !== 'LookupVal' || rest.length || !node.value) {
      // Jinja scoping: a set inside a loop body (a pushed frame) makes a new local name
      // instead of assigning the outer one, so it does not leak out of the loop.
      const targets = node.targets as NjNode[];
      if (frame.parent && node.value && targets.every((t) => t.typename === 'Symbol')) {
        const ids = targets.map((t) => {
          const id = this._tmpid();
          this._emitLine(`var ${id};`);
          frame.set(String(t.value), id);
          return id;
        });
        this._emit(`${ids.join(' = ')} = `);
        this._compileExpression(node.value, frame);
        this._emitLine(';');
        // No resolveUp: the runtime frame of this loop iteration holds it.
        for (const [i, t] of targets.entries())
          this._emitLine(`frame.set(${JSON.stringify(t.value)}, ${ids[i]});`);
        return;
      }
      super.compileSet(node, frame);
      return;
    }
    this._emit('runtime.setAttribute(');
    this.compile(target.target, frame);
    this._emit(', ');
    this.compile(target.val, frame);
    this._emit(', ');
    this._compileExpression(node.value, frame);
    this._emitLine(');');
  }

  compileFor(node: NjNode, frame: any) {
    const names = node.name.typename === 'Array' ? node.name.children.length : 1;
    node.arr = wrap('FltIter', node.arr, { names });
    if (node.loopFilter) {
      const loopNames = names > 1 ? node.name.children.map((c: NjNode) => c.value) : [node.name.value];
      node.arr = wrap('FltLoopFilter', node.arr, { cond: node.loopFilter, loopNames });
    }
    super.compileFor(node, frame);
  }

  /** Jinja's loop filter: the items whose condition holds, with the loop names bound. */
  compileFltLoopFilter(node: NjNode, frame: any) {
    const names = node.loopNames as string[];
    this._emit(
      '(function(items) { var kept = []; frame = frame.push(); for (var i = 0; i < items.length; i++) { ',
    );
    this._emit('var item = items[i]; ');
    if (names.length === 1) this._emit(`frame.set(${JSON.stringify(names[0])}, item); `);
    else for (const [k, n] of names.entries()) this._emit(`frame.set(${JSON.stringify(n)}, item[${k}]); `);
    this._emit('if (runtime.truthy(');
    this.compile(node.cond, frame);
    this._emit(')) kept.push(item); } frame = frame.pop(); return kept; })(runtime.fromIterator(');
    this.compile(node.inner, frame);
    this._emit('))');
  }

  /** One call instead of seven dotted `frame.set`s per iteration: see frame.ts. */
  _emitLoopBindings(_node: NjNode, _arr: string, i: string, len: string) {
    this._emitLine(`frame.setLoop(${i}, ${len});`);
  }

  compileFltIter(node: NjNode, frame: any) {
    this._emit('runtime.iterate(');
    this.compile(node.inner, frame);
    this._emit(`, ${node.names})`);
  }

  compileFltSlice(node: NjNode, frame: any) {
    this._emit('runtime.slice(');
    this.compile(node.target, frame);
    for (const part of node.parts as NjNode[]) {
      this._emit(', ');
      this.compile(part, frame);
    }
    this._emit(')');
  }

  /** Includes render synchronously through the engine, with the current variables. */
  compileInclude(node: NjNode, frame: any) {
    this._emit(`${this.buffer} += env.include(context, frame, `);
    this.compile(node.template, frame);
    this._emitLine(`, ${node.ignoreMissing ? 'true' : 'false'});`);
  }

  compileExtends(node: NjNode) {
    this.unsupported('extends', node);
  }
  compileImport(node: NjNode) {
    this.unsupported('import', node);
  }
  compileFromImport(node: NjNode) {
    this.unsupported('from ... import', node);
  }
  /**
   * Without `{% extends %}` a block renders where it stands, as Jinja's root render function
   * calls it: in a scope of its own (a `set` inside it stays there) over the template's top
   * level, so the loops around it are out of its sight.
   */
  compileBlock(node: NjNode) {
    const outer = this._tmpid();
    this._emitLine(`var ${outer} = frame; frame = runtime.topFrame(frame).push();`);
    this.compile(node.body, new njRuntime.Frame().push());
    this._emitLine(`frame = ${outer};`);
  }

  private unsupported(tag: string, node: NjNode): never {
    throw new FlotillaError(
      'FLT_TEMPLATE_SYNTAX',
      `'{% ${tag} %}' is not supported (line ${node.lineno + 1})`,
      {
        hint: 'use {% include %} or macros in the same template',
      },
    );
  }

  /** `env.filterInvokers["f"](context, target, [args..., kwargs?])`: see invoke.ts. */
  compileFilter(node: NjNode, frame: any) {
    const name = String(node.name.value);
    this.checkKnown(name, this.known.filters);
    const [target, ...args] = node.args.children as NjNode[];
    this._emit(`env.filterInvokers[${JSON.stringify(name)}](context, `);
    this.compile(target, frame);
    this.emitArgList(args, frame);
    this._emit(')');
  }

  private emitArgList(args: NjNode[], frame: any): void {
    // Invokers never write to args, so calls without arguments share one empty array.
    if (args.length === 0) {
      this._emit(', runtime.noArgs');
      return;
    }
    this._emit(', [');
    args.forEach((arg, i) => {
      if (i > 0) this._emit(', ');
      this.compile(arg, frame);
    });
    this._emit(']');
  }

  /** `X is T`; for the tests in SEALED_OPERAND_TESTS a !vault value no secret opens is not opened. */
  compileIs(node: NjNode, frame: any) {
    const name = String(node.right.name ? node.right.name.value : node.right.value);
    this.checkKnown(name, this.known.tests);
    this._emit(`(env.testInvokers[${JSON.stringify(name)}](context, `);
    if (SEALED_OPERAND_TESTS.has(name)) {
      this._emit('runtime.keepingSealed(context, () => ');
      this.compile(node.left, frame);
      this._emit(')');
    } else this.compile(node.left, frame);
    this.emitArgList(node.right.args ? node.right.args.children : [], frame);
    this._emit(') === true)');
  }

  private checkKnown(name: string, known: ReadonlySet<string>): void {
    if (known.has(name)) return;
    const guess = closestMatch(name, known);
    // Ansible's JinjaPluginIntercept text for an unknown filter or test.
    throw new FlotillaError('FLT_TEMPLATE_SYNTAX', couldNotLoadText(name), {
      hint: guess ? `did you mean '${guess}'?` : undefined,
    });
  }
}

/**
 * JinjaPluginIntercept's text for a filter or test it cannot load: a name that is not a
 * valid plugin name (`'asdf '`) fails in the plugin loader first.
 */
export function couldNotLoadText(name: string): string {
  const fqcr = name.includes('.') ? name : `ansible.builtin.${name}`;
  const why = /^[\p{L}\p{N}_]+(\.[\p{L}\p{N}_]+){2,}$/u.test(fqcr) ? name : `invalid plugin name: ${fqcr}`;
  return `Could not load "${name}": '${why}'`;
}

export interface CompiledTemplate {
  kind: 'template';
  root: (
    env: unknown,
    context: unknown,
    frame: unknown,
    runtime: unknown,
    cb: (e: unknown, r: string) => void,
  ) => void;
}

export interface CompiledExpression {
  kind: 'expression';
  evaluate: (env: unknown, context: unknown, frame: unknown, runtime: unknown) => unknown;
  /**
   * What Ansible's result typing needs to know of a sole `{{ expr }}` (result-typing.ts):
   * `name` for exactly `{{ name }}`, `text` when the outermost filter is a string-type filter.
   */
  shape?: ExpressionShape;
}

export type ExpressionShape = 'name' | 'text' | 'other';

/** Ansible's Templar.SINGLE_VAR: the template is exactly `{{ name }}`. */
const SINGLE_VAR = /^\{\{\s*(\w*)\s*\}\}$/;

/** C.STRING_TYPE_FILTERS: their result is text that is never literal_eval'd back. */
const STRING_TYPE_FILTERS = new Set([
  'string',
  'to_json',
  'to_nice_json',
  'to_yaml',
  'to_nice_yaml',
  'ppretty',
  'json',
]);

function shapeOf(source: string, expr: NjNode): ExpressionShape {
  if (expr.typename === 'Symbol' && SINGLE_VAR.test(source)) return 'name';
  if (expr.typename === 'Filter') {
    const name = String(expr.name.value).replace(/^ansible\.(builtin|legacy)\./, '');
    if (STRING_TYPE_FILTERS.has(name)) return 'text';
  }
  return 'other';
}

interface SyntaxErrorSource {
  /** The text Jinja2 parses (a conditional's `{% if %}` wrapper). */
  checked: string;
  /** The text shown as `String:` (the template as Ansible was given it). */
  shown: string;
  /** Shown instead when only nunjucks rejects the text (its message is about this text). */
  shownForNunjucks: string;
  rawStrings: boolean;
}

/**
 * Ansible's text: the Jinja error, the source, and (AnsibleError's orig_exc) the error again,
 * worded as Jinja2 words it when Jinja2 rejects the text too.
 */
function syntaxError(err: unknown, source: SyntaxErrorSource): FlotillaError {
  if (err instanceof FlotillaError) {
    return new FlotillaError(
      err.code,
      `template error while templating string: ${err.message}. String: ${source.shownForNunjucks}. ${err.message}`,
      { hint: err.hint },
    );
  }
  const jinjaMessage = jinjaSyntaxError(source.checked, source.rawStrings);
  const message =
    jinjaMessage ?? (err instanceof Error ? err.message.replace(/^\(unknown path\)\s*/, '') : String(err));
  const shown = jinjaMessage === undefined ? source.shownForNunjucks : source.shown;
  return new FlotillaError(
    'FLT_TEMPLATE_SYNTAX',
    `template error while templating string: ${message}. String: ${shown}. ${message}`,
    { cause: err },
  );
}

/**
 * nunjucks accepts some text Jinja2 rejects (an unclosed `{% raw %}`, `{% elseif %}`, `===`);
 * Ansible fails on those, so do we. syntaxError() words the failure.
 */
function rejectWhatJinjaRejects(source: string, rawStrings: boolean): void {
  const message = jinjaSyntaxError(source, rawStrings);
  if (message !== undefined) throw new Error(message);
}

/** The single expression of `{{ expr }}` templates, or undefined for anything else. */
function soleExpression(root: NjNode): NjNode | undefined {
  const [only, ...rest] = root.children!;
  if (rest.length || only?.typename !== 'Output' || only.children!.length !== 1) return undefined;
  const expr = only.children![0];
  return expr.typename === 'TemplateData' ? undefined : expr;
}

function newCompiler(known: KnownNames): AnsibleCompiler {
  const compiler = new AnsibleCompiler('template', false);
  compiler.known = known;
  return compiler;
}

function compileExpressionNode(expr: NjNode, known: KnownNames): CompiledExpression {
  const compiler = newCompiler(known);
  compiler._emit('return function(env, context, frame, runtime) { var lineno = 0, colno = 0; return ');
  compiler._compileExpression(expr, new njRuntime.Frame());
  compiler._emit('; };');
  return { kind: 'expression', evaluate: new Function(compiler.getCode())() };
}

/**
 * Compiles a template; a template that is exactly one `{{ expr }}` compiles to an
 * expression so its native value (list, dict, number) can be returned. `original` is the
 * text as given, shown in syntax errors when `source` lost its final newline.
 */
export function compileSource(
  given: string,
  syntax: SyntaxOptions,
  known: KnownNames,
  nativeSingleExpression: boolean,
  original: string = given,
): CompiledTemplate | CompiledExpression {
  const rawStrings = syntax.rawStringsInVariables === true;
  // Jinja's lexer reads \r\n and \r as \n, in text and in string literals alike.
  const source = given.includes('\r') ? given.replace(/\r\n?/g, '\n') : given;
  try {
    const root = parse(source, syntax);
    // syntax-errors.ts reads Jinja's default delimiters only.
    if (!syntax.tags) rejectWhatJinjaRejects(source, rawStrings);
    const expr = nativeSingleExpression ? soleExpression(root) : undefined;
    if (expr) return { ...compileExpressionNode(expr, known), shape: shapeOf(source, expr) };
    const compiler = newCompiler(known);
    compiler.compile(root);
    return { kind: 'template', root: new Function(compiler.getCode())().root };
  } catch (err) {
    throw syntaxError(err, { checked: source, shown: original, shownForNunjucks: original, rawStrings });
  }
}

/** Compiles a bare expression such as a `when:` condition. */
export function compileBareExpression(
  expression: string,
  syntax: SyntaxOptions,
  known: KnownNames,
): CompiledExpression {
  try {
    const root = parse(`{{ ${expression} }}`, syntax);
    rejectWhatJinjaRejects(conditionalTemplate(expression), false);
    const expr = soleExpression(root);
    if (!expr) throw new Error(`not a single expression: ${expression}`);
    return compileExpressionNode(expr, known);
  } catch (err) {
    const wrapped = conditionalTemplate(expression);
    throw syntaxError(err, {
      checked: wrapped,
      shown: wrapped,
      shownForNunjucks: expression,
      rawStrings: false,
    });
  }
}
