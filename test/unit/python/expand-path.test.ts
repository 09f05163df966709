import { afterEach, describe, expect, it } from 'vitest';
import { expandUserVars } from '../../../src/python/expand-path.js';

describe('expandUserVars (expanduser(expandvars()) on the controller)', () => {
  const saved = { HOME: process.env.HOME, FLT_X: process.env.FLT_X };
  afterEach(() => {
    process.env.HOME = saved.HOME;
    if (saved.FLT_X === undefined) delete process.env.FLT_X;
    else process.env.FLT_X = saved.FLT_X;
  });

  it('expands a leading ~ from $HOME, trailing slashes of the home dropped', () => {
    process.env.HOME = '/home/ctl/';
    expect(expandUserVars('~')).toBe('/home/ctl');
    expect(expandUserVars('~/f.txt')).toBe('/home/ctl/f.txt');
    expect(expandUserVars('a/~/b')).toBe('a/~/b');
    process.env.HOME = '/';
    expect(expandUserVars('~')).toBe('/');
  });

  it('expands set variables once, leaves unset ones as written, then ~ from a value', () => {
    process.env.HOME = '/h';
    process.env.FLT_X = '~/in';
    expect(expandUserVars('$FLT_X/a')).toBe('/h/in/a');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: ${NAME} is the expandvars syntax under test
    expect(expandUserVars('${FLT_X}x and $FLT_NOPE_UNSET')).toBe('/h/inx and $FLT_NOPE_UNSET');
    expect(expandUserVars('x$FLT_X')).toBe('x~/in');
  });
});
