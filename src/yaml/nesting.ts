/**
 * A bound on flow nesting (`[[[[…` / `{{{{…`) checked before yaml sees the text: yaml's
 * lexer runs V8 out of memory (a fatal crash, not an exception) on ~1,500 unclosed `{`.
 * PyYAML stops far earlier, at Python's recursion limit, so no file Ansible reads is lost.
 */
import { FlotillaError } from '../errors/index.js';
export const MAX_FLOW_NESTING = 1000;

/** Offset of the bracket that nests deeper than MAX_FLOW_NESTING, if any. */
export function tooDeepFlowAt(text: string): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_FLOW_NESTING) return i;
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  return undefined;
}

export const TOO_DEEP_MESSAGE = `YAML nested more than ${MAX_FLOW_NESTING} brackets deep`;
export const TOO_DEEP_HINT = 'check for unclosed "[" or "{"; data this deep cannot be read by Ansible either';

/** 1-based line and column of `offset` in `text`. */
export function lineColAt(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: offset - start + 1 };
}

/**
 * yaml's ReferenceError for an alias with no anchor before it, as PyYAML's
 * "found undefined alias" at the alias; undefined for any other error.
 */
export function unresolvedAlias(
  err: unknown,
  text: string,
  file: string | undefined,
): FlotillaError | undefined {
  const m = err instanceof ReferenceError ? /^Unresolved alias[^:]*: (.+)$/.exec(err.message) : null;
  if (!m) return undefined;
  const offset = Math.max(0, text.indexOf(`*${m[1]}`));
  return new FlotillaError('FLT_YAML_SYNTAX', `found undefined alias '${m[1]}'`, {
    location: file ? { file, ...lineColAt(text, offset) } : undefined,
    hint: `define the anchor "&${m[1]}" before the alias "*${m[1]}" uses it`,
  });
}
