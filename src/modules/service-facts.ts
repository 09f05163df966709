/**
 * service_facts on a Linux host without systemd, upstart, chkconfig or OpenRC: service_facts.py's
 * ServiceScanService._list_sysvinit, the `[ + ]` / `[ - ]` lines of `service --status-all`
 * (run with the best parsable locale), in one round trip. The other scanners (systemctl,
 * initctl, chkconfig, rc-status, rcctl, lssrc) are not native: the task fails saying so.
 */
import type { ModuleDefinition, ModuleResult } from './types.js';
import { binFacts, probeHost } from './util/init-script.js';
import { NativeUnsupported } from './util/remote.js';

/** _list_sysvinit's reading of `service --status-all`. */
export function sysvServices(stdout: string): Record<string, Record<string, string>> {
  const services: Record<string, Record<string, string>> = {};
  // Python's `.` and `$` (re.M): any character but \n, the end of a line at \n only
  for (const m of stdout.matchAll(/(?<=^|\n)\s*\[ ([+-]) \]\s+([^\n]+)(?=\n|$)/g)) {
    const name = m[2];
    services[name] = { name, state: m[1] === '+' ? 'running' : 'stopped', source: 'sysv' };
  }
  return services;
}

export const serviceFactsModule: ModuleDefinition = {
  name: 'service_facts',
  args: { options: {} },
  async run(_args, ctx): Promise<ModuleResult> {
    const { facts, caps, bin } = await probeHost(
      ctx,
      [
        'SYS=$(uname -s); fact system "$SYS"',
        binFacts(['service', 'chkconfig', 'initctl', 'rc-status', 'rc-update', 'rcctl', 'lssrc']),
        'grep -q systemd /proc/1/comm 2>/dev/null && fact systemd 1',
        '[ -e /etc/init.d ] && fact initd 1',
        'bp service; S=$BP; bp initctl; I=$BP; bp chkconfig; C=$BP; bp rc-status; R=$BP; bp rcctl; O=$BP',
        'if [ -n "$S" ] && [ -z "$I$C$R$O" ] && ! grep -q systemd /proc/1/comm 2>/dev/null; then',
        '  cap all env LANG="$L" LC_ALL="$L" "$S" --status-all',
        'fi',
      ].join('\n'),
    );
    const other = (['initctl', 'chkconfig', 'rc-status', 'rcctl'] as const).find((b) => bin(b));
    const why =
      facts.get('system') !== 'Linux'
        ? `this host's platform is ${facts.get('system')}`
        : facts.has('systemd')
          ? 'this host is booted with systemd'
          : other && `this host has ${other}`;
    // Another service manager: the task runs Ansible's module instead (bridge).
    if (why) throw new NativeUnsupported('service_facts', why);
    const warnings: string[] = [];
    let services: Record<string, Record<string, string>> = {};
    const all = caps.get('all');
    if (all && !(all.rc === 4 && !facts.has('initd'))) {
      if (all.rc !== 0) warnings.push(`Unable to query 'service' tool (${all.rc}): ${all.stderr}`);
      services = sysvServices(all.stdout);
    }
    const result: ModuleResult =
      Object.keys(services).length === 0
        ? {
            skipped: true,
            msg: 'Failed to find any services. This can be due to privileges or some other configuration issue.',
          }
        : { ansible_facts: { services } };
    if (warnings.length) result.warnings = warnings;
    return result;
  },
};
