/**
 * Normalises ansible-playbook's (and flotilla's) whole stdout for a differential comparison:
 * only what is legitimately nondeterministic is normalised: host order inside a TASK block,
 * the run's root directory, timings, per-run temp names, and the CLI preamble before the
 * first banner.
 */

/** A line that starts one host's result inside a TASK block. */
const HOST_LINE = /^(ok|changed|skipping|fatal|failed|unreachable|included|ignored|rescued): \[([^\]]+)\]/;

/**
 * Within each TASK/HANDLER block, hosts report in completion order, which differs run to
 * run: group the block's entries by host (stable, so one host's own lines keep their order).
 */
function sortHostEntries(block: string[]): string[] {
  // the blank line that ends a block (the next banner's) stays at its end; any other blank
  // line belongs to the host entry it follows (a multi-line message ends with one)
  const tail = block.length > 0 && block[block.length - 1] === '' ? 1 : 0;
  const body = block.slice(0, block.length - tail);
  const head: string[] = [];
  const entries: { host: string; lines: string[] }[] = [];
  // --diff output (and -vv's NOTIFIED HANDLER line, and the callback's "An exception
  // occurred" line) comes before its host's status line: it belongs to the next entry
  let pendingDiff: string[] | undefined;
  // `...ignoring` names no host and, after a loop's items, follows whichever host's line
  // came last (it differs from run to run in Ansible too): count them at the block's end.
  const ignoring: string[] = [];
  for (const line of body) {
    if (line === '...ignoring') {
      ignoring.push(line);
      continue;
    }
    const m = HOST_LINE.exec(line);
    if (m) {
      entries.push({ host: m[2].split(' -> ')[0], lines: [...(pendingDiff ?? []), line] });
      pendingDiff = undefined;
    } else if (
      pendingDiff ||
      line.startsWith('--- before') ||
      line.startsWith('NOTIFIED HANDLER ') ||
      line.startsWith('An exception occurred during task execution.')
    )
      (pendingDiff ??= []).push(line);
    else if (entries.length === 0) head.push(line);
    else entries[entries.length - 1].lines.push(line);
  }
  if (pendingDiff) head.push(...pendingDiff);
  const sorted = entries
    .map((e, i) => ({ ...e, i }))
    .sort((a, b) => (a.host === b.host ? a.i - b.i : a.host < b.host ? -1 : 1));
  return [...head, ...sorted.flatMap((e) => e.lines), ...ignoring, ...block.slice(block.length - tail)];
}

/**
 * Ansible's CLI preamble at -v/-vv (its version block, "Using … as config file" / "No config
 * file found", "N plays in …") is printed by its CLI, not by the callback: flotilla prints the
 * config line but not Ansible's version block (see test/unit/output/fixture-replay.test.ts), so
 * the text before the first banner is dropped on both sides.
 */
function dropCliPreamble(stdout: string): string {
  const start = stdout.search(/^(PLAYBOOK: |PLAY )/m);
  const body = start < 0 ? stdout : stdout.slice(start);
  return body.replace(/^\d+ plays? in .*\n/m, '');
}

export function normaliseStdout(stdout: string, root: string): string {
  const text = dropCliPreamble(stdout)
    .split(root)
    .join('<root>')
    // per-run timings in verbose results
    .replace(/"(start|end)": "[^"]*"/g, '"$1": "<time>"')
    .replace(/"delta": "[^"]*"/g, '"delta": "<delta>"')
    // the same, as the yaml stdout callback prints them
    .replace(/^(\s*)(start|end): '[^']*'$/gm, '$1$2: <time>')
    .replace(/^(\s*)delta: '[^']*'$/gm, '$1delta: <delta>')
    .replace(/^(\s*)src: \/root\/\.ansible\/tmp\/\S*$/gm, '$1src: dynamically generated')
    // copy with content: Ansible names its per-run temp file, flotilla has none to name
    .replace(/"src": "\/root\/\.ansible\/tmp\/[^"]*"/g, '"src": "dynamically generated"')
    // the controller temp file of a rendered template or copy's content: a random name each run
    .replace(
      /^\+\+\+ after: \/\S*\/ansible-local-\d+[a-z0-9_]{8}\/tmp[a-z0-9_]{8}(\/\S+)?$/gm,
      '+++ after: <local-tmp>$1',
    )
    // a file an action plugin sent to the host's shell tmpdir (unarchive's extract command)
    .replace(/\/\.ansible\/tmp\/ansible-tmp-[\d.]+-\d+-\d+\//g, '/.ansible/tmp/ansible-tmp-<tmp>/')
    // `included: f for h1, h2`: Ansible lists hosts as their include results arrive
    .replace(
      /^(included: .* for )([^=\n]+?)( => .*)?$/gm,
      (_m, head: string, hosts: string, tail?: string) =>
        `${head}${hosts.split(', ').sort().join(', ')}${tail ?? ''}`,
    );
  const out: string[] = [];
  let block: string[] = [];
  const flush = () => {
    out.push(...sortHostEntries(block));
    block = [];
  };
  for (const line of text.split('\n')) {
    // every banner (TASK, RUNNING HANDLER, PLAY, NO MORE HOSTS LEFT, PLAY RECAP) ends a block
    if (/^\S.* \*{3,}$/.test(line)) flush();
    block.push(line);
  }
  flush();
  return out.join('\n');
}

/** The `root-<side>` directory a run printed (its extra var `root`), to normalise it away. */
export function rootOf(stdout: string, side: 'ansible' | 'flotilla'): string {
  return new RegExp(`(/\\S*?/root-${side})`).exec(stdout)?.[1] ?? `root-${side}`;
}
