/**
 * service (ansible.legacy.service, which the service action plugin runs when the host's
 * service_mgr names no module of its own): service.py's LinuxService on a SysV init-script
 * host: get_service_tools, the status from `service NAME status` (or the pattern in
 * `ps auxww`), service_enable through update-rc.d's S??/K?? links, service_control's
 * daemonized commands. One round trip finds the tools and the status; a change takes one
 * more that runs update-rc.d and the action. The systemd, upstart, OpenRC, insserv and
 * chkconfig paths and the other platforms are not native: the task fails saying so (the
 * bridge, `--modules bridge`, runs Ansible's own module there).
 */
import { quote } from '../connection/shell-quote.js';
import { shlexSplit } from '../python/shlex.js';
import type { ModuleDefinition, ModuleResult } from './types.js';
import { binFacts, type Captured, countGlob, probeHost, runInitScript, words } from './util/init-script.js';
import { NativeUnsupported } from './util/remote.js';

const BINARIES = [
  'service',
  'chkconfig',
  'update-rc.d',
  'rc-service',
  'rc-update',
  'initctl',
  'systemctl',
  'start',
  'stop',
  'restart',
  'insserv',
  'ps',
];

const fail = (msg: string): ModuleResult => ({ changed: false, failed: true, msg });

/** A backend other than SysV init scripts: the task runs Ansible's module instead (bridge). */
const notNative = (what: string): never => {
  throw new NativeUnsupported('service', what);
};

/** LinuxService.get_service_status over `service NAME status` (and initctl's) output. */
export function sysvRunning(name: string, status: Captured, initctl?: Captured): boolean | null {
  let running: boolean | null = null;
  if (initctl) {
    if (initctl.stdout.includes('stop/waiting')) running = false;
    else if (initctl.stdout.includes('start/running')) running = true;
  }
  const { rc, stdout } = status;
  if (running === null && [1, 2, 3, 4, 69].includes(rc)) running = false;
  if (running === null && (stdout.match(/\n/g) ?? []).length <= 1) {
    const clean = stdout.toLowerCase().replaceAll(name.toLowerCase(), '');
    if (clean.includes('stop')) running = false;
    else if (clean.includes('run')) running = !clean.includes('not ');
    else if (clean.includes('start') && !clean.includes('not ')) running = true;
    else if (clean.includes('could not access pid file')) running = false;
    else if (clean.includes('is dead and pid file exists')) running = false;
    else if (clean.includes('dead but subsys locked')) running = false;
    else if (clean.includes('dead but pid file exists')) running = false;
  }
  if (running === null && rc === 0) running = true;
  if (running === null && name === 'iptables' && stdout.includes('ACCEPT')) running = true;
  return running;
}

/** Service.check_ps: a line of `ps auxww` has the pattern (and is not the module's own). */
export function psRunning(pattern: string, ps: Captured): boolean | null {
  if (ps.rc !== 0) return null;
  return ps.stdout.split('\n').some((line) => line.includes(pattern) && !line.includes('pattern='));
}

export const serviceModule: ModuleDefinition = {
  name: 'service',
  args: {
    options: {
      name: { type: 'str', required: true },
      state: { type: 'str', choices: ['started', 'stopped', 'reloaded', 'restarted'] },
      sleep: { type: 'int' },
      pattern: { type: 'str' },
      enabled: { type: 'bool' },
      runlevel: { type: 'str', default: 'default' },
      arguments: { type: 'str', default: '', aliases: ['args'] },
    },
    requiredOneOf: [['state', 'enabled']],
  },
  async run(args, ctx): Promise<ModuleResult> {
    const name = args.name as string;
    const state = (args.state ?? null) as string | null;
    const enable = (args.enabled ?? null) as boolean | null;
    const pattern = (args.pattern ?? null) as string | null;
    const argsText = (args.arguments ?? '') as string;
    const sleep = (args.sleep ?? null) as number | null;
    const initscript = `/etc/init.d/${name}`;
    // service_control's command words: `service NAME ACTION ARGS` (or the init script's)
    const control = (action: string) => `"$SVC" ${words(shlexSplit(`${name} ${action} ${argsText}`))}`;
    const controlInit = (action: string) => words(shlexSplit(`${initscript} ${action} ${argsText}`));
    const probe = [
      'SYS=$(uname -s); fact system "$SYS"',
      binFacts(BINARIES),
      `[ -f ${quote(initscript)} ] && fact initscript 1`,
      '[ -d /run/systemd/system/ ] || [ -d /dev/.run/systemd/ ] || [ -d /dev/.systemd/ ] || grep -q systemd /proc/1/comm 2>/dev/null && fact systemd 1',
      `[ -e ${quote(`/etc/init/${name}.conf`)} ] && fact upstart 1`,
      countGlob('slinks', '/etc/rc?.d/S??', name),
      countGlob('klinks', '/etc/rc?.d/K??', name),
    ];
    if (state !== null) {
      // the status, on the SysV path only (the others are not native)
      const sysv =
        '[ "$SYS" = Linux ] && { ! bp systemctl || ! { [ -d /run/systemd/system/ ] || [ -d /dev/.run/systemd/ ] || [ -d /dev/.systemd/ ] || grep -q systemd /proc/1/comm 2>/dev/null; }; } && ! bp rc-service && [ -f ' +
        `${quote(initscript)} ]`;
      if (pattern !== null) probe.push(`if ${sysv}; then bp ps && cap ps lang "$BP" auxww; fi`);
      else
        probe.push(
          `if ${sysv}; then`,
          `  bp service; SVC=$BP; if [ -n "$SVC" ]; then cap status dmn ${control('status')}; else cap status dmn ${controlInit('status')}; fi`,
          `  bp initctl && cap initctl lang "$BP" status ${words(shlexSplit(`${name} ${argsText}`))}`,
          'fi',
        );
    }
    const { facts, caps, bin } = await probeHost(ctx, probe.join('\n'));
    if (facts.get('system') !== 'Linux') return notNative(`this host's platform is ${facts.get('system')}`);
    // get_service_tools
    const hasInit = facts.has('initscript');
    let enableCmd: string | undefined;
    if (bin('systemctl') && facts.has('systemd')) return notNative('this host is booted with systemd');
    if (bin('initctl') && facts.has('upstart')) return notNative(`${name} is an upstart job`);
    if (bin('rc-service')) return notNative('this host runs OpenRC');
    if (hasInit) enableCmd = bin('update-rc.d') ?? bin('insserv') ?? bin('chkconfig');
    if (enableCmd === undefined) return fail(`Could not find the requested service ${name}: host`);
    const svcCmd = bin('service');
    if (svcCmd === undefined && !hasInit)
      return fail(
        "cannot find 'service' binary or init script for service,  possible typo in service name?, aborting",
      );

    const result: ModuleResult = { name };
    const steps: string[] = [];
    let changed = false;
    if (enable !== null) {
      // service_enable
      if (!enableCmd.endsWith('update-rc.d'))
        return notNative(`enabling ${name} would take ${enableCmd.split('/').pop()}`);
      const enabled = Number(facts.get('slinks')) > 0;
      if (enable !== enabled) {
        changed = true;
        const urc = (action: string) => words([enableCmd, ...shlexSplit(`${name} ${action}`)]);
        if (enable && Number(facts.get('klinks')) === 0)
          steps.push(`cap en1 lang ${urc('defaults')} || exit 0`);
        steps.push(`cap en2 lang ${urc(enable ? 'enable' : 'disable')} || exit 0`);
      }
      result.enabled = enable;
    }
    const enableFailure = (done: Map<string, Captured>): ModuleResult | undefined => {
      for (const step of ['en1', 'en2']) {
        const c = done.get(step);
        if (c && c.rc !== 0) return fail(c.stderr || c.stdout);
      }
      return undefined;
    };
    if (state === null) {
      if (steps.length && !ctx.check) {
        const second = await runInitScript(ctx, steps.join('\n'), facts.get('locale'));
        const failed = enableFailure(second.caps);
        if (failed) return failed;
      }
      result.changed = changed;
      return result;
    }
    result.state = state;
    const running =
      pattern !== null
        ? psRunning(pattern, caps.get('ps') ?? { rc: 1, stdout: '', stderr: '' })
        : sysvRunning(name, caps.get('status') ?? { rc: 1, stdout: '', stderr: '' }, caps.get('initctl'));
    // check_service_changed
    let svcChange = false;
    let failure: ModuleResult | undefined;
    if (running === null) failure = fail('failed determining service state, possible typo of service name?');
    else if (!running && (state === 'reloaded' || state === 'started')) svcChange = true;
    else if (running && (state === 'reloaded' || state === 'stopped')) svcChange = true;
    else if (state === 'restarted') svcChange = true;
    if (!failure && ctx.check && svcChange) return { changed: true, msg: 'service state changed' };
    const run = (action: string) =>
      `if [ -n "$SVC" ]; then cap ${action} dmn ${control(action)}; else cap ${action} dmn ${controlInit(action)}; fi`;
    let action: string | undefined;
    if (!failure && svcChange && !ctx.check) {
      steps.push('bp service; SVC=$BP');
      if (state === 'started' || (!running && state === 'reloaded')) action = 'start';
      else if (state === 'stopped') action = 'stop';
      else if (state === 'reloaded') action = 'reload';
      else action = 'restart';
      if (action !== 'restart') steps.push(run(action));
      else {
        steps.push(run('stop'));
        if (sleep) steps.push(`sleep ${sleep}`);
        steps.push(run('start'));
      }
    }
    let outcome = new Map<string, Captured>();
    if (steps.length && !ctx.check)
      outcome = (await runInitScript(ctx, steps.join('\n'), facts.get('locale'))).caps;
    const enableFailed = enableFailure(outcome);
    if (enableFailed) return enableFailed;
    if (failure) return failure;
    if (action) {
      let c = outcome.get(action) ?? { rc: 0, stdout: '', stderr: '' };
      if (action === 'restart') {
        const none = { rc: 0, stdout: '', stderr: '' };
        const stop = outcome.get('stop') ?? none;
        const start = outcome.get('start') ?? none;
        c =
          stop.rc !== 0 && start.rc === 0
            ? start
            : {
                rc: stop.rc + start.rc,
                stdout: stop.stdout + start.stdout,
                stderr: stop.stderr + start.stderr,
              };
      }
      if (c.rc !== 0 && !c.stderr.includes('Job is already running')) return fail(c.stderr || c.stdout);
    }
    result.changed = changed || svcChange;
    if (enable !== null) result.enabled = enable;
    result.state = state === 'stopped' ? 'stopped' : 'started';
    return result;
  },
};
