/**
 * sysvinit: sysvinit.py on the host's init script. One round trip checks the script, finds
 * the tools, globs the S?? links, runs `service NAME status` (and `ps auxww`, its last
 * resort); a change takes one more with update-rc.d (or chkconfig) and the script's action
 * (`restart` is stop and start, each followed by `sleep`), stopping at the first failure.
 */
import { quote } from '../connection/shell-quote.js';
import { shlexSplit } from '../python/shlex.js';
import type { ModuleDefinition, ModuleResult } from './types.js';
import { binFacts, type Captured, countGlob, probeHost, runInitScript, words } from './util/init-script.js';

type Status = { changed: boolean; rc: number | null; stdout: string | null; stderr: string | null };

/** sysvinit.py's reading of the status command (null: it could not tell). */
export function sysvinitStarted(name: string, status: Captured): boolean | null {
  const { rc, stdout: out } = status;
  if (name === 'iptables' && out.includes('ACCEPT')) return true;
  if ((out.match(/\n/g) ?? []).length <= 1) {
    const clean = out.toLowerCase().replaceAll(name.toLowerCase(), '');
    for (const stopped of ['stop', 'is dead ', 'dead but ', 'could not access pid file', 'inactive'])
      if (clean.includes(stopped)) return false;
    for (const started of ['run', 'start', 'active'])
      if (clean.includes(started) && !clean.includes('not ')) return true;
  }
  if ([1, 2, 3, 4, 69].includes(rc)) return false;
  return null;
}

const psHas = (ps: Captured | undefined, pattern: string) =>
  ps !== undefined &&
  ps.rc === 0 &&
  ps.stdout.split(/\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/).some((l) => l.includes(pattern));

export const sysvinitModule: ModuleDefinition = {
  name: 'sysvinit',
  args: {
    options: {
      name: { type: 'str', required: true, aliases: ['service'] },
      state: { type: 'str', choices: ['started', 'stopped', 'restarted', 'reloaded'] },
      enabled: { type: 'bool' },
      sleep: { type: 'int', default: 1 },
      pattern: { type: 'str' },
      arguments: { type: 'str', aliases: ['args'] },
      runlevels: { type: 'list', elements: 'str' },
      daemonize: { type: 'bool', default: false },
    },
    requiredOneOf: [['state', 'enabled']],
  },
  async run(args, ctx): Promise<ModuleResult> {
    const name = args.name as string;
    const state = (args.state ?? null) as string | null;
    const enabled = (args.enabled ?? null) as boolean | null;
    const runlevels = (args.runlevels ?? null) as string[] | null;
    const pattern = (args.pattern ?? null) as string | null;
    const sleepFor = args.sleep as number;
    const script = name.startsWith('/') ? name : `/etc/init.d/${name}`;
    const probe = [
      `[ -e ${quote(script)} ] || { fact missing 1; exit 0; }`,
      binFacts(['chkconfig', 'update-rc.d', 'insserv', 'service', 'ps']),
      '[ -d /etc/rc0.d/ ] && fact rc0 1',
    ];
    const levels = runlevels ?? [];
    for (const [i, rl] of levels.entries()) {
      probe.push(countGlob(`rl${i}`, `/etc/rc${quote(rl)}.d/S??`, name));
      probe.push(countGlob(`irl${i}`, `/etc/init.d/rc${quote(rl)}.d/S??`, name));
    }
    if (!runlevels?.length) {
      probe.push(countGlob('all', '/etc/rc?.d/S??', name));
      probe.push(countGlob('iall', '/etc/init.d/rc?.d/S??', name));
    }
    if (pattern === null) {
      probe.push(
        `bp service; SVC=$BP; if [ -n "$SVC" ]; then cap status "$SVC" ${words(shlexSplit(`${name} status`))}; else cap status ${words(shlexSplit(`${script} status`))}; fi`,
      );
    }
    probe.push('bp ps && cap ps "$BP" auxww');
    const { facts, caps, bin } = await probeHost(ctx, probe.join('\n'));
    const fail = (msg: string): ModuleResult => ({ changed: false, failed: true, msg });
    if (facts.has('missing')) return fail(`Could not find the requested service ${name}: `);
    const linked = (key: string) => Number(facts.get(facts.has('rc0') ? key : `i${key}`)) > 0;
    const warnings: string[] = [];
    const status: Record<string, Status> = {};
    const result: ModuleResult = { name, changed: false, status };

    // figure out started status
    let isStarted = false;
    let worked = false;
    let last: Captured = { rc: 0, stdout: '', stderr: '' };
    if (pattern !== null) worked = isStarted = psHas(caps.get('ps'), pattern);
    else {
      last = caps.get('status') ?? last;
      const read = sysvinitStarted(name, last);
      if (read !== null) [worked, isStarted] = [true, read];
      if (!worked) {
        if (last.rc === 0) worked = isStarted = true;
        else if (psHas(caps.get('ps'), name)) {
          worked = isStarted = true;
          warnings.push(
            'Used ps output to match service name and determine it is up, this is very unreliable',
          );
        }
      }
    }
    if (!worked) warnings.push('Unable to determine if service is up, assuming it is down');

    // enable / disable
    const en: Status = { changed: false, rc: null, stdout: null, stderr: null };
    status.enabled = en;
    const steps: string[] = [];
    const urc = bin('update-rc.d');
    const chk = bin('chkconfig');
    let enableCmd: string[] | undefined;
    if (runlevels?.length) {
      (en as Record<string, unknown>).runlevels = runlevels;
      for (const i of levels.keys()) {
        if (enabled !== linked(`rl${i}`)) {
          result.changed = true;
          en.changed = true;
        }
      }
      if (urc)
        enableCmd = [urc, ...shlexSplit(`${name} ${enabled ? 'enable' : 'disable'} ${levels.join(' ')}`)];
      else if (chk)
        enableCmd = [chk, ...shlexSplit(`--level ${levels.join('')} ${name} ${enabled ? 'on' : 'off'}`)];
    } else {
      if (enabled !== null && enabled !== linked('all')) {
        result.changed = true;
        en.changed = true;
      }
      if (urc) enableCmd = [urc, ...shlexSplit(`${name} ${enabled ? 'defaults' : 'disable'}`)];
      else if (chk) enableCmd = [chk, ...shlexSplit(`${name} ${enabled ? 'on' : 'off'}`)];
    }
    // sysvinit.py enables when anything changed so far (result['changed']), as written
    const runEnable = !ctx.check && result.changed === true && enableCmd !== undefined;
    if (runEnable)
      steps.push(
        `cap en ${words(enableCmd as string[])}; grep -q 'illegal runlevel specified' "$t/e" && exit 0`,
      );

    // state
    const key = state ?? 'null';
    const st: Status = { changed: false, rc: null, stdout: null, stderr: null };
    status[key] = st;
    let action: string | undefined;
    const doing: string[] = [];
    if (state !== null) {
      action = state.toLowerCase().replace(/p?ed$/, '');
      if (action === 'restart') doing.push('stop', 'start');
      else if (isStarted !== (action === 'start') || isStarted === (action === 'stop')) doing.push(action);
      if (doing.length) result.changed = st.changed = true;
      if (!ctx.check) {
        const runner = args.daemonize ? 'det ' : '';
        for (const [i, what] of doing.entries()) {
          const argText =
            args.arguments === undefined || args.arguments === null ? '' : String(args.arguments);
          steps.push(`cap do${i} ${runner}${words(shlexSplit(`${script} ${what} ${argText}`))} || exit 0`);
          if (action === 'restart' && sleepFor) steps.push(`sleep ${sleepFor}`);
        }
      }
    }
    const done = steps.length
      ? (await runInitScript(ctx, steps.join('\n'), facts.get('locale'))).caps
      : new Map();
    if (en.changed && !ctx.check) {
      // the enable command's answer, or (no tool ran) the status command's
      const c: Captured = done.get('en') ?? last;
      Object.assign(en, { rc: c.rc, stdout: c.stdout, stderr: c.stderr });
      if (c.stderr.includes('illegal runlevel specified'))
        return {
          ...fail(`Illegal runlevel specified for enable operation on service ${name}`),
          ...result,
          failed: true,
          ...(warnings.length ? { warnings } : {}),
        };
    }
    if (state !== null && doing.length && !ctx.check) {
      let c: Captured | undefined;
      for (const i of doing.keys()) {
        c = done.get(`do${i}`) as Captured | undefined;
        if (c && c.rc !== 0)
          return {
            changed: false,
            failed: true,
            msg: `Failed to ${action} service: ${name}`,
            rc: c.rc,
            stdout: c.stdout,
            stderr: c.stderr,
            ...(warnings.length ? { warnings } : {}),
          };
      }
      if (c) Object.assign(st, { rc: c.rc, stdout: c.stdout, stderr: c.stderr });
    }
    if (warnings.length) result.warnings = warnings;
    return result;
  },
};
