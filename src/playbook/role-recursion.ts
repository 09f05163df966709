/**
 * A role that depends on itself, directly or through other roles. Ansible meets the cycle
 * as Python's RecursionError and reports it at the dependency entry that closes it; we
 * look for it before recursing, with the chain of roles in the message.
 */
import { isSeq, LineCounter, parseDocument } from 'yaml';
import { FlotillaError, type SourceLocation } from '../errors/index.js';
import { readControllerText } from '../vault/secrets.js';
import { PYYAML_OPTIONS, withoutBom } from '../yaml/pyyaml.js';

/** A role being compiled, outermost first. */
export interface RoleOnStack {
  name: string;
  dir: string;
}

/** Where entry `index` of `dependencies:` is written in a role's meta file. */
export function dependencyEntryLocation(metaFile: string, index: number): SourceLocation {
  const lineCounter = new LineCounter();
  try {
    const doc = parseDocument(withoutBom(readControllerText(metaFile)), { ...PYYAML_OPTIONS, lineCounter });
    const deps = doc.get('dependencies', true);
    const offset = isSeq(deps)
      ? (deps.items[index] as { range?: number[] } | undefined)?.range?.[0]
      : undefined;
    if (offset !== undefined) return { file: metaFile, ...lineCounter.linePos(offset) };
  } catch {
    // Unreadable meta files are reported where the role is loaded.
  }
  return { file: metaFile, line: 1, col: 1 };
}

/** The error for `dir` being loaded again while `stack` (outermost first) is compiled. */
export function roleRecursionError(
  stack: RoleOnStack[],
  again: RoleOnStack,
  location: SourceLocation | undefined,
): FlotillaError {
  const start = stack.findIndex((r) => r.dir === again.dir);
  const chain = [...stack.slice(start), again].map((r) => r.name).join(' -> ');
  const parent = stack[stack.length - 1];
  return new FlotillaError(
    'FLT_ROLE_RECURSION',
    `A recursion loop was detected with the roles specified (${chain}). Make sure child roles do not have dependencies on parent roles`,
    {
      location,
      hint: `remove "${again.name}" from the dependencies in the meta/main.yml of role "${parent.name}", or move what both roles need into a third role`,
    },
  );
}
