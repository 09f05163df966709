/**
 * Interpreter discovery decides as ansible-core's discover_interpreter on the same host
 * answers: generated platforms, os-release files, sets of Pythons found, and the four modes.
 * The oracle runs Ansible's function with an action whose command runner answers as the host
 * would.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { type DiscoveryMode, interpretDiscovery } from '../../../src/bridge/interpreter-discovery.js';

const OS_RELEASES: (string | null)[] = [
  'ID=debian\nVERSION_ID="12"\n',
  'ID=debian\nVERSION_ID="9"\n',
  'ID=debian\nVERSION_ID="8"\n',
  'ID=debian\nVERSION_ID="10"\n',
  'NAME="Ubuntu"\nID=ubuntu\nVERSION_ID="22.04"\n',
  'ID=ubuntu\nVERSION_ID="14.04"\n',
  'ID="centos"\nVERSION_ID="7"\n',
  'ID="rhel"\nVERSION_ID="8.6"\n',
  'ID="rocky"\nVERSION_ID="9.1"\n',
  'ID=fedora\nVERSION_ID=38\n',
  'ID=linuxmint\nVERSION_ID="21.1"\n',
  'ID=alpine\nVERSION_ID=3.18.2\n',
  'ID=arch\n',
  'ID="opensuse-leap"\nVERSION_ID="15.4"\n',
  'ID=rhel\nVERSION_ID="5"\n',
  null,
];
const FOUND: string[][] = [
  ['/usr/local/bin/python3.11', '/usr/bin/python3'],
  ['/usr/bin/python3'],
  ['/usr/bin/python3.9', '/usr/bin/python3', '/usr/bin/python'],
  ['/usr/libexec/platform-python'],
  ['/usr/bin/python2.7', '/usr/bin/python'],
  ['/usr/local/bin/python3.10'],
  [],
];
const PLATFORMS = ['Linux', 'Darwin'];
const MODES: DiscoveryMode[] = ['auto', 'auto_silent', 'auto_legacy', 'auto_legacy_silent'];

interface Case {
  platform: string;
  found: string[];
  osRelease: string | null;
  mode: DiscoveryMode;
}

const ORACLE = `
import json, sys
from ansible.executor.interpreter_discovery import discover_interpreter
class Conn: has_pipelining = True
class Action:
    def __init__(self, case):
        self.case = case; self._connection = Conn(); self._discovery_warnings = []
    def _low_level_execute_command(self, cmd, sudoable=True, in_data=None):
        c = self.case
        if in_data is None:
            return {'stdout': 'PLATFORM\\n%s\\nFOUND\\n%sENDFOUND\\n' % (c['platform'], ''.join(f + '\\n' for f in c['found']))}
        return {'stdout': json.dumps({'platform_dist_result': [], 'osrelease_content': c['osRelease']})}
out = []
for case in json.load(sys.stdin):
    a = Action(case)
    interp = discover_interpreter(a, 'python', case['mode'], {'inventory_hostname': 'h1'})
    out.append({'interpreter': interp, 'warnings': a._discovery_warnings})
print(json.dumps(out))
`;

/** What the one round trip prints on such a host. */
function hostOutput(c: Case): string {
  const found = c.found.map((f) => `${f}\n`).join('');
  return `PLATFORM\n${c.platform}\nFOUND\n${found}ENDFOUND\nOSRELEASE\n${c.osRelease ?? ''}`;
}

describe('interpreter discovery', () => {
  it('picks the interpreter and warns as discover_interpreter for every generated host', () => {
    const cases: Case[] = [];
    for (const platform of PLATFORMS)
      for (const osRelease of OS_RELEASES)
        for (const found of FOUND) for (const mode of MODES) cases.push({ platform, found, osRelease, mode });
    const oracle = JSON.parse(
      execFileSync('/usr/bin/python3', ['-c', ORACLE], { input: JSON.stringify(cases) }).toString(),
    ) as unknown[];
    const mismatches = cases
      .map((c, i) => ({ case: c, ours: interpretDiscovery(hostOutput(c), 'h1', c.mode), ansible: oracle[i] }))
      .filter((m) => JSON.stringify(m.ours) !== JSON.stringify(m.ansible));
    expect(cases.length).toBeGreaterThan(800);
    expect(mismatches.slice(0, 10)).toEqual([]);
  });
});
