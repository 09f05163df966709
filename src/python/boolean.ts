/**
 * Ansible's one `boolean()` (module_utils/parsing/convert_bool.py): the strings
 * y/yes/on/1/true/t and n/no/off/0/false/f in any case and padding, the numbers 1 and 0, and
 * booleans. Every keyword, option and argument that Ansible reads as a boolean reads it here.
 */

const TRUE_WORDS: ReadonlySet<string> = new Set(['y', 'yes', 'on', '1', 'true', 't']);
const FALSE_WORDS: ReadonlySet<string> = new Set(['n', 'no', 'off', '0', 'false', 'f']);

/** The boolean `value` spells, or undefined when it spells none. */
export function booleanOf(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  // 1.0 and 0.0 count too: Python compares 1 == 1.0 == True.
  if (typeof value === 'number' || value instanceof Number) {
    const n = Number(value);
    return n === 1 ? true : n === 0 ? false : undefined;
  }
  if (typeof value === 'string' || value instanceof String) {
    const word = String(value).trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
  }
  return undefined;
}

/**
 * `boolean(value, strict)`: strict (Ansible's default) throws Ansible's TypeError text for a
 * value that is not a boolean; not strict, such a value is false.
 */
export function boolean(value: unknown, strict = true): boolean {
  const b = booleanOf(value);
  if (b !== undefined) return b;
  if (!strict) return false;
  throw new TypeError(
    `The value '${value === null || value === undefined ? 'None' : String(value)}' is not a valid boolean.  Valid booleans include: 0, 'on', 'f', 'false', 1, 'no', 'n', '1', '0', 't', 'y', 'off', 'yes', 'true'`,
  );
}
