/**
 * What a lookup plugin is (Ansible's LookupBase.run(terms, variables, **kwargs)) and the
 * helpers plugins share: Python exception classes for errors, _flatten, listify, options.
 */

import { appendAll } from '../../../collections/append-all.js';
import { boolean } from '../../../python/boolean.js';
import { isMapping, pyIterable, pyTypeName } from '../../../python/values.js';
import type { Kwargs } from '../../runtime/define.js';
import type { RenderState } from '../../runtime/runtime.js';
import type { Delimiters } from '../../syntax/compiler.js';

export interface LookupServices {
  /**
   * Renders a template file's text with the current render's variables: text, or with
   * convertData the value Templar.template(convert_data=True) gives (a list, a dict...).
   */
  renderTemplateText(
    text: string,
    state: RenderState,
    file: string,
    options?: { tags?: Delimiters; convertData?: boolean },
  ): unknown;
}

/** Where a plugin runs: the render's variables and search path, and the engine's services. */
export interface LookupContext {
  state: RenderState;
  services: LookupServices;
  /** first_found's _subdir: set by a with_ loop from the task's action (Ansible's TaskExecutor). */
  subdir?: string;
}

/** A lookup plugin's run(); `terms` is a list, except a with_ loop may pass a dict (listify keeps it). */
export type LookupPlugin = (terms: unknown[], kwargs: Kwargs, ctx: LookupContext) => unknown[];

/**
 * A Python exception class name (`ansible.errors.AnsibleError`, `TypeError`): Templar._lookup
 * raises options and lookup errors as they are and wraps anything else as "An unhandled exception ...".
 */
export type PyErrorClass = string;

/** An exception a plugin raises: its Python class and str(e). */
export class LookupFailure extends Error {
  constructor(
    message: string,
    readonly pyClass: PyErrorClass = 'ansible.errors.AnsibleError',
  ) {
    super(message);
  }
}

export const ansibleError = (message: string) => new LookupFailure(message);
export const lookupError = (message: string) =>
  new LookupFailure(message, 'ansible.errors.AnsibleLookupError');
export const optionsError = (message: string) =>
  new LookupFailure(message, 'ansible.errors.AnsibleOptionsError');

/** `<class 'int'>` as Python prints type(x). */
export function pyClassOf(value: unknown): string {
  return `<class '${pyTypeName(value)}'>`;
}

/** Python's iteration of a value, failing with Python's TypeError text. */
export function iterate(value: unknown): unknown[] {
  if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean')
    throw new LookupFailure(`'${pyTypeName(value)}' object is not iterable`, 'TypeError');
  return pyIterable(value);
}

/** LookupBase._flatten: one level, lists (and tuples) spliced in. */
export function flattenOnce(terms: unknown): unknown[] {
  const out: unknown[] = [];
  for (const term of iterate(terms)) {
    if (Array.isArray(term)) appendAll(out, term);
    else out.push(term);
  }
  return out;
}

/**
 * listify_lookup_plugin_terms on an already templated value: a string or a non-iterable is
 * wrapped in a list; lists and dicts stay as they are.
 */
export function listify(value: unknown): unknown {
  if (typeof value === 'string' || !(Array.isArray(value) || isMapping(value))) return [value];
  return value;
}

/** Ansible's boolean(value, strict=False) as option type coercion uses it. */
export function optionBool(value: unknown): boolean {
  return boolean(value, false);
}

/** A list-typed option: a string is split on commas (Ansible's ensure_type 'list'). */
export function optionList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return value.split(',').map((s) => s.trim());
  return Array.isArray(value) ? value : [value];
}
