import { execFileSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type CommandWithInput, quote, quoteArgs, withEnv } from '../../../src/connection/shell-quote.js';

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
  // Text or bytes only: execFileSync cannot take a stream (the streamed stdin has its own test).
  const run = (c: CommandWithInput) => {
    if (c.stdin instanceof Readable) throw new Error('run() takes a string or Buffer stdin');
    return execFileSync('/bin/sh', ['-c', c.command], { input: c.stdin ?? '', encoding: 'utf8' });
  };

  it('exports values the shell reads back unchanged, from stdin, not from the command text', () => {
    const env = Object.fromEntries(NASTY.map((v, i) => [`V${i}`, v]));
    const c = withEnv(`printf '%s\\0' ${NASTY.map((_, i) => `"$V${i}"`).join(' ')}`, env);
    expect(run(c).split('\0').slice(0, -1)).toEqual(NASTY);
    for (const v of NASTY.filter((x) => x.length > 3)) expect(c.command).not.toContain(v);
  });

  it('hands the rest of stdin to the command, string or bytes', () => {
    expect(run(withEnv('printf %s "$A"; cat', { A: 'secret-a' }, 'own input\n'))).toBe('secret-aown input\n');
    const bytes = Buffer.from([0, 255, 10, 65]);
    const c = withEnv('od -An -tx1 | tr -d " \\n"', { A: 'x' }, bytes);
    expect(run(c)).toBe('00ff0a41');
  });

  it("puts the block ahead of a streamed stdin, and passes on the stream's error", async () => {
    const c = withEnv(
      'printf %s "$A"; cat',
      { A: 'secret-a' },
      Readable.from([Buffer.from('chunk1,'), Buffer.from('chunk2')]),
    );
    expect(c.stdin).toBeInstanceOf(Readable);
    const input = Buffer.concat(await (c.stdin as Readable).toArray());
    expect(run({ command: c.command, stdin: input })).toBe('secret-achunk1,chunk2');
    // A source that fails before anyone reads it: kept for the reader, not an uncaught error.
    const failing = new Readable({ read() {} });
    const f = withEnv('cat', { A: 'x' }, failing);
    failing.destroy(new Error('disk read failed'));
    await new Promise((r) => setImmediate(r));
    await expect((f.stdin as Readable).toArray()).rejects.toThrow('disk read failed');
  });

  it('leaves the command alone without env', () => {
    expect(withEnv('ls', undefined)).toEqual({ command: 'ls' });
    expect(withEnv('ls', {}, 'in')).toEqual({ command: 'ls', stdin: 'in' });
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
