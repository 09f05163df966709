import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { quote, quoteArgs, withEnv } from '../../../src/connection/shell-quote.js';

const NASTY = [
  '',
  'plain',
  'with space',
  "it's",
  '"double"',
  '$HOME `id` $(id)',
  'back\\slash',
  'new\nline',
  'tab\tand;semi|pipe&amp',
  "''",
  '*?[glob]',
  'ünïcödé ✓',
  '-n',
];

describe('quote', () => {
  it('matches Python shlex.quote exactly', () => {
    const python = execFileSync(
      '/usr/bin/python3',
      ['-c', 'import json,shlex,sys; print(json.dumps([shlex.quote(s) for s in json.load(sys.stdin)]))'],
      { input: JSON.stringify(NASTY), encoding: 'utf8' },
    );
    expect(NASTY.map(quote)).toEqual(JSON.parse(python));
  });

  it('round-trips every value through /bin/sh', () => {
    for (const s of NASTY) {
      const out = execFileSync('/bin/sh', ['-c', `printf %s ${quote(s)}`], { encoding: 'utf8' });
      expect(out).toBe(s);
    }
  });

  it('quoteArgs quotes each argument', () => {
    expect(quoteArgs(['echo', 'a b', "c'd"])).toBe(`echo 'a b' 'c'"'"'d'`);
  });
});

describe('withEnv', () => {
  it('exports quoted values the shell reads back unchanged', () => {
    const env = Object.fromEntries(NASTY.map((v, i) => [`V${i}`, v]));
    const cmd = withEnv(`printf '%s\\0' ${NASTY.map((_, i) => `"$V${i}"`).join(' ')}`, env);
    const out = execFileSync('/bin/sh', ['-c', cmd], { encoding: 'utf8' });
    expect(out.split('\0').slice(0, -1)).toEqual(NASTY);
  });

  it('leaves the command alone without env', () => {
    expect(withEnv('ls', undefined)).toBe('ls');
    expect(withEnv('ls', {})).toBe('ls');
  });

  it('refuses names the shell cannot export', () => {
    expect(() => withEnv('true', { 'A-B': 'x' })).toThrow(
      expect.objectContaining({ code: 'FLT_CONN_ENV_NAME' }),
    );
    expect(() => withEnv('true', { '1A': 'x' })).toThrow(
      expect.objectContaining({ code: 'FLT_CONN_ENV_NAME' }),
    );
  });
});
