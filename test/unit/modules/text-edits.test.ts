import { describe, expect, it } from 'vitest';
import { blockEdit } from '../../../src/modules/blockinfile.js';
import { absentEdit, presentEdit } from '../../../src/modules/lineinfile.js';
import { replaceEdit } from '../../../src/modules/replace.js';
import { readLines } from '../../../src/modules/util/text-file.js';

const base = { path: 'f', backrefs: false, firstmatch: false };
const edit = (text: string, p: Partial<Parameters<typeof presentEdit>[1]>) => {
  const r = presentEdit(readLines(text), { ...base, ...p });
  return { text: r.lines.join(''), msg: r.msg, changed: r.changed };
};

describe('lineinfile edits', () => {
  it('appends at EOF, adding a newline to an unterminated last line', () => {
    expect(edit('a\nb', { line: 'c' })).toEqual({ text: 'a\nb\nc\n', msg: 'line added', changed: true });
    expect(edit('a\nc\n', { line: 'c' }).changed).toBe(false);
  });

  it('replaces the last regexp match (or the first with firstmatch)', () => {
    expect(edit('x=1\nx=2\n', { regexp: '^x=', line: 'x=9' }).text).toBe('x=1\nx=9\n');
    expect(edit('x=1\nx=2\n', { regexp: '^x=', line: 'x=9', firstmatch: true }).text).toBe('x=9\nx=2\n');
  });

  it('insertafter / insertbefore a regex, BOF', () => {
    expect(edit('[a]\nk=1\n[b]\n', { line: 'n=2', insertafter: '^\\[a\\]' }).text).toBe(
      '[a]\nn=2\nk=1\n[b]\n',
    );
    expect(edit('[a]\nk=1\n[b]\n', { line: 'n=2', insertbefore: '^\\[b\\]' }).text).toBe(
      '[a]\nk=1\nn=2\n[b]\n',
    );
    expect(edit('a\n', { line: 'top', insertbefore: 'BOF' }).text).toBe('top\na\n');
    expect(edit('a\n', { line: 'z', insertafter: 'nomatch' }).text).toBe('a\nz\n');
  });

  it('backrefs: no match leaves the file alone', () => {
    expect(edit('a=1\n', { regexp: '^(b)=', line: '\\1=2', backrefs: true }).changed).toBe(false);
    expect(edit('a=1\n', { regexp: '^(a)=(\\d)', line: '\\1=\\g<2>0', backrefs: true }).text).toBe('a=10\n');
  });

  it('absent removes matching lines', () => {
    expect(absentEdit(readLines('a\nb\na\n'), { ...base, line: 'a' })).toEqual({ lines: ['b\n'], found: 2 });
    expect(absentEdit(readLines('foo1\nbar\n'), { ...base, search_string: 'foo' }).found).toBe(1);
  });
});

describe('blockinfile edits', () => {
  const p = { state: 'present', marker: '# {mark} X', block: 'b1', marker_begin: 'BEGIN', marker_end: 'END' };
  it('inserts at EOF, replaces in place, removes', () => {
    const once = blockEdit('a\n', p).text;
    expect(once).toBe('a\n# BEGIN X\nb1\n# END X\n');
    expect(blockEdit(`${once}z\n`, { ...p, block: 'b2' }).text).toBe('a\n# BEGIN X\nb2\n# END X\nz\n');
    expect(blockEdit(once, { ...p, state: 'absent' }).text).toBe('a\n');
  });

  it('insertbefore BOF and insertafter a regex', () => {
    expect(blockEdit('a\nb\n', { ...p, insertbefore: 'BOF' }).text).toBe('# BEGIN X\nb1\n# END X\na\nb\n');
    expect(blockEdit('a\nb\n', { ...p, insertafter: '^a' }).text).toBe('a\n# BEGIN X\nb1\n# END X\nb\n');
  });
});

describe('replace edits', () => {
  it('limits the section with after/before', () => {
    const text = 'x\n<s>\nx\n</s>\nx\n';
    expect(replaceEdit(text, { regexp: 'x', replace: 'y', after: '<s>', before: '</s>' })).toEqual({
      text: 'x\n<s>\ny\n</s>\nx\n',
      count: 1,
    });
    expect(replaceEdit(text, { regexp: 'x', replace: 'y', after: '<nope>' }).sectionMiss).toBe(
      '<nope>(?P<subsection>.*)',
    );
  });

  it('a substitution that changes nothing counts as no change', () => {
    expect(replaceEdit('a1\n', { regexp: '(a)(1)', replace: '\\1\\2' }).count).toBe(0);
  });
});
