import { describe, expect, it } from 'vitest';
import { wrapText } from '../../../src/output/text-wrap.js';

// Expected values from Python 3.11 textwrap.wrap(text, 40).
describe('wrapText (Python textwrap.wrap)', () => {
  it('fills words greedily', () => {
    expect(wrapText(`[WARNING]: ${'word '.repeat(30)}`, 40)).toEqual([
      '[WARNING]: word word word word word word',
      'word word word word word word word word',
      'word word word word word word word word',
      'word word word word word word word word',
    ]);
  });

  it('breaks long words and keeps hyphenated words together when they fit', () => {
    expect(
      wrapText(`[WARNING]: a very-long-hyphenated-word and ${'x'.repeat(100)} well-known end`, 40),
    ).toEqual([
      '[WARNING]: a very-long-hyphenated-word',
      'and xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'xxxxxxxxxxxxxxxxxxxxxxxx well-known end',
    ]);
  });

  it('splits paths after hyphens between letters', () => {
    const text =
      '[WARNING]: path /usr/lib/python3/dist-packages/ansible-core-extra-long-directory-name/that/goes/on/forever/and/ever/file.py is bad';
    expect(wrapText(text, 40)).toEqual([
      '[WARNING]: path /usr/lib/python3/dist-',
      'packages/ansible-core-extra-long-',
      'directory-name/that/goes/on/forever/and/',
      'ever/file.py is bad',
    ]);
  });
});
