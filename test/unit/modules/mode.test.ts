import { describe, expect, it } from 'vitest';
import { formatMode, resolveMode } from '../../../src/modules/util/mode.js';

const file = (current: number) => ({ current, isDir: false });

describe('resolveMode', () => {
  it('octal strings and ints', () => {
    expect(resolveMode('0644', file(0))).toBe(0o644);
    expect(resolveMode('755', file(0))).toBe(0o755);
    expect(resolveMode('04755', file(0))).toBe(0o4755);
    expect(resolveMode(0o600, file(0))).toBe(0o600);
  });

  it.each([
    ['u+rw', 0o000, 0o600],
    ['g-w', 0o664, 0o644],
    ['u=rwx,go=rx', 0o600, 0o755],
    ['a+x', 0o644, 0o755],
    ['o=', 0o777, 0o770],
    ['go-rwx', 0o755, 0o700],
    ['u+s', 0o755, 0o4755],
    ['+t', 0o755, 0o1755],
    ['g=u', 0o740, 0o770],
    ['u=rw,g=r,o=r', 0o777, 0o644],
  ])('%s on %o → %o', (mode, current, expected) => {
    expect(resolveMode(mode, file(current))).toBe(expected);
  });

  it('X applies to directories and to files already executable', () => {
    expect(resolveMode('a+X', { current: 0o644, isDir: false })).toBe(0o644);
    expect(resolveMode('a+X', { current: 0o744, isDir: false })).toBe(0o755);
    expect(resolveMode('a+X', { current: 0o644, isDir: true })).toBe(0o755);
  });

  it('an empty "who" honours the umask', () => {
    expect(resolveMode('+w', { current: 0o444, isDir: false, umask: 0o022 })).toBe(0o644);
  });

  it('rejects nonsense', () => {
    expect(() => resolveMode('u+q', file(0))).toThrow(/bad symbolic permission for mode: u\+q/);
    expect(() => resolveMode('z=r', file(0))).toThrow();
  });

  it('formats like Ansible', () => {
    expect(formatMode(0o644)).toBe('0644');
    expect(formatMode(0o4755)).toBe('04755');
    expect(formatMode(0o7)).toBe('0007');
  });
});
