/**
 * Typed access to the nunjucks internals we build on (parser, compiler, runtime).
 * @types/nunjucks only covers the public API; these modules are stable in nunjucks 3.x.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface NjNode {
  typename: string;
  lineno: number;
  colno: number;
  children?: NjNode[];
  value?: unknown;
  [key: string]: any;
}

export interface NjFrame {
  lookup(name: string): unknown;
  set(name: string, value: unknown, resolveUp?: boolean): void;
  push(isolateWrites?: boolean): NjFrame;
  topLevel: boolean;
}

export interface NjToken {
  type: string;
  value: string;
  lineno: number;
  colno: number;
}

export const njLexer = require('nunjucks/src/lexer.js') as {
  lex(src: string, opts: object): unknown;
  TOKEN_INT: string;
  TOKEN_FLOAT: string;
  TOKEN_SYMBOL: string;
  TOKEN_COLON: string;
  TOKEN_RIGHT_BRACKET: string;
  TOKEN_LEFT_BRACKET: string;
  TOKEN_OPERATOR: string;
  TOKEN_VARIABLE_START: string;
  TOKEN_VARIABLE_END: string;
  TOKEN_BLOCK_START: string;
  TOKEN_BLOCK_END: string;
  TOKEN_LEFT_PAREN: string;
  TOKEN_LEFT_CURLY: string;
  TOKEN_RIGHT_CURLY: string;
  TOKEN_RIGHT_PAREN: string;
  TOKEN_COMMA: string;
  TOKEN_COMMENT: string;
  TOKEN_DATA: string;
};

export const njParser = require('nunjucks/src/parser.js') as { Parser: new (...args: any[]) => any };
export const njCompiler = require('nunjucks/src/compiler.js') as { Compiler: new (...args: any[]) => any };
export const njTransformer = require('nunjucks/src/transformer.js') as {
  transform(ast: NjNode, asyncFilters: string[], name?: string): NjNode;
};
export const njNodes = require('nunjucks/src/nodes.js') as Record<string, any>;
export const njRuntime = require('nunjucks/src/runtime.js') as Record<string, any> & {
  Frame: new () => NjFrame;
};
export const njLib = require('nunjucks/src/lib.js') as { TemplateError: any };
