/**
 * File modes as Ansible accepts them: an int (used as is), an octal string ('0644',
 * '644'), or a symbolic string ('u+rw,g-w', 'a=rX', '+x'), applied to the current mode
 * the way module_utils/basic.py does (including X, s, t, u/g/o copies and the umask for
 * an empty "who").
 */
const PERM_BITS = 0o7777;
const EXEC_BITS = 0o111;
const OCTAL = /^[0-7]+$/;
const SYMBOLIC_CLAUSE = /^([ugoa]*)((?:[-+=][rwxXstugo]*)+)$/;

export class ModeError extends Error {}

export interface ModeBase {
  /** Current permission bits (0 when the file does not exist yet). */
  current: number;
  isDir: boolean;
  umask?: number;
}

/** Resolves a mode argument to permission bits; throws ModeError on bad input. */
export function resolveMode(mode: unknown, base: ModeBase): number {
  if (typeof mode === 'number') {
    if (!Number.isInteger(mode) || mode < 0 || mode > PERM_BITS)
      throw new ModeError(`mode must be in octal or symbolic form`);
    return mode;
  }
  const text = String(mode).trim();
  if (OCTAL.test(text)) {
    const n = Number.parseInt(text, 8);
    if (n > PERM_BITS) throw new ModeError(`mode must be in octal or symbolic form`);
    return n;
  }
  if (text === 'preserve') return base.current;
  return symbolicToOctal(text, base);
}

function permsFor(
  user: string,
  perms: string,
  prev: number,
  isDir: boolean,
  useUmask: boolean,
  umask: number,
): number {
  const rev = useUmask ? umask ^ PERM_BITS : PERM_BITS;
  const applyX = isDir || (prev & EXEC_BITS) > 0;
  const table: Record<string, Record<string, number>> = {
    u: {
      r: rev & 0o400,
      w: rev & 0o200,
      x: rev & 0o100,
      X: applyX ? 0o100 : 0,
      s: 0o4000,
      t: 0,
      u: prev & 0o700,
      g: (prev & 0o070) << 3,
      o: (prev & 0o007) << 6,
    },
    g: {
      r: rev & 0o040,
      w: rev & 0o020,
      x: rev & 0o010,
      X: applyX ? 0o010 : 0,
      s: 0o2000,
      t: 0,
      u: (prev & 0o700) >> 3,
      g: prev & 0o070,
      o: (prev & 0o007) << 3,
    },
    o: {
      r: rev & 0o004,
      w: rev & 0o002,
      x: rev & 0o001,
      X: applyX ? 0o001 : 0,
      s: 0,
      t: 0o1000,
      u: (prev & 0o700) >> 6,
      g: (prev & 0o070) >> 3,
      o: prev & 0o007,
    },
  };
  let out = 0;
  for (const p of perms) out |= table[user][p];
  return out;
}

function applyOperation(user: string, op: string, bits: number, current: number): number {
  if (op === '=') {
    const mask = user === 'u' ? 0o4700 : user === 'g' ? 0o2070 : 0o1007;
    return (current & (mask ^ PERM_BITS)) | bits;
  }
  if (op === '+') return current | bits;
  return current & ~bits;
}

/** Ansible's _symbolic_mode_to_octal. */
export function symbolicToOctal(symbolic: string, base: ModeBase): number {
  const prev = base.current & PERM_BITS;
  const umask = base.umask ?? 0o022;
  let mode = prev;
  for (const clause of symbolic.split(',')) {
    const m = SYMBOLIC_CLAUSE.exec(clause);
    if (!m) throw new ModeError(`bad symbolic permission for mode: ${clause}`);
    const useUmask = m[1] === '';
    const users = m[1] === '' || m[1].includes('a') ? 'ugo' : m[1];
    for (const action of m[2].match(/[-+=][^-+=]*/g) ?? []) {
      const op = action[0];
      const perms = action.slice(1);
      for (const user of users)
        mode = applyOperation(user, op, permsFor(user, perms, prev, base.isDir, useUmask, umask), mode);
    }
  }
  return mode;
}

/** '0644'-style text as file results and diffs report `mode` ('0%03o': a sticky dir is 01777). */
export function formatMode(bits: number): string {
  return `0${(bits & PERM_BITS).toString(8).padStart(3, '0')}`;
}

/** `mode` as stat and find report it ('%04o': a sticky dir is 1777). */
export function formatStatMode(bits: number): string {
  return (bits & PERM_BITS).toString(8).padStart(4, '0');
}
