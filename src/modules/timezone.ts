/**
 * community.general.timezone (`timezone` is routed to it) on a Debian host without a usable
 * timedatectl: timezone.py's NosystemdTimezone with dpkg-reconfigure. The zone is the first
 * word of /etc/timezone, checked against /etc/localtime's link (or its content); hwclock is
 * UTC= in /etc/default/rcS, then /etc/adjtime. A change edits the file as _edit_file does and
 * runs `ln -sf` and `dpkg-reconfigure tzdata` (or `hwclock --systohc`) as the module runs
 * them. One round trip reads everything; a change, the commands and the re-read are a second.
 * Hosts whose timedatectl works (systemd), and other systems, run the module through the bridge.
 */
import { quote, quoteArgs } from '../connection/shell-quote.js';
import { boolean } from '../python/boolean.js';
import { pyRepr } from '../python/repr.js';
import { shlexSplit } from '../python/shlex.js';
import { PY_WHITESPACE } from '../python/whitespace.js';
import type { ModuleContext, ModuleDefinition, ModuleResult } from './types.js';
import { BIN_SEARCH_PATHS } from './util/bin-path.js';
import { type Captured, probeHost, runInitScript, type ScriptOutput } from './util/init-script.js';
import { ModuleFailure, NativeUnsupported } from './util/remote.js';

type Key = 'hwclock' | 'name';
/** The module's argument_spec order: the order it checks, changes and reports keys in. */
const KEYS: readonly Key[] = ['hwclock', 'name'];

const ZONEINFO = '/usr/share/zoneinfo/';
const CONF = { name: '/etc/timezone', hwclock: '/etc/default/rcS', adjtime: '/etc/adjtime' } as const;
type ConfKey = keyof typeof CONF;

// Python's `re` in MULTILINE mode: `^` only at the start and after "\n"; `\s` is str.isspace().
const WS = PY_WHITESPACE;
const NON_WS = `[^${WS.slice(1)}`;
const LINE_START = '(?<![^\\n])';
const REGEX: Record<ConfKey, RegExp> = {
  name: new RegExp(`${LINE_START}(${NON_WS}+)`),
  hwclock: new RegExp(`${LINE_START}UTC${WS}*=${WS}*(${NON_WS}+)`),
  adjtime: new RegExp(`${LINE_START}(UTC|LOCAL)(?=\\n|$)`),
};
const LINK_ZONE = /(?:\/(?:usr\/share|etc)\/zoneinfo\/)([^\n]*)/;

/** The host's state as one script reports it: each file's text, or missing, or unreadable. */
interface HostFiles {
  read(key: ConfKey): { missing: true } | { missing: false; text: string } | { error: true };
  localtime: { link?: string; exists: boolean; sameAsPlanned: boolean };
}

/** Shell text that reports the files the module reads (`@k KEY.missing`, `@cap KEY`). */
function readScript(planned: string | undefined): string {
  const lines = Object.entries(CONF).map(
    ([key, file]) => `if [ -e ${file} ]; then cap ${key} cat ${file}; else fact ${key}.missing 1; fi`,
  );
  const zone = quote(`${ZONEINFO}${planned ?? ''}`);
  lines.push(
    'if [ -L /etc/localtime ]; then',
    '  [ -e /etc/localtime ] && fact lt.exists 1',
    '  fact lt.link "$(readlink /etc/localtime)"',
    `elif [ -n ${quote(planned ?? '')} ] && cmp -s /etc/localtime ${zone}; then fact lt.same 1`,
    'fi',
  );
  return lines.join('\n');
}

function hostFiles(out: ScriptOutput): HostFiles {
  return {
    read(key) {
      if (out.facts.has(`${key}.missing`)) return { missing: true };
      const cap = out.caps.get(key) as Captured | undefined;
      if (cap?.rc !== 0) return { error: true };
      // open(…, 'r'): universal newlines
      return { missing: false, text: cap.stdout.replace(/\r\n?/g, '\n') };
    },
    localtime: {
      link: out.facts.get('lt.link'),
      exists: out.facts.has('lt.exists'),
      sameAsPlanned: out.facts.has('lt.same'),
    },
  };
}

/** Timezone.abort: the message, then the messages gathered so far. */
class Abort extends ModuleFailure {
  constructor(msg: string, notes: readonly string[]) {
    const lines = ['Error message:', msg];
    if (notes.length > 0) lines.push('Other message(s):', ...notes);
    super(lines.join('\n'));
  }
}

/** NosystemdTimezone.get and _get_value_from_config over one reading of the host. */
function currentValue(
  key: Key,
  phase: 'before' | 'after',
  planned: string,
  files: HostFiles,
  notes: readonly string[],
): string {
  const fromConfig = (conf: ConfKey): string => {
    const read = files.read(conf);
    if ('error' in read)
      throw new Abort(
        `tried to configure ${conf} using a file "${CONF[conf]}", but could not read it`,
        notes,
      );
    if (read.missing) return conf === 'adjtime' ? 'UTC' : 'n/a';
    const m = REGEX[conf].exec(read.text);
    if (!m) {
      if (conf === 'hwclock') return 'n/a';
      if (conf === 'adjtime') return 'UTC';
      if (phase === 'before') return 'n/a';
      throw new Abort(
        `tried to configure ${conf} using a file "${CONF[conf]}", but could not find a valid value in it`,
        notes,
      );
    }
    if (conf === 'hwclock') {
      try {
        return boolean(m[1]) ? 'UTC' : 'local';
      } catch (err) {
        throw new ModuleFailure((err as Error).message);
      }
    }
    if (conf === 'adjtime') return m[1] === 'UTC' ? 'UTC' : m[1].toLowerCase();
    return m[1];
  };
  if (key === 'hwclock') {
    const value = fromConfig('hwclock');
    return value === planned ? fromConfig('adjtime') : value;
  }
  const value = fromConfig('name');
  if (value !== planned) return value;
  const { link, exists, sameAsPlanned } = files.localtime;
  if (link === undefined) return sameAsPlanned ? value : 'n/a';
  if (!exists) return 'n/a';
  const linked = LINK_ZONE.exec(link);
  if (!linked) return 'n/a';
  return linked[1] !== planned ? linked[1] : value;
}

/** _edit_file's new text: the first matching line replaced by `line`, the other matches dropped. */
export function editLines(text: string, regex: RegExp, line: string): { text: string; deleted: number } {
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const matched = lines.flatMap((l, i) => (regex.test(l) ? [i] : []));
  const kept = lines.filter((_, i) => !matched.includes(i));
  kept.splice(matched.length > 0 ? matched[0] : 0, 0, line);
  return { text: kept.join(''), deleted: matched.length };
}

/** A command as run_command runs a string: shlex-split, and its `cmd` as _clean_args quotes it. */
const command = (text: string) => quoteArgs(shlexSplit(text));

export const timezoneModule: ModuleDefinition = {
  name: 'timezone',
  args: {
    options: {
      hwclock: { type: 'str', choices: ['local', 'UTC'], aliases: ['rtc'] },
      name: { type: 'str' },
    },
    requiredOneOf: [['hwclock', 'name']],
  },
  async run(args, ctx): Promise<ModuleResult> {
    const planned = new Map<Key, string>();
    for (const key of KEYS)
      if (args[key] !== null && args[key] !== undefined) planned.set(key, String(args[key]));
    const zone = planned.get('name');
    const probe = await probeHost(
      ctx,
      [
        'fact system "$(uname -s)"',
        BIN_SEARCH_PATHS,
        'fact paths "$ps"',
        // get_bin_path: the first executable non-dir in the paths
        'gbp() { FB=; o=$IFS; IFS=:; for d in $ps; do IFS=$o; [ -n "$d" ] && [ -x "$d/$1" ] && [ ! -d "$d/$1" ] && { FB=$d/$1; break; }; done; IFS=$o; fact "bin.$1" "$FB"; }',
        'for b in cp hwclock dpkg-reconfigure ln timedatectl; do gbp "$b"; done',
        '[ -n "$FB" ] && cap timedatectl "$FB"',
        zone !== undefined ? `[ -f ${quote(ZONEINFO + zone)} ] && fact zonefile 1` : '',
        readScript(zone),
      ].join('\n'),
    );
    const bin = (name: string) => probe.facts.get(`bin.${name}`) || undefined;
    if (probe.facts.get('system') !== 'Linux') throw new NativeUnsupported('timezone', 'not Linux');
    if (bin('timedatectl') && probe.caps.get('timedatectl')?.rc === 0)
      throw new NativeUnsupported('timezone', 'timedatectl works on this host');
    if (!bin('dpkg-reconfigure')) throw new NativeUnsupported('timezone', 'not a Debian host');
    const required = (name: string): string => {
      const found = bin(name);
      if (found) return found;
      throw new ModuleFailure(
        `Failed to find required executable "${name}" in paths: ${probe.facts.get('paths') ?? ''}`,
      );
    };
    // NosystemdTimezone.__init__, in its order
    const tzfile = `${ZONEINFO}${zone}`;
    if (zone !== undefined) {
      if (!probe.facts.has('zonefile')) throw new Abort(`given timezone "${zone}" is not available`, []);
      required('cp');
    }
    const hwclockBin = required('hwclock');
    const updateTimezone =
      zone === undefined
        ? []
        : [
            `${required('ln')} -sf ${tzfile} /etc/localtime`,
            `${required('dpkg-reconfigure')} --frontend noninteractive tzdata`,
          ];

    const notes: string[] = [];
    const values = (phase: 'before' | 'after', files: HostFiles) =>
      Object.fromEntries(
        [...planned].map(([key, want]) => [key, currentValue(key, phase, want, files, notes)]),
      );
    const before = values('before', hostFiles(probe));
    const plannedValues = Object.fromEntries(planned);
    const differs = (a: Record<string, string>, b: Record<string, string>) =>
      [...planned.keys()].some((k) => a[k] !== b[k]);
    if (ctx.check) return { changed: differs(before, plannedValues), diff: { before, after: plannedValues } };

    // change(): each key whose value is not the planned one, in spec order
    const steps: Step[] = [];
    for (const [key, want] of planned) {
      if (before[key] === want) continue;
      if (key === 'name') {
        steps.push(editStep(probe, 'name', `${want}\n`));
        for (const text of updateTimezone) steps.push({ command: text });
      } else {
        steps.push(editStep(probe, 'hwclock', `UTC=${want === 'local' ? 'no' : 'yes'}\n`));
        const text = `${hwclockBin} --systohc ${want === 'local' ? '--localtime' : '--utc'}`;
        steps.push({ command: text, note: `executed \`${text}\`` });
      }
    }
    const changedRun = await runChanges(ctx, steps, zone);
    const failedAt = Number(changedRun.facts.get('failed') ?? steps.length);
    for (const [i, step] of steps.slice(0, failedAt + 1).entries()) {
      if (i === failedAt && step.edit) {
        const file = CONF[step.edit];
        throw new Abort(
          `tried to configure ${step.edit} using a file "${file}", but could not write to it`,
          notes,
        );
      }
      if (i === failedAt && step.command !== undefined) {
        const cap = changedRun.caps.get(`step${i}`) as Captured;
        throw new ModuleFailure(cap.stderr.replace(/\s+$/, ''), {
          cmd: command(step.command),
          rc: cap.rc,
          stdout: cap.stdout,
          stderr: cap.stderr,
        });
      }
      if (step.note) notes.push(step.note);
    }
    const after = values('after', hostFiles(changedRun));
    if (differs(after, plannedValues)) {
      throw new Abort(
        `still not desired state, though changes have made - planned: ${pyRepr(plannedValues)}, after: ${pyRepr(pickPlanned(after, planned))}`,
        notes,
      );
    }
    const result: ModuleResult = { changed: differs(before, after), diff: { before, after } };
    if (notes.length > 0) result.msg = notes.join('\n');
    return result;
  },
};

/** One step of a change: a file edit (_edit_file) or a command (run_command, check_rc). */
interface Step {
  edit?: ConfKey;
  /** The edit's new text. */
  text?: string;
  command?: string;
  /** What the module adds to its messages once the step is done. */
  note?: string;
}

function editStep(probe: ScriptOutput, conf: ConfKey, line: string): Step {
  const read = hostFiles(probe).read(conf);
  const edited = editLines('text' in read ? read.text : '', REGEX[conf], line);
  return {
    edit: conf,
    text: edited.text,
    note: `Added 1 line and deleted ${edited.deleted} line(s) on ${CONF[conf]}`,
  };
}

/** A step as shell text: the first that fails reports `@k failed N` and ends the script. */
function stepScript(step: Step, i: number): string {
  const failed = `{ fact failed ${i}; exit 0; }`;
  if (step.edit) {
    const b64 = Buffer.from(step.text ?? '').toString('base64');
    return `printf %s ${quote(b64)} | base64 -d > ${CONF[step.edit]} || ${failed}`;
  }
  return `cap step${i} ${command(step.command ?? '')} || ${failed}`;
}

/** tz.diff('after', 'planned') keeps only the planned keys, in the spec's order. */
function pickPlanned(values: Record<string, string>, planned: Map<Key, string>): Record<string, string> {
  return Object.fromEntries([...planned.keys()].map((k) => [k, values[k]]));
}

/** Runs the change's steps in order (stopping at the first that fails), then re-reads the files. */
async function runChanges(ctx: ModuleContext, steps: readonly Step[], zone: string | undefined) {
  const out = await runInitScript(ctx, `${steps.map(stepScript).join('\n')}\n${readScript(zone)}`);
  if (out.rc !== 0 || !out.facts.has('locale'))
    throw new ModuleFailure('MODULE FAILURE\nSee stdout/stderr for the exact error', {
      module_stderr: out.stderr,
      rc: out.rc,
    });
  return out;
}
