/**
 * Jinja2 syntax that nunjucks' parser lacks: `item.0`, slices `x[1:-1]`, `x is divisibleby 3`,
 * `is none`, and `}}` closing nested dict literals inside an expression.
 */

import { PYTHON_SIMPLE_ESCAPES } from '../../python/escapes.js';
import type { SyntaxOptions } from './compiler.js';
import { type NjNode, type NjToken, njLexer, njNodes, njParser } from './nunjucks-internals.js';
import { jinjaSyntaxError } from './syntax-errors.js';

function literal(tok: { lineno: number; colno: number }, value: unknown): NjNode {
  return new njNodes.Literal(tok.lineno, tok.colno, value);
}

function wrapNode(typename: string, inner: NjNode): NjNode {
  return { typename, lineno: inner.lineno, colno: inner.colno, inner };
}

class AnsibleParser extends njParser.Parser {
  /**
   * `{% for x in items if cond %}`: nunjucks reads `items if cond` as an inline if
   * without else; take it apart into the iterable and Jinja's loop filter.
   */
  parseFor(): NjNode {
    const node = super.parseFor();
    const arr = node.arr;
    if (arr?.typename === 'InlineIf' && !arr.else_) {
      node.arr = arr.body;
      node.loopFilter = arr.cond;
    }
    return node;
  }

  /**
   * Jinja's parse_condexpr: the else branch is a conditional expression itself, so
   * `a if x else b if y else c` nests (nunjucks reads one level and stops at the second `if`).
   */
  parseInlineIf(): NjNode {
    let node: NjNode = this.parseOr();
    while (this.skipSymbol('if')) {
      const cond = this.parseOr();
      const inline = new njNodes.InlineIf(node.lineno, node.colno);
      inline.body = node;
      inline.cond = cond;
      inline.else_ = this.skipSymbol('else') ? this.parseInlineIf() : null;
      node = inline;
    }
    return node;
  }

  /**
   * Marks float literals (`2.0`) so a whole one compiles to a float, not an int; joins
   * adjacent string literals (`'a' 'b'`) into one, as Jinja's parse_primary does; `null`
   * is a name.
   */
  parsePrimary(noPostfix?: boolean): NjNode {
    const tok = this.peekToken();
    let node: NjNode;
    if (tok?.type === njLexer.TOKEN_FLOAT) {
      this.nextToken();
      node = literal(tok, Number.parseFloat(tok.value as string));
      node.isFloat = true;
    } else if (tok?.type === 'string') {
      this.nextToken();
      let text = tok.value as string;
      while (this.peekToken()?.type === 'string') text += this.nextToken().value;
      node = literal(tok, text);
    } else if (tok?.type === 'none' && tok.value === 'null') {
      // nunjucks reads `null` as none; in Jinja it is a plain name (undefined unless defined)
      this.nextToken();
      node = new njNodes.Symbol(tok.lineno, tok.colno, 'null');
    } else {
      return super.parsePrimary(noPostfix);
    }
    return noPostfix ? node : this.parsePostfix(node);
  }

  /**
   * `(…)`, `[…]` and `{…}` as Jinja reads them: a trailing comma is allowed (`[1,]`,
   * `{'a': 1,}`), and `()` and `(x,)` are tuples, which nunjucks' parser refused. A Group
   * marked `isTuple` compiles to a tuple whatever its length (compiler.ts compileGroup).
   */
  parseAggregate(): NjNode | null {
    const open = this.nextToken();
    const { lineno, colno } = open;
    let node: NjNode;
    let close: string;
    if (open.type === njLexer.TOKEN_LEFT_PAREN) {
      node = new njNodes.Group(lineno, colno);
      close = njLexer.TOKEN_RIGHT_PAREN;
    } else if (open.type === njLexer.TOKEN_LEFT_BRACKET) {
      node = new njNodes.Array(lineno, colno);
      close = njLexer.TOKEN_RIGHT_BRACKET;
    } else if (open.type === njLexer.TOKEN_LEFT_CURLY) {
      node = new njNodes.Dict(lineno, colno);
      close = njLexer.TOKEN_RIGHT_CURLY;
    } else return null;
    let trailingComma = false;
    while (!this.skip(close)) {
      if (node.children!.length > 0) {
        if (!this.skip(njLexer.TOKEN_COMMA))
          this.fail('parseAggregate: expected comma after expression', lineno, colno);
        trailingComma = true;
        if (this.skip(close)) break;
      }
      trailingComma = false;
      if (node.typename === 'Dict') {
        const key = this.parsePrimary();
        if (!this.skip(njLexer.TOKEN_COLON))
          this.fail('parseAggregate: expected colon after dict key', lineno, colno);
        const value = this.parseExpression();
        node.addChild(new njNodes.Pair(key.lineno, key.colno, key, value));
      } else node.addChild(this.parseExpression());
    }
    if (node.typename === 'Group' && (node.children!.length !== 1 || trailingComma)) node.isTuple = true;
    return node;
  }

  /**
   * Call arguments as Jinja's parse_call_args reads them: positionals, then `*args`, keywords
   * and `**kwargs` (in that order only), and an optional trailing comma. `*x` and `**x` become
   * FltStarArgs / FltStarKwargs nodes that the compiler spreads into the argument array.
   */
  parseSignature(tolerant?: boolean, noParens?: boolean): NjNode | null {
    let tok = this.peekToken();
    if (!noParens && tok.type !== njLexer.TOKEN_LEFT_PAREN) {
      if (tolerant) return null;
      this.fail('expected arguments', tok.lineno, tok.colno);
    }
    if (tok.type === njLexer.TOKEN_LEFT_PAREN) tok = this.nextToken();
    const args = new njNodes.NodeList(tok.lineno, tok.colno);
    const kwargs = new njNodes.KeywordArgs(tok.lineno, tok.colno);
    let dynArgs: NjNode | undefined;
    let dynKwargs: NjNode | undefined;
    const ensure = (ok: boolean, at: NjToken) => {
      if (!ok) this.fail('invalid syntax for function call expression', at.lineno, at.colno);
    };
    let checkComma = false;
    for (;;) {
      tok = this.peekToken();
      if (!noParens && tok.type === njLexer.TOKEN_RIGHT_PAREN) {
        this.nextToken();
        break;
      }
      if (noParens && tok.type === njLexer.TOKEN_BLOCK_END) break;
      if (checkComma) {
        if (!this.skip(njLexer.TOKEN_COMMA))
          this.fail('parseSignature: expected comma after expression', tok.lineno, tok.colno);
        const after = this.peekToken();
        if (!noParens && after.type === njLexer.TOKEN_RIGHT_PAREN) continue;
        tok = after;
      }
      const star = tok.type === njLexer.TOKEN_OPERATOR && (tok.value === '*' || tok.value === '**');
      if (star && tok.value === '*') {
        ensure(!dynArgs && !dynKwargs, tok);
        this.nextToken();
        dynArgs = this.parseExpression();
      } else if (star) {
        ensure(!dynKwargs, tok);
        this.nextToken();
        dynKwargs = this.parseExpression();
      } else {
        const arg = this.parseExpression();
        if (this.skipValue(njLexer.TOKEN_OPERATOR, '=')) {
          ensure(!dynKwargs, tok);
          kwargs.addChild(new njNodes.Pair(arg.lineno, arg.colno, arg, this.parseExpression()));
        } else {
          ensure(!dynArgs && !dynKwargs && kwargs.children.length === 0, tok);
          args.addChild(arg);
        }
      }
      checkComma = true;
    }
    if (dynArgs) args.addChild(wrapNode('FltStarArgs', dynArgs));
    if (dynKwargs)
      args.addChild({
        ...wrapNode('FltStarKwargs', dynKwargs),
        keywords: kwargs.children.length ? kwargs : null,
      });
    else if (kwargs.children.length) args.addChild(kwargs);
    return args;
  }

  parsePostfix(start: NjNode): NjNode {
    let node = start;
    let tok = this.peekToken();
    while (tok) {
      if (tok.type === 'left-paren') {
        node = new njNodes.FunCall(tok.lineno, tok.colno, node, this.parseSignature());
      } else if (tok.type === 'left-bracket') {
        node = this.parseSubscript(node);
      } else if (tok.type === njLexer.TOKEN_OPERATOR && tok.value === '.') {
        this.nextToken();
        node = this.parseAttribute(node);
      } else {
        break;
      }
      tok = this.peekToken();
    }
    return node;
  }

  /**
   * `x is test`, `x is test(args)`, and Jinja's one-argument form `x is divisibleby 3`;
   * `none`/`true`/`false` are test names here, not literals.
   */
  parseIs(): NjNode {
    let node = this.parseCompare();
    if (this.skipSymbol('is')) {
      const not = this.skipSymbol('not');
      const nameTok = this.peekToken();
      let test: NjNode;
      if (nameTok.type === 'none' || nameTok.type === 'boolean') {
        this.nextToken();
        test = new njNodes.Symbol(nameTok.lineno, nameTok.colno, nameTok.value);
      } else {
        // A test name (`in`, `ansible.builtin.version`), then its call arguments if any:
        // postfix parsing would read `in [1, 2]` as a subscript.
        const first = this.nextToken();
        let name = first.value;
        while (this.peekToken()?.type === njLexer.TOKEN_OPERATOR && this.peekToken().value === '.') {
          this.nextToken();
          name += `.${this.nextToken().value}`;
        }
        test = new njNodes.Symbol(first.lineno, first.colno, name);
        if (this.peekToken()?.type === 'left-paren') {
          test = new njNodes.FunCall(first.lineno, first.colno, test, this.parseSignature());
        }
      }
      const argTok = this.peekToken();
      const bareArg =
        test.typename === 'Symbol' &&
        argTok &&
        (['int', 'float', 'string', 'none', 'boolean', 'left-bracket', 'left-curly'].includes(argTok.type) ||
          (argTok.type === njLexer.TOKEN_SYMBOL &&
            !['else', 'or', 'and', 'if', 'is', 'in', 'not'].includes(argTok.value)));
      if (bareArg) {
        const arg = this.parsePrimary();
        test = new njNodes.FunCall(
          test.lineno,
          test.colno,
          test,
          new njNodes.NodeList(arg.lineno, arg.colno, [arg]),
        );
      }
      node = new njNodes.Is(node.lineno, node.colno, node, test);
      if (not) node = new njNodes.Not(node.lineno, node.colno, node);
    }
    return node;
  }

  /** After a '.': a name (keywords included), or Jinja's integer attribute (`item.0`, lexed as int or float). */
  parseAttribute(target: NjNode): NjNode {
    const val = this.nextToken();
    const lookup = (key: unknown, node: NjNode) =>
      new njNodes.LookupVal(val.lineno, val.colno, node, literal(val, key));
    // Jinja's lexer has no keyword literals: `foo.null`, `foo.true` and `foo.none` are names there.
    if (val.type === njLexer.TOKEN_SYMBOL || val.type === 'boolean' || val.type === 'none')
      return lookup(val.value, target);
    if (val.type === njLexer.TOKEN_INT) return lookup(Number(val.value), target);
    if (val.type === njLexer.TOKEN_FLOAT) {
      const [first, second] = val.value.split('.');
      const node = lookup(Number(first), target);
      if (second !== '') return lookup(Number(second), node);
      // The lexer swallowed the next '.', so the following token is the next attribute.
      return this.parseAttribute(node);
    }
    return this.fail(`expected name as lookup value, got ${val.value}`, val.lineno, val.colno);
  }

  parseSubscript(target: NjNode): NjNode {
    const open = this.nextToken();
    const parts: (NjNode | null)[] = [null, null, null];
    let index = 0;
    let sawColon = false;
    for (;;) {
      if (this.skip(njLexer.TOKEN_RIGHT_BRACKET)) break;
      if (this.skip(njLexer.TOKEN_COLON)) {
        sawColon = true;
        if (++index > 2) this.fail('invalid slice', open.lineno, open.colno);
        continue;
      }
      if (parts[index]) this.fail('invalid index', open.lineno, open.colno);
      parts[index] = this.parseExpression();
    }
    if (!sawColon) {
      if (!parts[0]) this.fail('invalid index', open.lineno, open.colno);
      return new njNodes.LookupVal(open.lineno, open.colno, target, parts[0]);
    }
    const none = literal(open, null);
    return {
      typename: 'FltSlice',
      lineno: open.lineno,
      colno: open.colno,
      target,
      parts: parts.map((p) => p ?? none),
    };
  }
}

/**
 * nunjucks ends an expression at the first `}}`, even inside a dict literal
 * (`{{ {'a': {'b': 1}} }}`); Jinja balances braces. Split such `}}` tokens back into braces.
 */
function balanceBraces(tokenizer: any): any {
  const next = tokenizer.nextToken.bind(tokenizer);
  const queued: NjToken[] = [];
  let depth = 0;
  tokenizer.nextToken = () => {
    if (queued.length) return queued.shift();
    const tok: NjToken | null = next();
    if (!tok) return tok;
    if (tok.type === 'left-curly') depth++;
    else if (tok.type === 'right-curly') depth = Math.max(0, depth - 1);
    else if (tok.type === 'variable-end' && tok.value === '}}' && depth > 0) {
      tokenizer.in_code = true;
      depth--;
      if (depth > 0) {
        depth--;
        queued.push({ ...tok, type: 'right-curly', value: '}', colno: tok.colno + 1 });
      } else {
        tokenizer.backN(1);
      }
      return { ...tok, type: 'right-curly', value: '}' };
    }
    return tok;
  };
  return tokenizer;
}

/**
 * A string literal's value, read from just after its opening quote; `end` is set to the
 * index after the closing quote. Jinja decodes Python escapes (`\n`, `\x41`, `\101`;
 * unknown ones such as `\d` keep their backslash). `raw` keeps every backslash: Ansible
 * doubles backslashes in string literals inside `{{ }}` before Jinja reads them
 * (Templar._escape_backslashes), so `regex_replace('(\\d+)', '\\1')` means what it shows.
 */
export function readStringLiteral(s: string, start: number, quote: string, raw: boolean): [string, number] {
  let out = '';
  let i = start;
  while (i < s.length && s[i] !== quote) {
    const c = s[i];
    // Raw: after Ansible's doubling a backslash escapes nothing, not even a quote.
    if (c !== '\\' || raw || i + 1 >= s.length) {
      out += c;
      i++;
      continue;
    }
    const next = s[i + 1];
    if (Object.hasOwn(PYTHON_SIMPLE_ESCAPES, next)) {
      out += PYTHON_SIMPLE_ESCAPES[next];
      i += 2;
      continue;
    }
    const hexLength = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
    const hex = hexLength ? s.slice(i + 2, i + 2 + hexLength) : '';
    if (hexLength && /^[0-9a-fA-F]+$/.test(hex) && hex.length === hexLength) {
      out += String.fromCodePoint(Number.parseInt(hex, 16));
      i += 2 + hexLength;
      continue;
    }
    const octal = /^[0-7]{1,3}/.exec(s.slice(i + 1, i + 4))?.[0];
    if (octal) {
      out += String.fromCodePoint(Number.parseInt(octal, 8));
      i += 1 + octal.length;
      continue;
    }
    out += c + next;
    i += 2;
  }
  return [out, i + 1];
}

/** String tokens with Jinja's escapes, raw inside `{{ }}` when `rawInVariables` (see above). */
function jinjaStrings(tokenizer: any, rawInVariables: boolean): any {
  let inVariable = false;
  const next = tokenizer.nextToken.bind(tokenizer);
  tokenizer.nextToken = () => {
    const tok: NjToken | null = next();
    if (tok?.type === njLexer.TOKEN_VARIABLE_START) inVariable = true;
    else if (tok?.type === njLexer.TOKEN_VARIABLE_END || tok?.type === njLexer.TOKEN_BLOCK_START) {
      inVariable = false;
    }
    return tok;
  };
  tokenizer._parseString = (quote: string) => {
    const [value, end] = readStringLiteral(
      tokenizer.str,
      tokenizer.index + 1,
      quote,
      rawInVariables && inVariable,
    );
    tokenizer.forwardN(end - tokenizer.index);
    return value;
  };
  return tokenizer;
}

/**
 * nunjucks lexes `1e-5` as symbol `1e`, operator `-`, int `5` (and `1.5e3` as float `1.5`,
 * symbol `e3`); Jinja reads one float. Adjacent tokens of that shape are joined back.
 */
function exponentFloats(tokenizer: any): any {
  const next = tokenizer.nextToken.bind(tokenizer);
  const ahead: (NjToken | null)[] = [];
  const pull = (): NjToken | null => (ahead.length ? (ahead.shift() as NjToken | null) : next());
  const peek = (i: number): NjToken | null => {
    while (ahead.length <= i) ahead.push(next());
    return ahead[i];
  };
  tokenizer.nextToken = () => {
    const tok = pull();
    if (!tok) return tok;
    let text: string | undefined;
    if (tok.type === njLexer.TOKEN_SYMBOL && /^\d+[eE]\d+$/.test(tok.value)) text = tok.value;
    else if (tok.type === njLexer.TOKEN_SYMBOL || tok.type === njLexer.TOKEN_FLOAT) {
      const mantissa = tok.value;
      const exp = tok.type === njLexer.TOKEN_FLOAT ? peek(0) : tok;
      const expText = tok.type === njLexer.TOKEN_FLOAT ? exp?.value : mantissa.replace(/^\d+/, '');
      const base = tok.type === njLexer.TOKEN_FLOAT ? mantissa : mantissa.replace(/[eE]\d*$/, '');
      if (exp && exp.type === njLexer.TOKEN_SYMBOL && /^\d+(\.\d+)?$/.test(base)) {
        const consumed = tok.type === njLexer.TOKEN_FLOAT ? 1 : 0;
        if (/^[eE]\d+$/.test(expText ?? '')) {
          text = base + expText;
          ahead.splice(0, consumed);
        } else if (/^[eE]$/.test(expText ?? '')) {
          const sign = peek(consumed);
          const digits = peek(consumed + 1);
          if (sign?.type === njLexer.TOKEN_OPERATOR && /^[-+]$/.test(sign.value) && digits?.type === 'int') {
            text = `${base}${expText}${sign.value}${digits.value}`;
            ahead.splice(0, consumed + 2);
          }
        }
      }
    }
    return text === undefined ? tok : { ...tok, type: njLexer.TOKEN_FLOAT, value: text };
  };
  return tokenizer;
}

/**
 * A `#}` in template text outside a comment is text to Jinja; nunjucks' lexer throws
 * "unexpected end of comment" there. While it scans text that is not a comment, the
 * comment-end delimiter is not looked for, so it stays in the text.
 */
function strayCommentEnds(tokenizer: any): any {
  const next = tokenizer.nextToken.bind(tokenizer);
  const matches = tokenizer._matches.bind(tokenizer);
  let plainText = false;
  tokenizer._matches = (str: string) =>
    plainText && str === tokenizer.tags.COMMENT_END ? null : matches(str);
  tokenizer.nextToken = () => {
    plainText = !tokenizer.in_code && !matches(tokenizer.tags.COMMENT_START);
    try {
      return next();
    } finally {
      plainText = false;
    }
  };
  return tokenizer;
}

/**
 * Jinja applies trim_blocks and lstrip_blocks to comments as to blocks; nunjucks only to
 * blocks. The newline after `#}` is dropped, and the spaces or tabs before a `{#` that
 * starts its line are stripped from the text before it.
 */
function commentWhitespace(tokenizer: any, syntax: SyntaxOptions): any {
  const next = tokenizer.nextToken.bind(tokenizer);
  const pull = (): NjToken | null => {
    const tok: NjToken | null = next();
    if (tok?.type === njLexer.TOKEN_COMMENT && syntax.trimBlocks) {
      if (tokenizer.current() === '\n') tokenizer.forward();
      else if (tokenizer.current() === '\r') {
        tokenizer.forward();
        if (tokenizer.current() === '\n') tokenizer.forward();
      }
    }
    return tok;
  };
  let ahead: NjToken | null | undefined;
  tokenizer.nextToken = () => {
    const tok = ahead !== undefined ? ahead : pull();
    ahead = undefined;
    if (syntax.lstripBlocks && tok?.type === njLexer.TOKEN_DATA) {
      ahead = pull();
      if (ahead?.type === njLexer.TOKEN_COMMENT) {
        const text = tok.value as string;
        const lineStart = text.lastIndexOf('\n') + 1;
        const startsLine = lineStart > 0 || tok.colno === 0;
        if (startsLine && /^[ \t]*$/.test(text.slice(lineStart))) tok.value = text.slice(0, lineStart);
      }
    }
    return tok;
  };
  return tokenizer;
}

export function parse(source: string, syntax: SyntaxOptions): NjNode {
  try {
    return parseJinja(source, syntax);
  } catch (err) {
    const withoutComment = withoutTrailingCommentOpener(source);
    if (withoutComment === undefined) throw err;
    return parseJinja(withoutComment, syntax);
  }
}

/**
 * Jinja's lexer ends quietly at a `{#` that is the template's last text (`x {#`), where
 * nunjucks wants the comment's end; the source without that opener, when Jinja accepts it.
 */
function withoutTrailingCommentOpener(source: string): string | undefined {
  const opener = /\{#([-+]?)(\r\n|\r|\n)?$/.exec(source);
  if (!opener || jinjaSyntaxError(source) !== undefined) return undefined;
  const before = source.slice(0, opener.index);
  return opener[1] === '-' ? before.trimEnd() : before;
}

function parseJinja(source: string, syntax: SyntaxOptions): NjNode {
  const lexed = exponentFloats(commentWhitespace(strayCommentEnds(njLexer.lex(source, syntax)), syntax));
  const tokens = jinjaStrings(lexed, syntax.rawStringsInVariables === true);
  const parser = new AnsibleParser(balanceBraces(tokens));
  return parser.parseAsRoot();
}
