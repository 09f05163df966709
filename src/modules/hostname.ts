/**
 * hostname on a Debian host that systemd does not manage: hostname.py's DebianHostname with
 * its FileStrategy (current and permanent name both /etc/hostname, stripped; a change
 * rewrites the file), and the facts with socket.getfqdn() (the name's first address, looked
 * up back: the first of its names with a dot). Other distributions, systemd, and `use` run
 * Ansible's module through the bridge. One round trip, a second to write the file.
 */
import { quote } from '../connection/shell-quote.js';
import { pyStrip } from '../python/whitespace.js';
import type { ModuleDefinition, ModuleResult } from './types.js';
import { binFacts, probeHost } from './util/init-script.js';
import { osError } from './util/os-error.js';
import { ModuleFailure, NativeUnsupported, run } from './util/remote.js';

const STRATS = [
  'alpine',
  'debian',
  'freebsd',
  'generic',
  'macos',
  'macosx',
  'darwin',
  'openbsd',
  'openrc',
  'redhat',
  'sles',
  'solaris',
  'systemd',
];

const FILE = '/etc/hostname';

/** socket.getfqdn() from `getent hosts ADDRESS` of the name's first address (empty: none). */
export function getfqdn(hostname: string, reverse: string): string {
  const names = pyStrip(reverse).split(/\s+/).slice(1);
  if (names.length === 0) return hostname;
  return names.find((n) => n.includes('.')) ?? names[0];
}

export const hostnameModule: ModuleDefinition = {
  name: 'hostname',
  args: {
    options: {
      name: { type: 'str', required: true },
      use: { type: 'str', choices: STRATS },
    },
  },
  bridgeFor: (raw) => raw.use !== undefined && raw.use !== null,
  async run(args, ctx): Promise<ModuleResult> {
    const name = args.name as string;
    const { facts, caps, bin } = await probeHost(
      ctx,
      [
        binFacts(['systemctl']),
        'for c in /run/systemd/system/ /dev/.run/systemd/ /dev/.systemd/; do [ -e "$c" ] && fact canary 1; done',
        'fact system "$(uname -s)"',
        'fact id "$( . /etc/os-release 2>/dev/null; printf %s "$ID")"',
        `f=${FILE}; if [ -f "$f" ] && [ -r "$f" ]; then cap file cat "$f"; fi`,
        'h=$(uname -n); fact node "$h"',
        'a=$(getent ahosts "$h" 2>/dev/null | awk \'NR == 1 { print $1 }\')',
        '[ -n "$a" ] && cap reverse getent hosts "$a"',
      ].join('\n'),
    );
    if (facts.get('system') !== 'Linux' || facts.get('id') !== 'debian')
      throw new NativeUnsupported('hostname', 'not a Debian host');
    if (bin('systemctl') && facts.has('canary'))
      throw new NativeUnsupported('hostname', 'systemd manages this host');
    // get_file_content: stripped, an empty file the default ''
    const current = pyStrip(caps.get('file')?.stdout ?? '');
    const changed = current !== name;
    if (changed && !ctx.check) {
      const res = await run(ctx, `export LC_ALL=C; printf '%s\\n' ${quote(name)} > ${FILE}`);
      if (res.rc !== 0) {
        const error = osError(res.stderr, FILE);
        throw new ModuleFailure(`failed to update hostname: ${error}`, {
          exception: `Traceback (most recent call last):\n  (the write on the host)\nOSError: ${error}\n`,
        });
      }
    }
    const reverse = caps.get('reverse');
    const fqdn = getfqdn(facts.get('node') ?? '', reverse && reverse.rc === 0 ? reverse.stdout : '');
    const result: ModuleResult = {
      changed,
      name,
      ansible_facts: {
        ansible_hostname: name.split('.')[0],
        ansible_nodename: name,
        ansible_fqdn: fqdn,
        ansible_domain: fqdn.split('.').slice(1).join('.'),
      },
    };
    if (changed) result.diff = { after: `hostname = ${name}\n`, before: `hostname = ${current}\n` };
    return result;
  },
};
