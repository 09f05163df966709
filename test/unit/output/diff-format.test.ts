/** --diff text, checked against Python difflib output (as Ansible's callback makes it). */
import { describe, expect, it } from 'vitest';
import { formatDiff } from '../../../src/output/diff-format.js';

const d = (before: string, after: string) => ({ before, after, before_header: 'f', after_header: 'f' });

describe('formatDiff', () => {
  it('prints a changed line with its context', () => {
    expect(formatDiff(d('one\ntwo\nthree\nfour\n', 'one\nTWO x\nthree\nfour\n'))).toBe(
      '--- before: f\n+++ after: f\n@@ -1,4 +1,4 @@\n one\n-two\n+TWO x\n three\n four\n\n',
    );
  });

  it('marks a last line without newline as difflib does', () => {
    expect(formatDiff(d('a\n', 'a\nb'))).toBe(
      '--- before: f\n+++ after: f\n@@ -1 +1,2 @@\n a\n+b\n\\ No newline at end of file\n\n',
    );
  });

  it('uses 0,0 for an empty before and splits distant changes into hunks', () => {
    expect(formatDiff([d('', 'new\n')])).toBe('--- before: f\n+++ after: f\n@@ -0,0 +1 @@\n+new\n\n');
    const lines = (x: (i: number) => string) => `${Array.from({ length: 30 }, (_, i) => x(i)).join('\n')}\n`;
    const out = formatDiff(
      d(
        lines(String),
        lines((i) => (i === 3 || i === 25 ? 'X' : String(i))),
      ),
    );
    expect(out).toBe(
      '--- before: f\n+++ after: f\n@@ -1,7 +1,7 @@\n 0\n 1\n 2\n-3\n+X\n 4\n 5\n 6\n@@ -23,7 +23,7 @@\n 22\n 23\n 24\n-25\n+X\n 26\n 27\n 28\n\n',
    );
  });

  it('prints nothing for identical texts, and prepared text as is', () => {
    expect(formatDiff(d('same\n', 'same\n'))).toBe('');
    expect(formatDiff({ prepared: 'pkg: +nginx\n' })).toBe('pkg: +nginx\n');
  });
});
