/**
 * A module's AnsiballZ payload as built once per run (payload-builder.ts), and the per-host
 * fill: only the arguments differ between hosts, so the built payload is cut where Ansible
 * writes `ANSIBALLZ_PARAMS = <repr of the JSON arguments>` and each host's arguments are
 * written there as a Python string literal.
 */
import { FlotillaError } from '../errors/index.js';

/** Ansible's module styles (module_common._find_module_utils). */
export type ModuleStyle = 'new' | 'old' | 'non_native_want_json' | 'binary';

export interface ModulePayload {
  style: ModuleStyle;
  /** The module's `#!` line as Ansible computed it for /usr/bin/python3. */
  shebang?: string;
  /** new style: the payload before and after the arguments' literal. */
  head?: Buffer;
  tail?: Buffer;
  /** other styles: the module file as Ansible sends it. */
  data?: Buffer;
  /**
   * new style: the payload's module_utils zip with each source's compiled `.pyc` added, and
   * the magic number of the controller Python that compiled it (a warm runner whose Python
   * has the same one imports from it instead of compiling on the host).
   */
  bytecode?: { magic: string; zip: Buffer };
}

/** What the builder writes for the empty arguments it is given. */
const EMPTY_PARAMS = `ANSIBALLZ_PARAMS = '{"ANSIBLE_MODULE_ARGS": {}}'`;

export function splitPayload(
  name: string,
  style: ModuleStyle,
  shebang: string | undefined,
  data: Buffer,
): ModulePayload {
  if (style !== 'new') return { style, shebang, data };
  const at = data.indexOf(EMPTY_PARAMS);
  if (at < 0) {
    // jsonargs and PowerShell modules take their arguments elsewhere in the file.
    throw new FlotillaError('FLT_BRIDGE_STYLE', `module (${name}) is not an AnsiballZ Python module`, {
      hint: 'flotilla runs new-style Python modules (AnsibleModule) and WANT_JSON, old-style and binary modules',
    });
  }
  const cut = at + 'ANSIBALLZ_PARAMS = '.length;
  return { style, shebang, head: data.subarray(0, cut), tail: data.subarray(at + EMPTY_PARAMS.length) };
}

/** The payload for one host: `{"ANSIBLE_MODULE_ARGS": args}` as an ASCII Python literal. */
export function fillPayload(payload: ModulePayload, args: Record<string, unknown>): Buffer {
  if (!payload.head || !payload.tail) throw new Error(`fillPayload: a ${payload.style} module has no slot`);
  return Buffer.concat([payload.head, argsLiteral(args), payload.tail]);
}

/** What fillPayload writes between the payload's head and tail. */
export function argsLiteral(args: Record<string, unknown>): Buffer {
  return Buffer.from(pythonStringLiteral(asciiJson({ ANSIBLE_MODULE_ARGS: args })), 'ascii');
}

/** JSON with every non-ASCII code unit escaped, as Python's json.dumps(ensure_ascii=True). */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A single-quoted Python literal of ASCII text (JSON escapes every control character). */
function pythonStringLiteral(ascii: string): string {
  return `'${ascii.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
