/** service_mgr and pkg_mgr as Ansible 2.14's collectors (service_mgr.py, pkg_mgr.py) pick them. */
import { PKG_MGR_PATHS } from './facts-script.js';

const PROC_1_MAP: Record<string, string> = {
  procd: 'openwrt_init',
  'runit-init': 'runit',
  svscan: 'svc',
  'openrc-init': 'openrc',
};

/** The svc section: `pid1 <name>` when pid 1 names the init, else the probed manager. */
export function serviceMgr(lines: string[]): string | undefined {
  const line = lines[0]?.trim();
  if (!line) return undefined;
  if (line.startsWith('pid1 ')) {
    const name = line.slice(5).trim();
    return PROC_1_MAP[name] ?? name;
  }
  return line;
}

/** The pkg section: package manager paths present, `ostree-booted`, `apt-rpm`. */
export function pkgMgr(
  lines: string[],
  osFamily: string,
  distribution: string,
  majorVersion: string,
): string {
  const present = new Set(lines.map((l) => l.trim()));
  const exists = (name: string) => PKG_MGR_PATHS.some(([p, n]) => n === name && present.has(p));
  let name = 'unknown';
  for (const [path, mgr] of PKG_MGR_PATHS) {
    if (osFamily === 'Altlinux' && path === '/usr/bin/pkg') continue;
    if (present.has(path)) name = mgr;
  }
  if (osFamily === 'RedHat')
    name = redHatPkgMgr(name, present.has('ostree-booted'), distribution, majorVersion, exists);
  else if (osFamily === 'Debian') name = 'apt';
  else if (osFamily === 'Altlinux' && name === 'apt') name = 'apt_rpm';
  if (name === 'apt' && present.has('apt-rpm')) name = 'apt_rpm';
  return name;
}

function redHatPkgMgr(
  name: string,
  ostree: boolean,
  distribution: string,
  majorVersion: string,
  exists: (n: string) => boolean,
): string {
  if (ostree) return 'atomic_container';
  const major = Number.parseInt(majorVersion, 10);
  const threshold = distribution === 'Fedora' ? 23 : distribution === 'Amazon' ? 2022 : undefined;
  if (threshold !== undefined) {
    if (Number.isNaN(major)) return 'dnf';
    if (major < threshold) return exists('yum') ? 'yum' : name;
    return exists('dnf') ? 'dnf' : name;
  }
  return major < 8 ? 'yum' : 'dnf';
}
