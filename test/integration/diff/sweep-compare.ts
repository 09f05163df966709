/**
 * Whole-stdout comparison for the sweep differential tests, normalised exactly as
 * output.test.ts does (hosts of one TASK block grouped by host, timings, temp paths and
 * the CLI preamble dropped): only what is legitimately nondeterministic is normalised.
 */

/** A line that starts one host's result inside a TASK block. */
const HOST_LINE = /^(ok|changed|skipping|fatal|failed|unreachable|included|ignored|rescued): \[([^\]]+)\]/;

function sortHostEntries(block: string[]): string[] {
  let tail = 0;
  while (tail < block.length && block[block.length - 1 - tail] === '') tail++;
  const body = block.slice(0, block.length - tail);
  const head: string[] = [];
  const entries: { host: string; lines: string[] }[] = [];
  let pendingDiff: string[] | undefined;
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
    } else if (pendingDiff || line.startsWith('--- before')) (pendingDiff ??= []).push(line);
    else if (entries.length === 0) head.push(line);
    else entries[entries.length - 1].lines.push(line);
  }
  if (pendingDiff) head.push(...pendingDiff);
  const sorted = entries
    .map((e, i) => ({ ...e, i }))
    .sort((a, b) => (a.host === b.host ? a.i - b.i : a.host < b.host ? -1 : 1));
  return [...head, ...sorted.flatMap((e) => e.lines), ...ignoring, ...block.slice(block.length - tail)];
}

function dropCliPreamble(stdout: string): string {
  const start = stdout.search(/^(PLAYBOOK: |PLAY )/m);
  const body = start < 0 ? stdout : stdout.slice(start);
  return body.replace(/^\d+ plays? in .*\n/m, '');
}

export function normalise(stdout: string, root: string): string {
  const text = dropCliPreamble(stdout)
    .split(root)
    .join('<root>')
    .replace(/"(start|end)": "[^"]*"/g, '"$1": "<time>"')
    .replace(/"delta": "[^"]*"/g, '"delta": "<delta>"')
    .replace(/"src": "\/root\/\.ansible\/tmp\/[^"]*"/g, '"src": "dynamically generated"')
    .replace(/^\+\+\+ after: \/tmp\/\S*\/\.ansible-tmp\/\S*$/gm, '+++ after: dynamically generated')
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
    if (/^\S.* \*{3,}$/.test(line)) flush();
    block.push(line);
  }
  flush();
  return out.join('\n');
}

/** The absolute roots each side wrote under, found in its output (or a placeholder). */
export function rootsOf(stdouts: { ansible: string; flotilla: string }): { a: string; f: string } {
  const find = (s: string, side: string) =>
    new RegExp(`(/\\S*?/root-${side})`).exec(s)?.[1] ?? `root-${side}`;
  return { a: find(stdouts.ansible, 'ansible'), f: find(stdouts.flotilla, 'flotilla') };
}

interface Side {
  code: number | null;
  stdout: string;
  files: Record<string, string>;
}

/** One side as one comparable text: normalised stdout, exit code and the files written. */
export function comparable(side: Side, root: string): string {
  return [
    normalise(side.stdout, root),
    `--- exit code ${side.code}`,
    ...Object.entries(side.files).map(([k, v]) => `--- file ${k}: ${v}`),
  ].join('\n');
}
