/**
 * The PLAY RECAP lines of ansible-playbook's (and flotilla's, which prints the same format)
 * default output, per host: `node001 : ok=7 changed=4 unreachable=0 failed=0 ...`.
 */
export interface RecapCounts {
  ok: number;
  changed: number;
  unreachable: number;
  failed: number;
}

const LINE = /^(\S+)\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)/;

export function parseRecap(stdout: string): Map<string, RecapCounts> {
  const out = new Map<string, RecapCounts>();
  const at = stdout.lastIndexOf('PLAY RECAP');
  if (at < 0) return out;
  for (const line of stdout.slice(at).split('\n')) {
    // Strip colour codes in case a run was not told to go without.
    const m = LINE.exec(line.replace(/\x1b\[[0-9;]*m/g, '').trim());
    if (m)
      out.set(m[1] as string, {
        ok: Number(m[2]),
        changed: Number(m[3]),
        unreachable: Number(m[4]),
        failed: Number(m[5]),
      });
  }
  return out;
}

export function recapTotals(recap: Map<string, RecapCounts>): RecapCounts {
  const t: RecapCounts = { ok: 0, changed: 0, unreachable: 0, failed: 0 };
  for (const c of recap.values()) {
    t.ok += c.ok;
    t.changed += c.changed;
    t.unreachable += c.unreachable;
    t.failed += c.failed;
  }
  return t;
}
