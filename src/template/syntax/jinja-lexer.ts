/**
 * Jinja2 3.1's lexer (default delimiters), for reading templates as Jinja2 does: its tokens
 * (syntax-errors.ts parses them) and Ansible's is_template() on top of it.
 */

/** A Jinja TemplateSyntaxError's message. */
export class JinjaSyntaxError extends Error {}

export interface Token {
  type: string;
  value: string;
}

const OPERATORS: Record<string, string> = {
  '+': 'add',
  '-': 'sub',
  '/': 'div',
  '//': 'floordiv',
  '*': 'mul',
  '%': 'mod',
  '**': 'pow',
  '~': 'tilde',
  '[': 'lbracket',
  ']': 'rbracket',
  '(': 'lparen',
  ')': 'rparen',
  '{': 'lbrace',
  '}': 'rbrace',
  '==': 'eq',
  '!=': 'ne',
  '>': 'gt',
  '>=': 'gteq',
  '<': 'lt',
  '<=': 'lteq',
  '=': 'assign',
  '.': 'dot',
  ':': 'colon',
  '|': 'pipe',
  ',': 'comma',
  ';': 'semicolon',
};
const REVERSE_OPERATORS: Record<string, string> = Object.fromEntries(
  Object.entries(OPERATORS).map(([k, v]) => [v, k]),
);
const TOKEN_DESCRIPTIONS: Record<string, string> = {
  comment_begin: 'begin of comment',
  comment_end: 'end of comment',
  comment: 'comment',
  block_begin: 'begin of statement block',
  block_end: 'end of statement block',
  variable_begin: 'begin of print statement',
  variable_end: 'end of print statement',
  data: 'template data / text',
  eof: 'end of template',
};

function describeType(type: string): string {
  return REVERSE_OPERATORS[type] ?? TOKEN_DESCRIPTIONS[type] ?? type;
}

export function describeToken(tok: Token): string {
  return tok.type === 'name' ? tok.value : describeType(tok.type);
}

export function describeExpr(expr: string): string {
  const colon = expr.indexOf(':');
  if (colon >= 0 && expr.slice(0, colon) === 'name') return expr.slice(colon + 1);
  return describeType(expr);
}

/** Python's repr() of a short string, as Jinja's messages quote names and characters. */
export function pyRepr(s: string): string {
  if (s.includes("'") && !s.includes('"')) return `"${s}"`;
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

const WHITESPACE = /\s+/y;
const FLOAT = /(?<!\.)(\d+_)*\d+((\.(\d+_)*\d+)?[eE][+-]?(\d+_)*\d+|\.(\d+_)*\d+)/y;
const INTEGER = /(0[bB](_?[01])+|0[oO](_?[0-7])+|0[xX](_?[\da-fA-F])+|[1-9](_?\d)*|0(_?0)*)/y;
const NAME = /[\p{ID_Start}_][\p{ID_Continue}]*/uy;
const STRING = /('([^'\\]*(?:\\.[^'\\]*)*)'|"([^"\\]*(?:\\.[^"\\]*)*)")/sy;
const OPERATOR = new RegExp(
  `(${Object.keys(OPERATORS)
    .sort((a, b) => b.length - a.length)
    .map((o) => o.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|')})`,
  'y',
);
const ROOT = /([\s\S]*?)(?:(\{%[-+]?\s*raw\s*(?:-%\}\s*|%\}))|(\{\{[-+]?)|(\{#[-+]?)|(\{%[-+]?))/y;
const COMMENT_END = /[\s\S]*?(?:\+#\}|-#\}\s*|#\}\n?)/y;
const RAW_END = /[\s\S]*?\{%[-+]?\s*endraw\s*(?:\+%\}|-%\}\s*|%\}\n?)/y;

function matchAt(re: RegExp, s: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos;
  return re.exec(s);
}

/** Python's unicode-escape decoding errors that Jinja reports for a string literal. */
function stringEscapeError(body: string): string | undefined {
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== '\\') continue;
    const next = body[i + 1];
    const width = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
    if (width) {
      const hex = body.slice(i + 2, i + 2 + width);
      if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex)) {
        return `truncated \\${next}${'X'.repeat(width)} escape`;
      }
      if (next === 'U' && Number.parseInt(hex, 16) > 0x10ffff) return 'illegal Unicode character';
    } else if (next === 'N') {
      if (!/^\{[^}]+\}/.test(body.slice(i + 2))) return 'malformed \\N character escape';
    }
    i++;
  }
  return undefined;
}

/**
 * Jinja's tokeniter (+ wrap's string check unless `lexOnly`): a lazy token stream, so lexing
 * errors surface where the parser reaches them.
 */
export function* tokenize(input: string, rawStringsInVariables: boolean, lexOnly = false): Generator<Token> {
  const lines = input.split(/\r\n|\r|\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const source = lines.join('\n');
  let pos = 0;
  const states: string[] = ['root'];
  const balancing: string[] = [];
  while (pos < source.length) {
    const state = states[states.length - 1];
    if (state === 'root') {
      const m = matchAt(ROOT, source, pos);
      if (!m) {
        yield { type: 'data', value: source.slice(pos) };
        pos = source.length;
        break;
      }
      if (m[1]) yield { type: 'data', value: m[1] };
      const [, , raw, variable, comment, block] = m;
      if (raw) {
        states.push('raw');
        yield { type: 'raw_begin', value: raw };
      } else if (variable) {
        states.push('variable');
        yield { type: 'variable_begin', value: variable };
      } else if (comment) {
        states.push('comment');
        yield { type: 'comment_begin', value: comment };
      } else if (block) {
        states.push('block');
        yield { type: 'block_begin', value: block };
      }
      pos = m.index + m[0].length;
      continue;
    }
    if (state === 'comment' || state === 'raw') {
      const m = matchAt(state === 'comment' ? COMMENT_END : RAW_END, source, pos);
      if (!m) {
        throw new JinjaSyntaxError(
          state === 'comment' ? 'Missing end of comment tag' : 'Missing end of raw directive',
        );
      }
      states.pop();
      yield { type: state === 'comment' ? 'comment_end' : 'raw_end', value: m[0] };
      pos = m.index + m[0].length;
      continue;
    }
    // Block or variable: the end tag only counts when brackets are balanced.
    const end = state === 'block' ? /\+%\}|-%\}\s*|%\}\n?/y : /-\}\}\s*|\}\}/y;
    const endMatch = balancing.length ? null : matchAt(end, source, pos);
    if (endMatch) {
      states.pop();
      yield { type: `${state}_end`, value: endMatch[0] };
      pos += endMatch[0].length;
      continue;
    }
    let m: RegExpExecArray | null;
    if ((m = matchAt(WHITESPACE, source, pos))) {
      pos += m[0].length;
    } else if ((m = matchAt(FLOAT, source, pos))) {
      pos += m[0].length;
      yield { type: 'float', value: m[0] };
    } else if ((m = matchAt(INTEGER, source, pos))) {
      pos += m[0].length;
      yield { type: 'integer', value: m[0] };
    } else if ((m = matchAt(NAME, source, pos))) {
      pos += m[0].length;
      yield { type: 'name', value: m[0] };
    } else if ((m = matchAt(STRING, source, pos))) {
      pos += m[0].length;
      // Ansible doubles backslashes inside `{{ }}` first, so no escape can be malformed there.
      const error =
        lexOnly || (rawStringsInVariables && state === 'variable')
          ? undefined
          : stringEscapeError(m[0].slice(1, -1));
      if (error) throw new JinjaSyntaxError(error);
      yield { type: 'string', value: m[0] };
    } else if ((m = matchAt(OPERATOR, source, pos))) {
      const op = m[0];
      if (op === '{') balancing.push('}');
      else if (op === '(') balancing.push(')');
      else if (op === '[') balancing.push(']');
      else if (op === '}' || op === ')' || op === ']') {
        if (!balancing.length) throw new JinjaSyntaxError(`unexpected '${op}'`);
        const expected = balancing.pop();
        if (expected !== op) throw new JinjaSyntaxError(`unexpected '${op}', expected '${expected}'`);
      }
      pos += op.length;
      yield { type: OPERATORS[op], value: op };
    } else {
      throw new JinjaSyntaxError(`unexpected char ${pyRepr(source[pos])} at ${pos}`);
    }
  }
}

/** Jinja's TokenStream: `current` is always one token ahead of what the parser consumed. */
export class TokenStream {
  current: Token = { type: 'eof', value: '' };
  private pushed: Token[] = [];
  private done = false;

  constructor(private readonly iter: Iterator<Token>) {
    this.next();
  }

  next(): Token {
    const rv = this.current;
    if (this.pushed.length) this.current = this.pushed.shift() as Token;
    else if (this.current.type !== 'eof' || !this.done) {
      let r = this.done ? undefined : this.iter.next();
      // Jinja's wrap() drops comments and raw markers before the parser sees them.
      while (r && !r.done && IGNORED_TOKENS.has(r.value.type)) r = this.iter.next();
      if (!r || r.done) {
        this.done = true;
        this.current = { type: 'eof', value: '' };
      } else this.current = r.value;
    }
    return rv;
  }

  look(): Token {
    const old = this.next();
    const result = this.current;
    this.pushed.push(result);
    this.current = old;
    return result;
  }

  test(expr: string, tok: Token = this.current): boolean {
    if (tok.type === expr) return true;
    const colon = expr.indexOf(':');
    return colon >= 0 && tok.type === expr.slice(0, colon) && tok.value === expr.slice(colon + 1);
  }

  skipIf(expr: string): boolean {
    if (!this.test(expr)) return false;
    this.next();
    return true;
  }

  expect(expr: string): Token {
    if (!this.test(expr)) {
      const described = pyRepr(describeExpr(expr));
      if (this.current.type === 'eof') {
        throw new JinjaSyntaxError(`unexpected end of template, expected ${described}.`);
      }
      throw new JinjaSyntaxError(`expected token ${described}, got ${pyRepr(describeToken(this.current))}`);
    }
    return this.next();
  }
}

const IGNORED_TOKENS = new Set(['comment_begin', 'comment_end', 'raw_begin', 'raw_end']);

/**
 * Ansible's template.is_template(): a string is a template when it lexes as Jinja and its
 * first begin token is closed by the matching end token. `{{ x }` is not one (it does not
 * lex), so Ansible does not warn about delimiters in such a conditional.
 */
export function isJinjaTemplate(data: string): boolean {
  if (!/\{[{%#]/.test(data)) return false;
  let found: string | undefined;
  let start = true;
  let comment = false;
  try {
    for (const token of tokenize(data, true, true)) {
      const [kind, edge] = [
        token.type.slice(0, token.type.indexOf('_')),
        token.type.slice(token.type.indexOf('_') + 1),
      ];
      if (edge === 'begin' && ['variable', 'block', 'comment', 'raw'].includes(kind)) {
        if (start && kind === 'comment') comment = true;
        start = false;
        found = kind;
      } else if (edge === 'end' && ['variable', 'block', 'comment', 'raw'].includes(kind)) {
        if (kind === found) return true;
        if (!comment) return false;
      }
    }
  } catch (err) {
    if (err instanceof JinjaSyntaxError) return false;
    throw err;
  }
  return false;
}
