/**
 * Ansible's StrictUndefined: a missing variable is a value that fails as soon as it is
 * used (output, truthiness, arithmetic, most filters), but `default`, `is defined` and
 * attribute access on it (which returns itself, keeping the first failure) are fine.
 */
import { FlotillaError } from '../errors/index.js';

export class AnsibleUndefined {
  /** @param reason the Jinja-style message, e.g. `'foo' is undefined`. */
  constructor(
    readonly reason: string,
    /** Jinja's _undefined_name: the missing variable's or attribute's name. */
    readonly variable?: string,
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
