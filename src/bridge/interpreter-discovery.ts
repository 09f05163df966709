/**
 * Ansible's Python interpreter discovery (executor/interpreter_discovery.py) for
 * `ansible_python_interpreter: auto | auto_silent | auto_legacy | auto_legacy_silent`
 * (2.14's default is `auto`): the host's platform, the Pythons of INTERPRETER_PYTHON_FALLBACK
 * it has, and its /etc/os-release, matched against _INTERPRETER_PYTHON_DISTRO_MAP. Ansible asks
 * in two round trips (a shell bootstrap, then a Python script that reads os-release); the
 * shell reads os-release here in the same one. Never under become, as in Ansible.
 */
import type { Transport } from '../connection/transport.js';

export type DiscoveryMode = 'auto' | 'auto_silent' | 'auto_legacy' | 'auto_legacy_silent';

export interface Discovery {
  interpreter: string;
  /** The action's discovery warnings (shown with the task's result). */
  warnings: string[];
}

/** INTERPRETER_PYTHON_FALLBACK's default. */
export const PYTHON_FALLBACK = [
  'python3.11',
  'python3.10',
  'python3.9',
  'python3.8',
  'python3.7',
  'python3.6',
  'python3.5',
  '/usr/bin/python3',
  '/usr/libexec/platform-python',
  'python2.7',
  '/usr/bin/python',
  'python',
];

/** _INTERPRETER_PYTHON_DISTRO_MAP's default. */
const DISTRO_MAP: Record<string, Record<string, string>> = {
  redhat: { '6': '/usr/bin/python', '8': '/usr/libexec/platform-python', '9': '/usr/bin/python3' },
  debian: { '8': '/usr/bin/python', '10': '/usr/bin/python3' },
  fedora: { '23': '/usr/bin/python3' },
  ubuntu: { '14': '/usr/bin/python', '16': '/usr/bin/python3' },
};

/** Distribution.OS_FAMILY_MAP (module_utils/facts/system/distribution.py), the families the map knows. */
const OS_FAMILY: Record<string, string> = Object.fromEntries(
  Object.entries({
    redhat: [
      'RedHat',
      'RHEL',
      'Fedora',
      'CentOS',
      'Scientific',
      'SLC',
      'Ascendos',
      'CloudLinux',
      'PSBM',
      'OracleLinux',
      'OVS',
      'OEL',
      'Amazon',
      'Virtuozzo',
      'XenServer',
      'Alibaba',
      'EulerOS',
      'openEuler',
      'AlmaLinux',
      'Rocky',
      'TencentOS',
      'EuroLinux',
      'Kylin Linux Advanced Server',
    ],
    debian: [
      'Debian',
      'Ubuntu',
      'Raspbian',
      'Neon',
      'KDE neon',
      'Linux Mint',
      'SteamOS',
      'Devuan',
      'Kali',
      'Cumulus Linux',
      'Pop!_OS',
      'Parrot',
      'Pardus GNU/Linux',
      'Uos',
      'Deepin',
      'OSMC',
    ],
  }).flatMap(([family, names]) => names.map((n) => [n.toLowerCase(), family])),
);

const DOC_LINK = 'https://docs.ansible.com/ansible-core/2.14/reference_appendices/interpreter_discovery.html';

export function isDiscoveryMode(value: string): value is DiscoveryMode {
  return ['auto', 'auto_silent', 'auto_legacy', 'auto_legacy_silent'].includes(value);
}

/** The one round trip: the bootstrap's markers, then os-release after its own marker. */
export function discoveryCommand(fallback = PYTHON_FALLBACK): string {
  const probes = fallback.map((py) => `command -v '${py}'`).join('; ');
  return `echo PLATFORM; uname; echo FOUND; ${probes}; echo ENDFOUND; echo OSRELEASE; cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release 2>/dev/null`;
}

export async function discoverInterpreter(
  transport: Transport,
  host: string,
  mode: DiscoveryMode,
  fallback = PYTHON_FALLBACK,
): Promise<Discovery> {
  const res = await transport.exec(discoveryCommand(fallback), {});
  return interpretDiscovery(res.stdout, host, mode, fallback);
}

/** discover_interpreter's decision, from the round trip's output. */
export function interpretDiscovery(
  stdout: string,
  host: string,
  mode: DiscoveryMode,
  fallback = PYTHON_FALLBACK,
): Discovery {
  const silent = mode.endsWith('_silent');
  const legacy = mode.startsWith('auto_legacy');
  const warnings: string[] = [];
  const warn = (msg: string) => {
    if (!silent) warnings.push(msg);
  };
  const match = /^PLATFORM[\r\n]+([\s\S]*)FOUND([\s\S]*)ENDFOUND/.exec(stdout);
  if (!match) {
    // Ansible's "Unhandled error" path: a display warning, then the fallback's warning.
    warn(
      `Unhandled error in Python interpreter discovery for host ${host}: unexpected output from Python interpreter discovery`,
    );
    warn(futureWarning('unknown', host, '/usr/bin/python'));
    return { interpreter: '/usr/bin/python', warnings };
  }
  const platform = (match[1] ?? '').toLowerCase().trim();
  const found = (match[2] ?? '')
    .split(/\r?\n/)
    .filter((l) => l.startsWith('/'))
    .map((l) => l.trim());
  if (found.length === 0) {
    warn(`No python interpreters found for host ${host} (tried ${pythonList(fallback)})`);
    return { interpreter: '/usr/bin/python', warnings };
  }
  const first = found[0] as string;
  const osRelease = parseOsRelease(stdout.split(/\nOSRELEASE\r?\n/)[1] ?? '');
  const distro = (osRelease.id ?? '').toLowerCase().trim();
  const version = osRelease.version_id ?? '';
  const versionMap =
    platform === 'linux' && distro && version
      ? (DISTRO_MAP[distro] ?? DISTRO_MAP[OS_FAMILY[distro] ?? ''])
      : undefined;
  if (!versionMap) {
    warn(futureWarning(platform, host, first));
    return { interpreter: first, warnings };
  }
  const platformInterpreter = fuzzyVersionMatch(version, versionMap);
  if (legacy && platformInterpreter !== '/usr/bin/python' && found.includes('/usr/bin/python')) {
    warn(
      `Distribution ${osRelease.id} ${version} on host ${host} should use ${platformInterpreter}, but is using /usr/bin/python for backward compatibility with prior Ansible releases. See ${DOC_LINK} for more information`,
    );
    return { interpreter: '/usr/bin/python', warnings };
  }
  if (!found.includes(platformInterpreter)) {
    if (!fallback.includes(platformInterpreter))
      warn(`Platform interpreter ${platformInterpreter} on host ${host} is missing from bootstrap list`);
    warn(
      `Distribution ${osRelease.id} ${version} on host ${host} should use ${platformInterpreter}, but is using ${first}, since the discovered platform python interpreter was not present. See ${DOC_LINK} for more information.`,
    );
    return { interpreter: first, warnings };
  }
  return { interpreter: platformInterpreter, warnings };
}

function futureWarning(platform: string, host: string, interpreter: string): string {
  return `Platform ${platform} on host ${host} is using the discovered Python interpreter at ${interpreter}, but future installation of another Python interpreter could change the meaning of that path. See ${DOC_LINK} for more information.`;
}

/** Python's repr of a list of str. */
function pythonList(items: string[]): string {
  return `[${items.map((i) => `'${i}'`).join(', ')}]`;
}

/** os-release's KEY=value lines, keys lowercased, shell quotes removed. */
function parseOsRelease(text: string): Record<string, string> {
  const props: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^([A-Za-z0-9_]+)=(.*)$/.exec(line.trim());
    if (!m) continue;
    let value = (m[2] as string).trim();
    const quoted = /^(["'])(.*)\1$/.exec(value);
    if (quoted) value = (quoted[2] as string).replace(/\\(["$`\\])/g, '$1');
    props[(m[1] as string).toLowerCase()] = value;
  }
  return props;
}

/** _version_fuzzy_match: the exact version, else the nearest one below, else the oldest. */
function fuzzyVersionMatch(version: string, map: Record<string, string>): string {
  if (map[version]) return map[version];
  const sorted = Object.keys(map).sort(compareLoose);
  let below: string | undefined;
  for (const v of sorted) if (compareLoose(v, version) <= 0) below = v;
  return map[below ?? (sorted[0] as string)] as string;
}

/** LooseVersion order: numbers as numbers, letters as text. */
function compareLoose(a: string, b: string): number {
  const parts = (v: string) => v.split(/(\d+|[a-z]+|\.)/i).filter((p) => p && p !== '.');
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if (pa[i] === undefined) return -1;
    if (pb[i] === undefined) return 1;
    const na = /^\d+$/.test(pa[i] as string) ? Number(pa[i]) : pa[i];
    const nb = /^\d+$/.test(pb[i] as string) ? Number(pb[i]) : pb[i];
    if (na === nb) continue;
    return na < nb ? -1 : 1;
  }
  return 0;
}
