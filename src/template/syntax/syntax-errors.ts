/**
 * Jinja2's own wording for template syntax errors. nunjucks' parser accepts a little Jinja2
 * rejects and words its failures differently ("expected variable end"), so compiler.ts also
 * reads each template the way Jinja2 3.1's parser does (syntax only, no nodes) and reports
 * the message Jinja2 would raise.
 */

import {
  describeExpr,
  describeToken,
  JinjaSyntaxError,
  pyRepr,
  TokenStream,
  tokenize,
} from './jinja-lexer.js';

const STATEMENT_KEYWORDS = new Set([
  'for',
  'if',
  'block',
  'extends',
  'print',
  'macro',
  'include',
  'from',
  'import',
  'set',
  'with',
  'autoescape',
]);
const COMPARE_OPERATORS = new Set(['eq', 'ne', 'lt', 'lteq', 'gt', 'gteq']);

/** Kinds of expression the checks below need to tell apart (Jinja's node classes). */
type Kind = 'name' | 'const' | 'tuple' | 'call' | 'other';

/** Jinja 3.1's Parser, following its grammar and its failure messages only. */
class SyntaxChecker {
  private readonly tagStack: string[] = [];
  private readonly endTokenStack: string[][] = [];

  constructor(private readonly stream: TokenStream) {}

  private fail(message: string): never {
    throw new JinjaSyntaxError(message);
  }

  private failUtEof(name: string | undefined, endTokenStack: string[][]): never {
    const expected = new Set(endTokenStack.flat().map(describeExpr));
    const top = endTokenStack[endTokenStack.length - 1];
    const looking = top ? top.map((e) => pyRepr(describeExpr(e))).join(' or ') : undefined;
    const message = [
      name === undefined ? 'Unexpected end of template.' : `Encountered unknown tag ${pyRepr(name)}.`,
    ];
    if (looking) {
      if (name !== undefined && expected.has(name)) {
        message.push(
          `You probably made a nesting mistake. Jinja is expecting this tag, but currently looking for ${looking}.`,
        );
      } else {
        message.push(`Jinja was looking for the following tags: ${looking}.`);
      }
    }
    if (this.tagStack.length) {
      message.push(
        `The innermost block that needs to be closed is ${pyRepr(this.tagStack[this.tagStack.length - 1])}.`,
      );
    }
    return this.fail(message.join(' '));
  }

  private failEof(endTokens: string[]): never {
    return this.failUtEof(undefined, [...this.endTokenStack, endTokens]);
  }

  private skip(n: number): void {
    for (let i = 0; i < n; i++) this.stream.next();
  }

  /** The current token's type, read afresh (the stream moves under TypeScript's narrowing). */
  private get type(): string {
    return this.stream.current.type;
  }

  private isTupleEnd(extraEndRules?: string[]): boolean {
    const type = this.stream.current.type;
    if (type === 'variable_end' || type === 'block_end' || type === 'rparen') return true;
    return extraEndRules?.some((r) => this.stream.test(r)) ?? false;
  }

  private parseStatement(): void {
    const token = this.stream.current;
    if (token.type !== 'name') this.fail('tag name expected');
    this.tagStack.push(token.value);
    try {
      const parse = STATEMENT_KEYWORDS.has(token.value)
        ? () => this.statement(token.value)
        : token.value === 'call'
          ? () => this.parseCallBlock()
          : token.value === 'filter'
            ? () => this.parseFilterBlock()
            : undefined;
      if (parse) {
        parse();
        return;
      }
    } finally {
      this.tagStack.pop();
    }
    this.failUtEof(token.value, this.endTokenStack);
  }

  private statement(name: string): void {
    const s = this.stream;
    switch (name) {
      case 'set': {
        s.next();
        this.parseAssignTarget({ withNamespace: true });
        if (s.skipIf('assign')) this.parseTuple();
        else {
          this.parseFilter(false);
          this.parseStatements(['name:endset'], true);
        }
        return;
      }
      case 'for': {
        s.expect('name:for');
        this.parseAssignTarget({ extraEndRules: ['name:in'] });
        s.expect('name:in');
        this.parseTuple({ withCondexpr: false, extraEndRules: ['name:recursive'] });
        if (s.skipIf('name:if')) this.parseExpression();
        s.skipIf('name:recursive');
        this.parseStatements(['name:endfor', 'name:else']);
        if (s.next().value !== 'endfor') this.parseStatements(['name:endfor'], true);
        return;
      }
      case 'if': {
        s.expect('name:if');
        for (;;) {
          this.parseTuple({ withCondexpr: false });
          this.parseStatements(['name:elif', 'name:else', 'name:endif']);
          const token = s.next();
          if (s.test('name:elif', token)) continue;
          if (s.test('name:else', token)) this.parseStatements(['name:endif'], true);
          return;
        }
      }
      case 'with': {
        s.next();
        let first = true;
        while (s.current.type !== 'block_end') {
          if (!first) s.expect('comma');
          first = false;
          this.parseAssignTarget({});
          s.expect('assign');
          this.parseExpression();
        }
        this.parseStatements(['name:endwith'], true);
        return;
      }
      case 'autoescape':
        s.next();
        this.parseExpression();
        this.parseStatements(['name:endautoescape'], true);
        return;
      case 'block': {
        s.next();
        const blockName = s.expect('name').value;
        s.skipIf('name:scoped');
        s.skipIf('name:required');
        if (s.current.type === 'sub') {
          this.fail(
            'Block names in Jinja have to be valid Python identifiers and may not contain hyphens, use an underscore instead.',
          );
        }
        this.parseStatements(['name:endblock'], true);
        s.skipIf(`name:${blockName}`);
        return;
      }
      case 'extends':
        s.next();
        this.parseExpression();
        return;
      case 'include':
        s.next();
        this.parseExpression();
        if (s.test('name:ignore') && s.test('name:missing', s.look())) this.skip(2);
        this.parseImportContext();
        return;
      case 'import':
        s.next();
        this.parseExpression();
        s.expect('name:as');
        this.parseAssignTarget({ nameOnly: true });
        this.parseImportContext();
        return;
      case 'from':
        this.parseFrom();
        return;
      case 'print': {
        s.next();
        let first = true;
        while (s.current.type !== 'block_end') {
          if (!first) s.expect('comma');
          first = false;
          this.parseExpression();
        }
        return;
      }
      case 'macro':
        s.next();
        this.parseAssignTarget({ nameOnly: true });
        this.parseSignature();
        this.parseStatements(['name:endmacro'], true);
        return;
    }
  }

  private parseImportContext(): void {
    const s = this.stream;
    if ((s.test('name:with') || s.test('name:without')) && s.test('name:context', s.look())) this.skip(2);
  }

  private parseFrom(): void {
    const s = this.stream;
    s.next();
    this.parseExpression();
    s.expect('name:import');
    let names = 0;
    const parseContext = (): boolean => {
      if ((s.current.value === 'with' || s.current.value === 'without') && s.test('name:context', s.look())) {
        s.next();
        s.next();
        return true;
      }
      return false;
    };
    for (;;) {
      if (names) s.expect('comma');
      if (s.current.type === 'name') {
        if (parseContext()) break;
        const target = s.expect('name').value;
        if (target.startsWith('_')) this.fail('names starting with an underline can not be imported');
        if (s.skipIf('name:as')) s.expect('name');
        names++;
        if (parseContext() || this.type !== 'comma') break;
      } else {
        s.expect('name');
      }
    }
  }

  private parseSignature(): void {
    const s = this.stream;
    s.expect('lparen');
    let args = 0;
    let defaults = 0;
    while (s.current.type !== 'rparen') {
      if (args) s.expect('comma');
      s.expect('name');
      if (s.skipIf('assign')) {
        this.parseExpression();
        defaults++;
      } else if (defaults) this.fail('non-default argument follows default argument');
      args++;
    }
    s.expect('rparen');
  }

  private parseCallBlock(): void {
    const s = this.stream;
    s.next();
    if (s.current.type === 'lparen') this.parseSignature();
    if (this.parseExpression() !== 'call') this.fail('expected call');
    this.parseStatements(['name:endcall'], true);
  }

  private parseFilterBlock(): void {
    this.stream.next();
    this.parseFilter(true);
    this.parseStatements(['name:endfilter'], true);
  }

  private parseStatements(endTokens: string[], dropNeedle = false): void {
    this.stream.skipIf('colon');
    this.stream.expect('block_end');
    this.subparse(endTokens);
    if (this.stream.current.type === 'eof') this.failEof(endTokens);
    if (dropNeedle) this.stream.next();
  }

  private parseAssignTarget(opts: {
    withNamespace?: boolean;
    nameOnly?: boolean;
    extraEndRules?: string[];
  }): void {
    const s = this.stream;
    if (opts.withNamespace && s.look().type === 'dot') {
      s.expect('name');
      s.next();
      s.expect('name');
      return;
    }
    if (opts.nameOnly) {
      s.expect('name');
      return;
    }
    const target = this.parseTuple({ simplified: true, extraEndRules: opts.extraEndRules });
    if (target.kind !== 'name' && !(target.kind === 'tuple' && target.assignable)) {
      const names: Record<Kind, string> = {
        name: 'name',
        const: 'const',
        tuple: 'tuple',
        call: 'call',
        other: 'expr',
      };
      this.fail(`can't assign to ${pyRepr(names[target.kind])}`);
    }
  }

  parseExpression(withCondexpr = true): Kind {
    return withCondexpr ? this.parseCondexpr() : this.parseOr();
  }

  private parseCondexpr(): Kind {
    let kind = this.parseOr();
    while (this.stream.skipIf('name:if')) {
      this.parseOr();
      if (this.stream.skipIf('name:else')) this.parseCondexpr();
      kind = 'other';
    }
    return kind;
  }

  private parseOr(): Kind {
    let kind = this.parseAnd();
    while (this.stream.skipIf('name:or')) {
      kind = 'other';
      this.parseAnd();
    }
    return kind;
  }

  private parseAnd(): Kind {
    let kind = this.parseNot();
    while (this.stream.skipIf('name:and')) {
      kind = 'other';
      this.parseNot();
    }
    return kind;
  }

  private parseNot(): Kind {
    if (this.stream.test('name:not')) {
      this.stream.next();
      this.parseNot();
      return 'other';
    }
    return this.parseCompare();
  }

  private parseCompare(): Kind {
    const s = this.stream;
    let kind = this.parseMath1();
    for (;;) {
      if (COMPARE_OPERATORS.has(s.current.type)) s.next();
      else if (s.skipIf('name:in')) {
        /* `in` */
      } else if (s.test('name:not') && s.test('name:in', s.look())) this.skip(2);
      else break;
      this.parseMath1();
      kind = 'other';
    }
    return kind;
  }

  private binary(operand: () => Kind, types: string[]): Kind {
    let kind = operand();
    while (types.includes(this.stream.current.type)) {
      this.stream.next();
      operand();
      kind = 'other';
    }
    return kind;
  }

  private parseMath1(): Kind {
    return this.binary(() => this.parseConcat(), ['add', 'sub']);
  }

  private parseConcat(): Kind {
    return this.binary(() => this.parseMath2(), ['tilde']);
  }

  private parseMath2(): Kind {
    return this.binary(() => this.parsePow(), ['mul', 'div', 'floordiv', 'mod']);
  }

  private parsePow(): Kind {
    return this.binary(() => this.parseUnary(), ['pow']);
  }

  private parseUnary(withFilter = true): Kind {
    const s = this.stream;
    let kind: Kind;
    if (s.current.type === 'sub' || s.current.type === 'add') {
      s.next();
      this.parseUnary(false);
      kind = 'other';
    } else kind = this.parsePrimary();
    kind = this.parsePostfix(kind);
    return withFilter ? this.parseFilterExpr(kind) : kind;
  }

  private parsePrimary(): Kind {
    const s = this.stream;
    const token = s.current;
    if (token.type === 'name') {
      s.next();
      return ['true', 'false', 'True', 'False', 'none', 'None'].includes(token.value) ? 'const' : 'name';
    }
    if (token.type === 'string') {
      s.next();
      while (s.current.type === 'string') s.next();
      return 'const';
    }
    if (token.type === 'integer' || token.type === 'float') {
      s.next();
      return 'const';
    }
    if (token.type === 'lparen') {
      s.next();
      const inner = this.parseTuple({ explicitParentheses: true });
      s.expect('rparen');
      return inner.kind;
    }
    if (token.type === 'lbracket') return this.parseList();
    if (token.type === 'lbrace') return this.parseDict();
    return this.fail(`unexpected ${pyRepr(describeToken(token))}`);
  }

  parseTuple(
    opts: {
      simplified?: boolean;
      withCondexpr?: boolean;
      extraEndRules?: string[];
      explicitParentheses?: boolean;
    } = {},
  ): { kind: Kind; assignable: boolean } {
    const s = this.stream;
    const parse = opts.simplified
      ? () => this.parsePrimary()
      : () => this.parseExpression(opts.withCondexpr ?? true);
    const kinds: Kind[] = [];
    let isTuple = false;
    for (;;) {
      if (kinds.length) s.expect('comma');
      if (this.isTupleEnd(opts.extraEndRules)) break;
      kinds.push(parse());
      if (s.current.type === 'comma') isTuple = true;
      else break;
    }
    if (!isTuple) {
      if (kinds.length) return { kind: kinds[0], assignable: kinds[0] === 'name' };
      if (!opts.explicitParentheses)
        this.fail(`Expected an expression, got ${pyRepr(describeToken(s.current))}`);
    }
    return { kind: 'tuple', assignable: kinds.every((k) => k === 'name') };
  }

  private parseList(): Kind {
    const s = this.stream;
    s.expect('lbracket');
    let items = 0;
    while (s.current.type !== 'rbracket') {
      if (items) s.expect('comma');
      if (s.current.type === 'rbracket') break;
      this.parseExpression();
      items++;
    }
    s.expect('rbracket');
    return 'other';
  }

  private parseDict(): Kind {
    const s = this.stream;
    s.expect('lbrace');
    let items = 0;
    while (s.current.type !== 'rbrace') {
      if (items) s.expect('comma');
      if (s.current.type === 'rbrace') break;
      this.parseExpression();
      s.expect('colon');
      this.parseExpression();
      items++;
    }
    s.expect('rbrace');
    return 'other';
  }

  private parsePostfix(start: Kind): Kind {
    let kind = start;
    for (;;) {
      const type = this.stream.current.type;
      if (type === 'dot' || type === 'lbracket') {
        this.parseSubscript();
        kind = 'other';
      } else if (type === 'lparen') {
        this.parseCallArgs();
        kind = 'call';
      } else return kind;
    }
  }

  private parseFilterExpr(start: Kind): Kind {
    let kind = start;
    for (;;) {
      const s = this.stream;
      if (s.current.type === 'pipe') {
        this.parseFilter(false);
        kind = 'other';
      } else if (s.test('name:is')) {
        this.parseTest();
        kind = 'other';
      } else if (s.current.type === 'lparen') {
        this.parseCallArgs();
        kind = 'call';
      } else return kind;
    }
  }

  private parseSubscript(): void {
    const s = this.stream;
    const token = s.next();
    if (token.type === 'dot') {
      const attr = s.next();
      if (attr.type !== 'name' && attr.type !== 'integer') this.fail('expected name or number');
      return;
    }
    let args = 0;
    while (s.current.type !== 'rbracket') {
      if (args) s.expect('comma');
      this.parseSubscribed();
      args++;
    }
    s.expect('rbracket');
  }

  private parseSubscribed(): void {
    const s = this.stream;
    if (s.current.type === 'colon') s.next();
    else {
      this.parseExpression();
      if (s.current.type !== 'colon') return;
      s.next();
    }
    if (this.type !== 'colon' && this.type !== 'rbracket' && this.type !== 'comma') {
      this.parseExpression();
    }
    if (s.current.type === 'colon') {
      s.next();
      if (this.type !== 'rbracket' && this.type !== 'comma') this.parseExpression();
    }
  }

  private parseCallArgs(): void {
    const s = this.stream;
    s.expect('lparen');
    let dynArgs = false;
    let dynKwargs = false;
    let kwargs = false;
    let requireComma = false;
    const ensure = (ok: boolean) => {
      if (!ok) this.fail('invalid syntax for function call expression');
    };
    while (s.current.type !== 'rparen') {
      if (requireComma) {
        s.expect('comma');
        if (s.current.type === 'rparen') break;
      }
      if (s.current.type === 'mul') {
        ensure(!dynArgs && !dynKwargs);
        s.next();
        this.parseExpression();
        dynArgs = true;
      } else if (s.current.type === 'pow') {
        ensure(!dynKwargs);
        s.next();
        this.parseExpression();
        dynKwargs = true;
      } else if (s.current.type === 'name' && s.look().type === 'assign') {
        ensure(!dynKwargs);
        s.next();
        s.next();
        this.parseExpression();
        kwargs = true;
      } else {
        ensure(!dynArgs && !dynKwargs && !kwargs);
        this.parseExpression();
      }
      requireComma = true;
    }
    s.expect('rparen');
  }

  private parseFilter(startInline: boolean): void {
    const s = this.stream;
    let inline = startInline;
    while (s.current.type === 'pipe' || inline) {
      if (!inline) s.next();
      s.expect('name');
      while (s.current.type === 'dot') {
        s.next();
        s.expect('name');
      }
      if (s.current.type === 'lparen') this.parseCallArgs();
      inline = false;
    }
  }

  private parseTest(): void {
    const s = this.stream;
    s.next();
    s.skipIf('name:not');
    s.expect('name');
    while (s.current.type === 'dot') {
      s.next();
      s.expect('name');
    }
    if (s.current.type === 'lparen') this.parseCallArgs();
    else if (
      ['name', 'string', 'integer', 'float', 'lparen', 'lbracket', 'lbrace'].includes(s.current.type) &&
      !['name:else', 'name:or', 'name:and'].some((e) => s.test(e))
    ) {
      if (s.test('name:is')) this.fail('You cannot chain multiple tests with is');
      this.parsePostfix(this.parsePrimary());
    }
  }

  subparse(endTokens?: string[]): void {
    const s = this.stream;
    if (endTokens) this.endTokenStack.push(endTokens);
    try {
      while (s.current.type !== 'eof') {
        const token = s.current;
        if (token.type === 'data') s.next();
        else if (token.type === 'variable_begin') {
          s.next();
          this.parseTuple();
          s.expect('variable_end');
        } else if (token.type === 'block_begin') {
          s.next();
          if (endTokens?.some((e) => s.test(e))) return;
          this.parseStatement();
          s.expect('block_end');
        } else {
          this.fail('internal parsing error');
        }
      }
    } finally {
      if (endTokens) this.endTokenStack.pop();
    }
  }
}

/**
 * The message of the TemplateSyntaxError Jinja2 raises for `source`, or undefined when
 * Jinja2 parses it. `rawStringsInVariables`: Ansible escaped backslashes inside `{{ }}`.
 */
export function jinjaSyntaxError(source: string, rawStringsInVariables = false): string | undefined {
  try {
    new SyntaxChecker(new TokenStream(tokenize(source, rawStringsInVariables))).subparse();
    return undefined;
  } catch (err) {
    if (err instanceof JinjaSyntaxError) return err.message;
    throw err;
  }
}

/** The template Ansible 2.14's Conditional builds around a bare `when:` expression. */
export function conditionalTemplate(expression: string): string {
  return `{% if ${expression} %} True {% else %} False {% endif %}`;
}
