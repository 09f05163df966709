/**
 * ansible.posix.mount (`mount` is routed to it), the fstab half natively: present, absent and
 * absent_from_fstab edit the fstab file as the module's _set_mount_save_old and unset_mount
 * edit it (Linux's line format), the file created first when missing (in check mode too, as
 * the module does). mounted, unmounted and remounted run natively in check mode only, where
 * they only decide `changed`; outside it, and for ephemeral, Ansible's module runs through
 * the bridge, as it does for absent on a path that is still mounted.
 * One round trip reads the file and the mount state; a change writes it in a second (with
 * its backup), and absent removes the mount point's directory in a third.
 */
import { quote } from '../connection/shell-quote.js';
import { pyStrip, pyWords } from '../python/whitespace.js';
import type { ModuleDefinition, ModuleResult } from './types.js';
import { osError } from './util/os-error.js';
import { ModuleCrash, ModuleFailure, NativeUnsupported, run } from './util/remote.js';
import { backupName, writeRemoteFile } from './util/remote-file.js';
import { readLines } from './util/text-file.js';

const MARK = '__flotilla_mount__';

/** _escape_fstab: the characters fstab fields cannot hold. */
export const escapeFstab = (v: string): string =>
  v.replace(/\\/g, '\\134').replace(/ /g, '\\040').replace(/&/g, '\\046');

export interface FstabEntry {
  name: string;
  src?: string;
  fstype?: string;
  opts: string;
  dump: string;
  passno: string;
}

const FIELDS = ['src', 'name', 'fstype', 'opts', 'dump', 'passno'] as const;

/** Python's readlines() of a file opened in text mode (universal newlines). */
const textLines = (text: string) => readLines(text.replace(/\r\n?/g, '\n'));

/** Whether an fstab line's fields name the entry (for swap, `none`, its src as well). */
function matches(ld: Record<string, string | undefined>, name: string, src: string | undefined): boolean {
  if (ld.name !== name) return false;
  return !(src !== undefined && ld.name === 'none' && ld.fstype === 'swap' && ld.src !== src);
}

/** _set_mount_save_old on Linux: the file's new text and whether it changed. */
export function setMount(text: string, entry: FstabEntry): { changed: boolean; text: string } {
  const esc = Object.fromEntries(
    Object.entries(entry).map(([k, v]) => [k, v === undefined ? undefined : escapeFstab(v)]),
  ) as Record<string, string | undefined>;
  const out: string[] = [];
  let exists = false;
  let changed = false;
  for (let line of textLines(text)) {
    if (!line.endsWith('\n')) line += '\n';
    const stripped = pyStrip(line);
    const fields = pyWords(line);
    if (!stripped || stripped.startsWith('#') || fields.length < 4 || fields.length > 6) {
      out.push(line);
      continue;
    }
    // the fields a short line lacks are the int 0, never equal to a string: always rewritten
    const ld: Record<string, string | undefined> = {};
    fields.forEach((f, i) => {
      ld[FIELDS[i] as string] = f;
    });
    if (!matches(ld, esc.name as string, entry.src)) {
      out.push(line);
      continue;
    }
    exists = true;
    for (const t of ['src', 'fstype', 'opts', 'dump', 'passno']) {
      if (ld[t] !== esc[t]) {
        ld[t] = esc[t];
        changed = true;
      }
    }
    out.push(changed ? fstabLine(ld) : line);
  }
  if (!exists) {
    out.push(fstabLine(esc));
    changed = true;
  }
  return { changed, text: out.join('') };
}

const fstabLine = (ld: Record<string, string | undefined>) =>
  `${FIELDS.map((f) => ld[f] ?? 'None').join(' ')}\n`;

/** unset_mount on Linux: only six-field lines are entries. */
export function unsetMount(
  text: string,
  name: string,
  src: string | undefined,
): { changed: boolean; text: string } {
  const escName = escapeFstab(name);
  const out: string[] = [];
  let changed = false;
  for (const line of textLines(text)) {
    const stripped = pyStrip(line);
    const fields = pyWords(line);
    if (!stripped || stripped.startsWith('#') || fields.length !== 6) {
      out.push(line);
      continue;
    }
    const ld = Object.fromEntries(FIELDS.map((f, i) => [f, fields[i]]));
    if (!matches(ld, escName, src)) {
      out.push(line);
      continue;
    }
    changed = true;
  }
  return { changed, text: out.join('') };
}

/** Python's os.path.dirname. */
function pyDirname(p: string): string {
  const head = p.slice(0, p.lastIndexOf('/') + 1);
  return /^\/+$/.test(head) ? head : head.replace(/\/+$/, '');
}

interface HostState {
  /** The fstab could not be created: its open() error. */
  createError?: string;
  /** The file's text; null with readError when open() failed. */
  text: string | null;
  readError?: string;
  /** ismount(name) and name among /proc/self/mountinfo's mount points. */
  ismount: boolean;
  inMountinfo: boolean;
  mountinfo: boolean;
  exists: boolean;
}

/** The first round trip: the fstab made when missing, read, and the mount point's state. */
async function probe(
  ctx: Parameters<ModuleDefinition['run']>[1],
  fstab: string,
  name: string,
): Promise<HostState> {
  const dir = pyDirname(fstab);
  const res = await run(
    ctx,
    [
      `f=${quote(fstab)}; n=${quote(name)}; d=${quote(dir)}`,
      'export LC_ALL=C',
      'if [ ! -e "$f" ]; then',
      '  [ -e "$d" ] || mkdir -p -- "$d" 2>/dev/null',
      `  e=$( { : >> "$f"; } 2>&1 ) || { echo "${MARK} create"; echo "$e"; exit 0; }`,
      'fi',
      `if [ -d "$f" ]; then echo "${MARK} read"; echo "Is a directory"`,
      `elif [ ! -r "$f" ]; then echo "${MARK} read"; echo "Permission denied"`,
      `else echo "${MARK} text"; base64 < "$f" | tr -d '\\n'; echo; fi`,
      'm=0',
      'if [ ! -L "$n" ] && [ -e "$n" ]; then',
      '  a=$(stat -c "%d %i" -- "$n"); p=$(realpath -m -- "$n/..")',
      '  b=$(stat -c "%d %i" -- "$p" 2>/dev/null) &&',
      '  { set -- $a $b; if [ "$1" != "$3" ] || [ "$2" = "$4" ]; then m=1; fi; }',
      'fi',
      'i=0; r=0',
      'if [ -r /proc/self/mountinfo ]; then r=1',
      `  N="$n" awk '$5 == ENVIRON["N"] { f = 1 } END { exit !f }' /proc/self/mountinfo && i=1`,
      'fi',
      'x=0; [ -e "$n" ] && x=1',
      `echo "${MARK} state $m $i $r $x"`,
    ].join('\n'),
  );
  const out = res.stdout;
  const at = (word: string) => out.indexOf(`${MARK} ${word}`);
  const after = (word: string) => out.slice(at(word) + MARK.length + word.length + 2);
  if (at('create') >= 0)
    return {
      createError: after('create'),
      text: null,
      ismount: false,
      inMountinfo: false,
      mountinfo: true,
      exists: false,
    };
  const state = at('state');
  if (state < 0) throw new ModuleFailure(`Failed to read ${fstab}: ${res.stderr.trim()}`, res);
  const [m, i, r, x] = out
    .slice(state + MARK.length + 7)
    .trim()
    .split(' ');
  const flags = { ismount: m === '1', inMountinfo: i === '1', mountinfo: r === '1', exists: x === '1' };
  if (at('read') >= 0) return { text: null, readError: after('read').split('\n')[0], ...flags };
  const b64 = out.slice(at('text') + MARK.length + 6, state).trim();
  return { text: Buffer.from(b64, 'base64').toString('utf8'), ...flags };
}

const CHECK_ONLY = ['mounted', 'unmounted', 'remounted'];

export const mountModule: ModuleDefinition = {
  name: 'mount',
  args: {
    options: {
      boot: { type: 'bool', default: true },
      dump: { type: 'str', default: '0' },
      fstab: { type: 'str' },
      fstype: { type: 'str' },
      path: { type: 'path', required: true, aliases: ['name'] },
      opts: { type: 'str' },
      passno: { type: 'str', default: '0' },
      src: { type: 'path' },
      backup: { type: 'bool', default: false },
      state: {
        type: 'str',
        required: true,
        choices: ['absent', 'absent_from_fstab', 'mounted', 'present', 'unmounted', 'remounted', 'ephemeral'],
      },
    },
    requiredIf: [
      ['state', 'mounted', ['src', 'fstype']],
      ['state', 'present', ['src', 'fstype']],
      ['state', 'ephemeral', ['src', 'fstype']],
    ],
  },
  // ephemeral mounts without the fstab; a relative fstab is the module's own cwd's
  bridgeFor: (raw) =>
    raw.state === 'ephemeral' ||
    (typeof raw.fstab === 'string' && raw.fstab !== '' && !raw.fstab.startsWith('/')),
  async run(params, ctx): Promise<ModuleResult> {
    const state = params.state as string;
    if (CHECK_ONLY.includes(state) && !ctx.check) throw new NativeUnsupported('mount', `state=${state}`);
    const warnings: string[] = [];
    // main()'s args dict, in its order: what the module returns
    const args: Record<string, unknown> = {
      name: params.path,
      opts: 'defaults',
      dump: '0',
      passno: '0',
      fstab: params.fstab ?? '/etc/fstab',
      boot: 'yes',
      warnings,
      backup_file: '',
    };
    for (const key of ['src', 'fstype', 'passno', 'opts', 'dump', 'fstab'])
      if (params[key] !== undefined && params[key] !== null) args[key] = params[key];
    const opts = (args.opts as string).split(',');
    if (opts.includes('noauto')) warnings.push("Ignore the 'boot' due to 'opts' contains 'noauto'.");
    else if (!params.boot) {
      args.boot = 'no';
      if (opts.includes('defaults')) warnings.push("Ignore the 'boot' due to 'opts' contains 'defaults'.");
      else args.opts = [...opts, 'noauto'].join(',');
    }
    const fstab = args.fstab as string;
    const name = args.name as string;
    const src = args.src as string | undefined;

    const host = await probe(ctx, fstab, name);
    if (host.createError !== undefined) {
      if (host.createError.includes('Permission denied'))
        throw new ModuleFailure(`Failed to open ${fstab} due to permission issue`);
      throw new ModuleFailure(`Failed to open ${fstab} due to ${osError(host.createError, fstab)}`);
    }
    // main() notes it before the boot warnings
    if (!host.mountinfo)
      warnings.unshift('Cannot open file /proc/self/mountinfo. Bind mounts might be misinterpreted.');
    if (host.text === null) {
      const error = host.readError === 'Is a directory' ? 'IsADirectoryError' : 'PermissionError';
      throw new ModuleCrash(`${error}: ${osError(host.readError ?? '', fstab)}`);
    }
    const mounted = host.ismount || host.inMountinfo;
    const entry: FstabEntry = {
      name,
      src,
      fstype: args.fstype as string | undefined,
      opts: args.opts as string,
      dump: args.dump as string,
      passno: args.passno as string,
    };
    let changed = false;
    if (state === 'absent' || state === 'absent_from_fstab') {
      const plan = unsetMount(host.text, name, src);
      changed = plan.changed;
      if (changed && !ctx.check) {
        if (state === 'absent' && mounted) throw new NativeUnsupported('mount', 'absent on a mounted path');
        await writeFstab(ctx, fstab, plan.text, params.backup as boolean);
        if (state === 'absent' && host.exists) {
          const res = await run(ctx, `LC_ALL=C rmdir -- ${quote(name)}`);
          if (res.rc !== 0) throw new ModuleFailure(`Error rmdir ${name}: ${osError(res.stderr, name)}`);
        }
      }
    } else if (state === 'present' || state === 'mounted') {
      const plan = setMount(host.text, entry);
      changed = plan.changed;
      if (state === 'mounted') {
        // check mode only: mounted keeps the fstab's answer, a path not mounted would be mounted
        if (!host.ismount && host.inMountinfo) throw new NativeUnsupported('mount', 'a bind-mounted path');
        if (!host.ismount) changed = true;
      } else if (changed && !ctx.check) {
        args.backup_file = await writeFstab(ctx, fstab, plan.text, params.backup as boolean);
      }
    } else if (state === 'unmounted') changed = mounted;
    else changed = true; // remounted
    if (warnings.length === 0) delete args.warnings;
    return { changed, ...args };
  },
};

/** write_fstab: the new text, after backup_local's copy when asked; returns the backup's name. */
async function writeFstab(
  ctx: Parameters<ModuleDefinition['run']>[1],
  fstab: string,
  text: string,
  backup: boolean,
): Promise<string> {
  const copy = backup ? backupName(fstab) : '';
  await writeRemoteFile(ctx, fstab, text, {
    beforeWrite: backup ? `cp -p -- ${quote(fstab)} ${quote(copy)} || exit 2` : undefined,
  });
  return copy;
}
