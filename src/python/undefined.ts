/**
 * Ansible's StrictUndefined: a missing variable is a value that fails as soon as it is
 * used (output, truthiness, arithmetic, most filters), but `default`, `is defined` and
 * attribute access on it (which returns itself, keeping the first failure) are fine.
 */
import { FlotillaError } from '../errors/index.js';

/** Jinja's `missing` sentinel: an undefined that is no object's missing attribute. */
export const MISSING: unique symbol = Symbol('missing');

export class AnsibleUndefined {
  /** @param reason the Jinja-style message, e.g. `'foo' is undefined`. */
  constructor(
    readonly reason: string,
    /** Jinja's _undefined_name: the missing variable's or attribute's name. */
    readonly variable?: string,
    /** Jinja's _undefined_obj: the object the attribute is missing from. */
    readonly obj: unknown = MISSING,
    /** Jinja's _undefined_hint: a message given instead of the name. */
    readonly hint?: string,
  ) {}

  fail(): never {
    throw new FlotillaError('FLT_TEMPLATE_UNDEFINED', this.reason);
  }

  toString(): string {
    return this.fail();
  }
}

export function isUndefined(value: unknown): value is AnsibleUndefined {
  return value instanceof AnsibleUndefined;
}

export function undefinedVariable(name: string): AnsibleUndefined {
  return new AnsibleUndefined(`'${name}' is undefined`, name);
}

/** Throws if `value` is, or (for containers) holds, an undefined value. */
export function assertDefinedDeep(value: unknown): void {
  if (value instanceof AnsibleUndefined) value.fail();
  if (Array.isArray(value)) {
    for (const item of value) assertDefinedDeep(item);
  } else if (
    value !== null &&
    typeof value === 'object' &&
    Object.getPrototypeOf(value) === Object.prototype
  ) {
    for (const key in value) assertDefinedDeep((value as Record<string, unknown>)[key]);
  }
}
