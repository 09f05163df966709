/**
 * Lazy variables: a render sees the caller's plain vars object, and a value that itself
 * holds templates (`url: "http://{{ host }}"`) is rendered only when a template
 * references it, once per render call, with cycle detection.
 */
import { FlotillaError } from '../errors/index.js';
import { isSealedVault } from '../vault/sealed.js';
import { isMapping } from './python.js';

export type VarsLike = Record<string, unknown>;

/** Ansible's is_possibly_template: any of Jinja's start delimiters (a comment counts too). */
export function isTemplateString(value: string): boolean {
  return value.includes('{{') || value.includes('{%') || value.includes('{#');
}

/**
 * Remembers containers already found template-free, so big fact dicts are scanned once.
 * Vars containers are treated as immutable once they have been read by a template.
 */
export class TemplateScanCache {
  private readonly clean = new WeakSet<object>();

  containsTemplate(value: unknown): boolean {
    // A sealed !vault value counts: rendering it is using it, which must decrypt or fail.
    if (typeof value === 'string') return isTemplateString(value) || isSealedVault(value);
    if (value === null || typeof value !== 'object') return false;
    if (this.clean.has(value)) return false;
    let found = false;
    if (Array.isArray(value)) found = value.some((v) => this.containsTemplate(v));
    else if (isMapping(value)) {
      for (const key in value) {
        if (this.containsTemplate(value[key]) || isTemplateString(key)) {
          found = true;
          break;
        }
      }
    }
    if (!found) this.clean.add(value);
    return found;
  }
}

export type ValueRenderer = (value: unknown, scope: Scope) => unknown;

export class Scope {
  private resolved: Map<string, unknown> | undefined;
  private readonly resolving = new Set<string>();

  constructor(
    readonly vars: VarsLike,
    private readonly renderValue: ValueRenderer,
    private readonly scan: TemplateScanCache,
  ) {}

  has(name: string): boolean {
    return name in this.vars;
  }

  get(name: string): unknown {
    const known = this.resolved?.get(name);
    if (known !== undefined || this.resolved?.has(name)) return known;
    const raw = this.vars[name];
    if (raw === undefined) return null;
    if (!this.scan.containsTemplate(raw)) {
      // Remembered too: a loop reads the same variables thousands of times per render.
      this.resolved ??= new Map();
      this.resolved.set(name, raw);
      return raw;
    }
    if (this.resolving.has(name)) {
      throw new FlotillaError(
        'FLT_TEMPLATE_RECURSION',
        `recursive loop detected in template string: ${typeof raw === 'string' ? raw : name}`,
        { hint: `variable '${name}' refers to itself, directly or through other variables` },
      );
    }
    this.resolving.add(name);
    let value: unknown;
    try {
      value = this.renderValue(raw, this);
    } finally {
      this.resolving.delete(name);
    }
    this.resolved ??= new Map();
    this.resolved.set(name, value);
    return value;
  }

  /** Names for "did you mean" hints. */
  names(): string[] {
    return Object.keys(this.vars);
  }
}
