/**
 * Jinja2 syntax that nunjucks' parser lacks: `item.0`, slices `x[1:-1]`, `x is divisibleby 3`,
 * `is none`, and `}}` closing nested dict literals inside an expression.
 */

import type { SyntaxOptions } from './compiler.js';
import { type NjNode, type NjToken, njLexer, njNodes, njParser } from './nunjucks-internals.js';

function literal(tok: { lineno: number; colno: number }, value: unknown): NjNode {
  return new njNodes.Literal(tok.lineno, tok.colno, value);
}

class AnsibleParser extends njParser.Parser {
  /** Marks float literals (`2.0`) so a whole one compiles to a float, not an int. */
  parsePrimary(noPostfix?: boolean): NjNode {
    const tok = this.peekToken();
    if (tok?.type !== njLexer.TOKEN_FLOAT) return super.parsePrimary(noPostfix);
    this.nextToken();
    const node = literal(tok, Number.parseFloat(tok.value as string));
    node.isFloat = true;
    return noPostfix ? node : this.parsePostfix(node);
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
        test = this.parsePrimary();
      }
      const argTok = this.peekToken();
      const bareArg =
        test.typename === 'Symbol' &&
        argTok &&
        (['int', 'float', 'string', 'none', 'boolean'].includes(argTok.type) ||
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

  /** After a '.': a name, or Jinja's integer attribute (`item.0`, lexed as int or float). */
  parseAttribute(target: NjNode): NjNode {
    const val = this.nextToken();
    const lookup = (key: unknown, node: NjNode) =>
      new njNodes.LookupVal(val.lineno, val.colno, node, literal(val, key));
    if (val.type === njLexer.TOKEN_SYMBOL) return lookup(val.value, target);
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

export function parse(source: string, syntax: SyntaxOptions): NjNode {
  const parser = new AnsibleParser(balanceBraces(njLexer.lex(source, syntax)));
  return parser.parseAsRoot();
}
