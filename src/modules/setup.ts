/**
 * setup (and gather_facts): a useful Linux fact subset gathered in ONE exec round trip,
 * returned as `ansible_facts` with Ansible's prefixed names (ansible_hostname, …).
 */

import { globToRegExp } from './find.js';
import type { ModuleDefinition } from './types.js';
import { parseFacts } from './util/facts.js';
import { run } from './util/remote.js';

/** Sections are introduced by a '@@name' line; parsed by parseFacts. */
export const FACTS_SCRIPT = [
  'echo @@uname; uname -n; uname -r; uname -v; uname -m; uname -s',
  'echo @@host; hostname -s 2>/dev/null || hostname; hostname -f 2>/dev/null || hostname',
  'echo @@cpu; nproc 2>/dev/null || grep -c ^processor /proc/cpuinfo; grep "^physical id" /proc/cpuinfo 2>/dev/null | sort -u | wc -l; grep -m1 "^model name" /proc/cpuinfo 2>/dev/null | cut -d: -f2-; grep -m1 "^cpu cores" /proc/cpuinfo; grep -m1 "^siblings" /proc/cpuinfo',
  'echo @@user; id -un; id -u; id -g; echo "$HOME"; getent passwd "$(id -un)" | cut -d: -f7',
  "echo @@date; date '+%Y|%m|%A|%w|%W|%d|%H|%M|%S|%s|%Z|%z|%N'; date -u '+%Y-%m-%dT%H:%M:%S|%Y%m%dT%H%M%S'",
  'echo @@route; ip -4 route get 1.1.1.1 2>/dev/null | head -1',
  'echo @@addrs; ip -4 -o addr show 2>/dev/null | awk \'{print $2" "$4}\'',
  'echo @@python; p=$(command -v python3 || command -v python); if [ -n "$p" ]; then echo "$p"; "$p" -c \'import sys;print(".".join(map(str,sys.version_info[:3])))\'; fi',
  'echo @@misc; cat /proc/1/comm 2>/dev/null || echo unknown; for m in apt-get dnf yum zypper apk pacman; do command -v $m >/dev/null 2>&1 && { echo $m; break; }; done; cat /etc/debian_version 2>/dev/null || echo',
  'echo @@meminfo; grep -E "^(MemTotal|MemFree|SwapTotal|SwapFree|Buffers|Cached):" /proc/meminfo',
  'echo @@osrelease; cat /etc/os-release 2>/dev/null',
  'echo @@lsb; lsb_release -a 2>/dev/null || cat /etc/lsb-release 2>/dev/null',
  'echo @@links; ip -o link show 2>/dev/null',
  'echo @@alladdrs; ip -o addr show 2>/dev/null',
  'echo @@sys; cat /proc/uptime; cat /proc/loadavg; cat /etc/machine-id 2>/dev/null || echo; id -u; id -ru; id -g; id -rg; getconf LONG_BIT; [ -d /sys/kernel/security/apparmor ] && echo enabled || echo disabled; getenforce 2>/dev/null || echo disabled; cat /proc/sys/crypto/fips_enabled 2>/dev/null || echo 0; getent passwd "$(id -un)" | cut -d: -f5',
  'echo @@resolv; cat /etc/resolv.conf 2>/dev/null',
  'echo @@env; env',
].join('\n');

export const setupModule: ModuleDefinition = {
  name: 'setup',
  args: {
    options: {
      gather_subset: { type: 'list', elements: 'str', default: ['all'] },
      gather_timeout: { type: 'int', default: 10 },
      filter: { type: 'list', elements: 'str', default: [] },
      fact_path: { type: 'path', default: '/etc/ansible/facts.d' },
    },
  },
  async run(args, ctx) {
    const res = await run(ctx, FACTS_SCRIPT, { timeoutMs: (args.gather_timeout as number) * 1000 });
    if (!res.stdout.includes('@@uname'))
      return { changed: false, failed: true, msg: `fact gathering failed: ${res.stderr.trim()}` };
    let facts = parseFacts(res.stdout);
    facts.ansible_gather_subset = args.gather_subset;
    const filters = (args.filter as string[]).filter(Boolean).map(globToRegExp);
    if (filters.length)
      facts = Object.fromEntries(Object.entries(facts).filter(([k]) => filters.some((f) => f.test(k))));
    return { changed: false, ansible_facts: facts };
  },
};
