/**
 * systemd (alias systemd_service; the service action's backend when service_mgr is systemd):
 * Ansible 2.14's systemd_service.py over systemctl. The first round trip finds systemctl as
 * get_bin_path does (PATH first, then the sbin dirs), runs daemon-reload / daemon-reexec when
 * asked, then the reads the module makes: `show` (parsed as parse_systemctl_show does), the
 * fallbacks for a `show` that failed or was ignored (is-enabled, list-unit-files, is-active),
 * `is-enabled` for masked and `is-enabled -l` for enabled, the init script and its S?? links
 * (sysv_exists / sysv_is_enabled) and, when it may matter, is_chroot's facts. A change takes
 * one more round trip (mask, enable, start/stop/...); a mask change with `enabled` takes two,
 * as the module reads is-enabled again after masking.
 */
import { quote } from '../connection/shell-quote.js';
import { shlexSplit } from '../python/shlex.js';
import type { ModuleDefinition, ModuleResult } from './types.js';
import { type Captured, countGlob, probeHost, runInitScript, words } from './util/init-script.js';
import { splitLines } from './util/remote.js';

const VALID_ENABLED_STATES = [
  'enabled',
  'enabled-runtime',
  'linked',
  'linked-runtime',
  'masked',
  'masked-runtime',
  'static',
  'indirect',
  'disabled',
  'generated',
  'transient',
];

const SBIN = ['/sbin', '/usr/sbin', '/usr/local/sbin'];

const NONE: Captured = { rc: 0, stdout: '', stderr: '' };

const fail = (msg: string, extra: Record<string, unknown> = {}): ModuleResult => ({
  changed: false,
  failed: true,
  msg,
  ...extra,
});

/** systemd_service.py request_was_ignored. */
export const requestWasIgnored = (out: string): boolean =>
  !out.includes('=') && (out.includes('ignoring request') || out.includes('ignoring command'));

/** Python's str.strip() and friends (whitespace as str.isspace sees it, close enough for systemctl). */
const pyStrip = (s: string) => s.trim();

/**
 * systemd_service.py parse_systemctl_show: key=value lines, a value of an Exec* key that
 * starts with `{` and does not end with `}` going on over the lines up to one that does.
 */
export function parseSystemctlShow(lines: readonly string[]): Record<string, string> {
  const parsed: Record<string, string> = {};
  let multival: string[] = [];
  let k: string | null = null;
  for (const line of lines) {
    if (k === null) {
      const at = line.indexOf('=');
      if (at >= 0) {
        k = line.slice(0, at);
        const v = line.slice(at + 1);
        if (k.startsWith('Exec') && v.trimStart().startsWith('{') && !v.trimEnd().endsWith('}')) {
          multival.push(v);
          continue;
        }
        parsed[k] = pyStrip(v);
        k = null;
      }
    } else {
      multival.push(line);
      if (line.trimEnd().endsWith('}')) {
        parsed[k] = pyStrip(multival.join('\n'));
        multival = [];
        k = null;
      }
    }
  }
  return parsed;
}

/** The first round trip's search for systemctl: get_bin_path (PATH, then the sbin dirs). */
const FIND_SYSTEMCTL = `SC=; o=$IFS; IFS=:; for d in \${PATH-}; do IFS=$o; bx "$d" systemctl && { SC=$BP; break; }; done; IFS=$o
if [ -z "$SC" ]; then for d in ${SBIN.join(' ')}; do bx "$d" systemctl && { SC=$BP; break; }; done; fi
if [ -z "$SC" ]; then fact nosc 1; fact path "\${PATH-}"; for d in ${SBIN.join(' ')}; do [ -e "$d" ] && fact "sbin$d" 1; done; exit 0; fi
fact sc "$SC"`;

/** AnsibleModule sets XDG_RUNTIME_DIR when the module's environment lacks it. */
const XDG = `[ -n "\${XDG_RUNTIME_DIR+x}" ] || { XDG_RUNTIME_DIR=/run/user/$(id -u); export XDG_RUNTIME_DIR; }`;

export const systemdModule: ModuleDefinition = {
  name: 'systemd',
  args: {
    options: {
      name: { type: 'str', aliases: ['service', 'unit'] },
      state: { type: 'str', choices: ['reloaded', 'restarted', 'started', 'stopped'] },
      enabled: { type: 'bool' },
      force: { type: 'bool' },
      masked: { type: 'bool' },
      daemon_reload: { type: 'bool', default: false, aliases: ['daemon-reload'] },
      daemon_reexec: { type: 'bool', default: false, aliases: ['daemon-reexec'] },
      scope: { type: 'str', default: 'system', choices: ['system', 'user', 'global'] },
      no_block: { type: 'bool', default: false },
    },
    requiredOneOf: [['state', 'enabled', 'masked', 'daemon_reload', 'daemon_reexec']],
    requiredBy: { state: ['name'], enabled: ['name'], masked: ['name'] },
  },
  // a quote in the unit name breaks the module's own '%s' quoting (shlex): Ansible's module
  bridgeFor: (raw) =>
    ['name', 'service', 'unit'].some((k) => typeof raw[k] === 'string' && raw[k].includes("'")),
  async run(args, ctx): Promise<ModuleResult> {
    const unit = (args.name ?? null) as string | null;
    const state = (args.state ?? null) as string | null;
    const enable = (args.enabled ?? null) as boolean | null;
    const mask = (args.masked ?? null) as boolean | null;
    const scope = args.scope as string;
    if (unit !== null)
      for (const glob of ['*', '?', '['])
        if (unit.includes(glob))
          return fail(
            `This module does not currently support using glob patterns, found '${glob}' in service name: ${unit}`,
          );
    const flags: string[] = [];
    if (scope !== 'system') flags.push(`--${scope}`);
    if (args.no_block) flags.push('--no-block');
    if (args.force) flags.push('--force');
    // "%s <cmd>" % systemctl, as run_command shlex-splits it
    const sc = (cmd: string) => `"$SC" ${words([...flags, ...shlexSplit(cmd)])}`;
    const u = `'${unit}'`;
    const reload = Boolean(args.daemon_reload) && !ctx.check;
    const reexec = Boolean(args.daemon_reexec) && !ctx.check;

    const probe = [XDG, FIND_SYSTEMCTL];
    if (reload) probe.push(`cap dr ${sc('daemon-reload')} || exit 0`);
    if (reexec) probe.push(`cap dx ${sc('daemon-reexec')} || exit 0`);
    const unitBase = unit === null ? '' : unit.split('@')[0];
    const unitSearch = unit === null ? '' : unit.includes('@') ? `${unitBase}@` : unitBase;
    if (unit !== null) {
      const initd = unit.startsWith('/') ? unit : `/etc/init.d/${unit}`;
      probe.push(
        `[ -e ${quote(initd)} ] && fact initd 1`,
        `cap show ${sc(`show ${u}`)}; r=$?; fb=; na=`,
        'if [ $r -ne 0 ] || grep -q ignoring "$t/o" "$t/e"; then fb=1; fi',
        'grep -q "^ActiveState=" "$t/o" || na=1',
        `if [ -n "$fb" ]; then cap lufb ${sc(`list-unit-files '${unitSearch}*'`)}; cap ia ${sc(`is-active ${u}`)}; fi`,
      );
      probe.push(
        mask !== null
          ? `cap ie ${sc(`is-enabled ${u}`)}`
          : `if [ -n "$fb" ]; then cap ie ${sc(`is-enabled ${u}`)}; fi`,
        `if [ -n "$fb" ]; then cap luf ${sc(`list-unit-files ${u}`)} || cap bare "$SC"${flags.length ? ` ${words(flags)}` : ''}; fi`,
      );
      if (enable !== null) {
        probe.push(`cap iel ${sc(`is-enabled ${u} -l`)}`);
        if (scope === 'system')
          probe.push(
            `if [ -d /etc/rc0.d/ ]; then ${countGlob('sysv', '/etc/rc?.d/S??', unit)}; else ${countGlob('sysv', '/etc/init.d/rc?.d/S??', unit)}; fi`,
          );
      }
      if (state !== null)
        probe.push(
          'if [ -n "$fb$na" ]; then',
          `  [ -n "\${debian_chroot-}" ] && fact dchroot 1`,
          `  fact offline "\${SYSTEMD_OFFLINE-}"`,
          `  fact root "$(stat -c '%d %i' / 2>/dev/null)"`,
          `  p=$(stat -L -c '%d %i' /proc/1/root/. 2>/dev/null) && fact proot "$p"`,
          '  fact rootfs "$(stat -f --format=%T / 2>/dev/null)"',
          'fi',
        );
    }
    const { facts, caps } = await probeHost(ctx, probe.join('\n'));
    const cap = (name: string) => caps.get(name) ?? NONE;
    if (facts.has('nosc')) {
      const paths = (facts.get('path') ?? '').split(':');
      for (const p of SBIN) if (!paths.includes(p) && facts.has(`sbin${p}`)) paths.push(p);
      return fail(`Failed to find required executable "systemctl" in paths: ${paths.join(':')}`);
    }
    if (reload && cap('dr').rc !== 0)
      return fail(`failure ${cap('dr').rc} during daemon-reload: ${cap('dr').stderr}`);
    if (reexec && cap('dx').rc !== 0)
      return fail(`failure ${cap('dx').rc} during daemon-reexec: ${cap('dx').stderr}`);

    let status: Record<string, string> = {};
    const result: ModuleResult = { name: unit, changed: false, status };
    if (unit === null) return result;

    const warnings: string[] = [];
    const withWarnings = (r: ModuleResult): ModuleResult => (warnings.length ? { ...r, warnings } : r);
    const isInitd = facts.has('initd');
    let isSystemd = false;
    const show = cap('show');
    if (show.rc === 0 && !(requestWasIgnored(show.stdout) || requestWasIgnored(show.stderr))) {
      if (show.stdout) {
        status = parseSystemctlShow(show.stdout.split('\n'));
        result.status = status;
        isSystemd = 'LoadState' in status && status.LoadState !== 'not-found';
        const isMasked = 'LoadState' in status && status.LoadState === 'masked';
        if (isSystemd && !isMasked && 'LoadError' in status)
          return fail(`Error loading unit file '${unit}': ${status.LoadError}`);
      }
    } else if (show.stderr && show.rc === 1 && show.stderr.includes('Failed to parse bus message')) {
      // https://github.com/ansible/ansible/issues/71528
      status = parseSystemctlShow(show.stdout.split('\n'));
      result.status = status;
      isSystemd = cap('lufb').stdout.includes(unitSearch);
      status.ActiveState = cap('ia').stdout.replace(/\n+$/, '');
    } else if (VALID_ENABLED_STATES.includes(pyStrip(cap('ie').stdout))) isSystemd = true;
    else if (cap('luf').rc === 0) isSystemd = true;
    else {
      // run_command(systemctl, check_rc=True)
      const bare = cap('bare');
      if (bare.rc !== 0)
        return fail(bare.stderr.trimEnd(), {
          cmd: [facts.get('sc') ?? '', ...flags].map(quote).join(' '),
          rc: bare.rc,
          stdout: bare.stdout,
          stderr: bare.stderr,
        });
    }

    const found = isSystemd || isInitd;
    if (isInitd && !isSystemd)
      warnings.push(`The service (${unit}) is actually an init script but the system is managed by systemd`);
    const missing = () => withWarnings(fail(`Could not find the requested service ${unit}: host`));

    // what the second (and third) round trip runs, in the module's order
    let pending: string[] = [];
    const done = new Map<string, Captured>();
    const flush = async () => {
      if (!pending.length) return;
      const body = `SC=${quote(facts.get('sc') ?? '')}\n${XDG}\n${pending.join('\n')}`;
      pending = [];
      for (const [k, v] of (await runInitScript(ctx, body, facts.get('locale'))).caps) done.set(k, v);
    };
    /** The first failure among the commands run so far, as the module reports it. */
    const failure = (): ModuleResult | undefined => {
      const m = done.get('mask');
      if (m && m.rc !== 0 && !found) return missing();
      const en = done.get('en');
      if (en && en.rc !== 0)
        return withWarnings(
          fail(`Unable to ${enable ? 'enable' : 'disable'} service ${unit}: ${en.stdout}${en.stderr}`),
        );
      return undefined;
    };

    if (mask !== null) {
      const masked = pyStrip(cap('ie').stdout) === 'masked';
      if (masked !== mask) {
        result.changed = true;
        if (!ctx.check)
          pending.push(`cap mask ${sc(`${mask ? 'mask' : 'unmask'} ${u}`)}${found ? '' : ' || exit 0'}`);
      }
    }

    if (enable !== null) {
      if (!found) {
        await flush();
        return missing();
      }
      let iel = cap('iel');
      if (pending.length) {
        // is-enabled again, after the mask / unmask
        pending.push(`cap iel2 ${sc(`is-enabled ${u} -l`)}`);
        await flush();
        const failed = failure();
        if (failed) return failed;
        iel = done.get('iel2') ?? NONE;
      }
      let enabled = false;
      if (iel.rc === 0) {
        enabled = true;
        const lines = splitLines(iel.stdout);
        if (lines.length === 1 && (lines[0] === 'indirect' || lines[0] === 'alias')) enabled = false;
      } else if (iel.rc === 1) {
        if (
          scope === 'system' &&
          isInitd &&
          !pyStrip(iel.stdout).endsWith('disabled') &&
          Number(facts.get('sysv')) > 0
        )
          enabled = true;
      }
      result.enabled = enabled;
      if (enabled !== enable) {
        result.changed = true;
        if (!ctx.check) pending.push(`cap en ${sc(`${enable ? 'enable' : 'disable'} ${u}`)} || exit 0`);
        result.enabled = !enabled;
      }
    }

    let action: string | null = null;
    if (state !== null) {
      if (!found) {
        await flush();
        return failure() ?? missing();
      }
      result.state = state;
      if ('ActiveState' in status) {
        const running = ['active', 'activating'].includes(status.ActiveState);
        if (state === 'started') {
          if (!running) action = 'start';
        } else if (state === 'stopped') {
          if (running || status.ActiveState === 'deactivating') action = 'stop';
        } else {
          action = running ? state.slice(0, -2) : 'start';
          result.state = 'started';
        }
        if (action) {
          result.changed = true;
          if (!ctx.check) pending.push(`cap act ${sc(`${action} ${u}`)}`);
        }
      } else if (isChroot(facts) || facts.get('offline') === '1')
        warnings.push(
          'Target is a chroot or systemd is offline. This can lead to false positives or prevent the init system tools from working.',
        );
      else {
        await flush();
        return failure() ?? withWarnings(fail('Service is in unknown state', { status }));
      }
    }

    await flush();
    const failed = failure();
    if (failed) return failed;
    const act = done.get('act');
    if (act && act.rc !== 0) return withWarnings(fail(`Unable to ${action} service ${unit}: ${act.stderr}`));
    return withWarnings(result);
  },
};

/** module_utils/facts/system/chroot.py is_chroot, from the facts the first round trip reports. */
function isChroot(facts: Map<string, string>): boolean {
  if (facts.has('dchroot')) return true;
  const root = facts.get('root') ?? '';
  const proot = facts.get('proot');
  if (proot !== undefined) return root !== proot;
  const fs = facts.get('rootfs') ?? '';
  const ino = fs.includes('btrfs') ? '256' : fs.includes('xfs') ? '128' : '2';
  return root.split(' ')[1] !== ino;
}
