/**
 * Compares a whole run of both tools for the roles tests: the stdout once hosts' result
 * lines are put in a stable order within each banner's block (they report in completion
 * order), the recap, the files written and the exit code.
 */
import { expect } from 'vitest';
import { type DiffResult, explain } from './harness.js';

const HOST_LINE = /^(ok|changed|skipping|fatal|failed|unreachable|included|ignored|rescued): \[([^\]]+)\]/;

/** Stdout with the roots replaced and, within each banner's block, host entries sorted by host. */
export function normalisedStdout(stdout: string): string {
  const text = stdout.replace(/\/\S*?\/root-(ansible|flotilla)/g, '<root>');
  const out: string[] = [];
  let block: string[] = [];
  const flush = () => {
    const lines = block.filter((l) => l !== '');
    const head: string[] = [];
    const entries: { host: string; lines: string[] }[] = [];
    for (const line of lines) {
      const m = HOST_LINE.exec(line);
      if (m) entries.push({ host: m[2], lines: [line] });
      else if (entries.length === 0) head.push(line);
      else entries[entries.length - 1].lines.push(line);
    }
    entries.sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
    out.push(...head, ...entries.flatMap((e) => e.lines));
    block = [];
  };
  for (const line of text.split('\n')) {
    if (/^\S.* \*{3,}$/.test(line)) flush();
    block.push(line);
  }
  flush();
  return out.join('\n');
}

export function expectSameRun(r: DiffResult): void {
  expect(normalisedStdout(r.flotilla.stdout), explain(r)).toBe(normalisedStdout(r.ansible.stdout));
  expect(r.flotilla.recap, explain(r)).toEqual(r.ansible.recap);
  expect(r.flotilla.files, explain(r)).toEqual(r.ansible.files);
  expect(r.flotilla.code).toBe(r.ansible.code);
}
