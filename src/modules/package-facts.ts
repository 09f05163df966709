/**
 * package_facts with its apt manager (what `auto` finds first on a Debian host): the APT
 * class reads python3-apt's cache, each installed package's name (the arch kept only when
 * foreign), version, arch, section and its installed version's first origin. The same data
 * in one round trip: dpkg-query for the installed set, `apt-cache policy` for each version's
 * files in the cache's order (and the files' Release origins), `apt-cache show NAME=VERSION`
 * for the section of the version's first record. Other managers (rpm, pacman, pkg, portage,
 * apk, pkg_info) and a host without python3-apt run Ansible's module through the bridge.
 */
import type { ModuleDefinition, ModuleResult } from './types.js';
import { binFacts, probeHost } from './util/init-script.js';
import { NativeUnsupported } from './util/remote.js';

/** The managers get_all_pkg_managers lists after apt (strategy `all` goes on to them). */
const AFTER_APT = ['pacman', 'pkg', 'qlist', 'apk', 'pkg_info'];

const managersOf = (raw: unknown): string[] =>
  (Array.isArray(raw) ? raw : raw === undefined || raw === null ? ['auto'] : String(raw).split(',')).map(
    (m) => String(m).trim().toLowerCase(),
  );

export interface AptPackage {
  name: string;
  version: string;
  arch: string;
  category: string;
  origin: string;
  source: 'apt';
}

/** `apt-cache policy` (no arguments): each package file's Release origin (`o=`). */
export function fileOrigins(policy: string): Map<string, string> {
  const origins = new Map<string, string>();
  let file: string | undefined;
  for (const line of policy.split('\n')) {
    const f = /^ *-?\d+ (.*)$/.exec(line);
    if (f) {
      file = f[1];
      origins.set(file, '');
      continue;
    }
    const r = /^ +release (.*)$/.exec(line);
    if (r && file !== undefined) {
      const o = r[1].split(',').find((kv) => kv.startsWith('o='));
      if (o !== undefined) origins.set(file, o.slice(2));
    }
  }
  return origins;
}

/** `apt-cache policy NAME…`: the first package file of each package's installed (***) version. */
export function installedFirstFiles(policy: string): Map<string, string> {
  const first = new Map<string, string>();
  let name = '';
  let installed = false;
  for (const line of policy.split('\n')) {
    if (line !== '' && !line.startsWith(' ')) {
      name = line.replace(/:$/, '');
      installed = false;
    } else if (line.startsWith(' *** ')) installed = true;
    else if (/^ {5}\S/.test(line)) installed = false;
    else {
      const f = /^ {6,}-?\d+ (.*)$/.exec(line);
      if (f && installed && !first.has(name)) first.set(name, f[1]);
    }
  }
  return first;
}

/** `apt-cache show` records (Package, Version, Architecture, Section): the first's section per version. */
export function recordSections(show: string): Map<string, string> {
  const sections = new Map<string, string>();
  for (const block of show.split(/\n\n+/)) {
    const rec = new Map<string, string>();
    for (const line of block.split('\n')) {
      const at = line.indexOf(': ');
      if (at > 0) rec.set(line.slice(0, at), line.slice(at + 2));
    }
    const key = `${rec.get('Package')}\t${rec.get('Version')}\t${rec.get('Architecture')}`;
    if (rec.has('Package') && !sections.has(key)) sections.set(key, rec.get('Section') ?? '');
  }
  return sections;
}

/** APT.get_packages over the three commands' output (dpkg-query lines: binary:Package, name, version, arch, status). */
export function aptPackages(
  dpkg: string,
  native: string,
  policy: string,
  packagePolicy: string,
  show: string,
): Record<string, AptPackage[]> {
  const origins = fileOrigins(policy);
  const first = installedFirstFiles(packagePolicy);
  const sections = recordSections(show);
  const packages: Record<string, AptPackage[]> = {};
  for (const line of dpkg.split('\n')) {
    const [, pkg, version, arch, status] = line.split('\t');
    if (!pkg || status === 'not-installed' || status === 'config-files') continue;
    const name = arch === 'all' || arch === native ? pkg : `${pkg}:${arch}`;
    const file = first.get(name);
    const entry: AptPackage = {
      name,
      version,
      arch,
      category: sections.get(`${pkg}\t${version}\t${arch}`) ?? '',
      origin: file === undefined ? '' : (origins.get(file) ?? ''),
      source: 'apt',
    };
    packages[name] = [...(packages[name] ?? []), entry];
  }
  return packages;
}

/** dpkg-query's fields: the name apt-cache takes, package, version, arch, status. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's format
const DPKG_FORMAT = '${binary:Package}\\t${Package}\\t${Version}\\t${Architecture}\\t${db:Status-Status}\\n';
const INSTALLED = `$5 != "not-installed" && $5 != "config-files"`;

export const packageFactsModule: ModuleDefinition = {
  name: 'package_facts',
  args: {
    options: {
      manager: { type: 'list', elements: 'str', default: ['auto'] },
      strategy: { type: 'str', choices: ['first', 'all'], default: 'first' },
    },
  },
  bridgeFor: (raw) => managersOf(raw.manager).some((m) => m !== 'auto' && m !== 'apt'),
  async run(args, ctx): Promise<ModuleResult> {
    const managers = managersOf(args.manager);
    const auto = managers.includes('auto');
    const { facts, caps, bin } = await probeHost(
      ctx,
      [
        binFacts(['rpm', 'dpkg', 'dpkg-query', 'apt-cache', ...AFTER_APT]),
        '[ -e /usr/lib/python3/dist-packages/apt/__init__.py ] && fact pyapt 1',
        'if [ -n "$(bp dpkg-query)" ] && [ -n "$(bp apt-cache)" ] && [ -n "$(bp dpkg)" ]; then',
        '  fact arch "$(dpkg --print-architecture)"',
        `  lang dpkg-query -W -f '${DPKG_FORMAT}' > "$t/dq" 2>/dev/null`,
        '  cap dq cat "$t/dq"',
        '  cap policy lang apt-cache policy',
        `  set -- $(awk -F '\\t' '${INSTALLED} { print $1 }' "$t/dq")`,
        '  cap pkgpolicy lang apt-cache policy "$@"',
        `  set -- $(awk -F '\\t' '${INSTALLED} { print $1 "=" $3 }' "$t/dq")`,
        `  cap show sh -c 'apt-cache show "$@" | grep -E "^(Package|Version|Architecture|Section):|^\\$"' - "$@"`,
        'fi',
      ].join('\n'),
    );
    // what Ansible would do differently here: another manager first, or apt's without python3-apt
    const why: string | undefined =
      auto && bin('rpm')
        ? 'this host has rpm'
        : !facts.has('pyapt')
          ? 'this host lacks python3-apt'
          : !caps.has('show')
            ? 'this host lacks dpkg-query or apt-cache'
            : args.strategy === 'all' && auto
              ? AFTER_APT.find((b) => bin(b))
              : undefined;
    if (why) throw new NativeUnsupported('package_facts', why);
    const packages = aptPackages(
      caps.get('dq')?.stdout ?? '',
      facts.get('arch') ?? '',
      caps.get('policy')?.stdout ?? '',
      caps.get('pkgpolicy')?.stdout ?? '',
      caps.get('show')?.stdout ?? '',
    );
    return { ansible_facts: { packages } };
  },
};
