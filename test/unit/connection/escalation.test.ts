/**
 * The become handshake on its own (the transports feed it the real channel's output): the
 * prompt is answered once, on stdin, and taken out of the output with the success line; the
 * command's stdin waits for the success marker; the failures read as Ansible's.
 */
import { describe, expect, it, vi } from 'vitest';
import { EscalationWatcher } from '../../../src/connection/escalation.js';
import type { Escalation } from '../../../src/connection/transport.js';
import type { FlotillaError } from '../../../src/errors/index.js';

const PROMPT = '[sudo via ansible, key=abc] password:';
const SUCCESS = 'BECOME-SUCCESS-abc';

function sudo(password?: string): Escalation {
  return {
    method: 'sudo',
    success: SUCCESS,
    password,
    prompts: password !== undefined,
    isPrompt: (line) => line.trim().startsWith(PROMPT),
    incorrect: ['Sorry, try again.'],
    missing: ['sudo: a password is required'],
  };
}

function watch(esc: Escalation, timeoutMs = 5000) {
  const io = { written: [] as string[], ready: 0, errors: [] as FlotillaError[] };
  const watcher = new EscalationWatcher(
    esc,
    {
      write: (d) => io.written.push(d),
      ready: () => io.ready++,
      fail: (e) => io.errors.push(e),
    },
    timeoutMs,
  );
  const feed = (stream: 'stdout' | 'stderr', text: string) => watcher.feed(stream, Buffer.from(text));
  const out = (stream: 'stdout' | 'stderr') => watcher.output(stream).toString();
  return { watcher, io, feed, out };
}

describe('EscalationWatcher', () => {
  it('answers a prompt split across chunks once, then sends stdin after the success line', () => {
    const { watcher, io, feed, out } = watch(sudo('s3cret'));
    feed('stderr', '[sudo via ansible, ');
    expect(io.written).toEqual([]);
    feed('stderr', 'key=abc] password:');
    expect(io.written).toEqual(['s3cret\n']);
    expect(io.ready).toBe(0); // the command's stdin waits for the marker
    feed('stdout', `${SUCCESS}\nroot\n`);
    expect(io.ready).toBe(1);
    feed('stderr', 'a warning\n');
    // Once escalated, output is the command's: even a prompt-like line passes untouched.
    feed('stdout', `${PROMPT}\n`);
    watcher.finish();
    expect(watcher.escalated).toBe(true);
    expect(watcher.promptAnswered).toBe(true);
    expect(out('stdout')).toBe(`root\n${PROMPT}\n`);
    expect(out('stderr')).toBe('a warning\n');
    expect(io.errors).toEqual([]);
  });

  it('never writes the password when sudo does not prompt (NOPASSWD)', () => {
    const { watcher, io, feed, out } = watch(sudo('s3cret'));
    feed('stdout', `${SUCCESS}\nok\n`);
    watcher.finish();
    expect(io.written).toEqual([]);
    expect(io.ready).toBe(1);
    expect(watcher.promptAnswered).toBe(false);
    expect(out('stdout')).toBe('ok\n');
  });

  it('fails "Incorrect sudo password" on sudo\'s retry message or a second prompt', () => {
    const a = watch(sudo('bad'));
    a.feed('stderr', PROMPT);
    a.feed('stderr', 'Sorry, try again.\n');
    expect(a.io.errors.map((e) => [e.code, e.message])).toEqual([
      ['FLT_BECOME_PASSWORD', 'Incorrect sudo password'],
    ]);
    const b = watch(sudo('bad'));
    b.feed('stderr', PROMPT);
    b.feed('stderr', PROMPT);
    expect(b.io.errors.map((e) => e.message)).toEqual(['Incorrect sudo password']);
    expect(b.io.written).toEqual(['bad\n']); // asked twice, answered once
  });

  it('fails "Missing sudo password" when sudo -n needs one', () => {
    const { io, feed } = watch(sudo());
    feed('stderr', 'sudo: a password is required\n');
    expect(io.errors.map((e) => e.message)).toEqual(['Missing sudo password']);
  });

  it('leaves output as it is when the marker never comes (no sudo): the caller decides', () => {
    const { watcher, io, feed, out } = watch(sudo());
    feed('stderr', '/bin/sh: 1: sudo: not found\n');
    watcher.finish();
    expect(watcher.escalated).toBe(false);
    expect(io.errors).toEqual([]);
    expect(out('stderr')).toBe('/bin/sh: 1: sudo: not found\n');
  });

  it('times out after silence while escalating, with the complete stdout lines so far', () => {
    vi.useFakeTimers();
    try {
      const { io, feed } = watch(
        { ...sudo('pw'), method: 'su', prompts: true, isPrompt: () => false },
        12_000,
      );
      feed('stdout', 'motd line\nPassword: ');
      vi.advanceTimersByTime(11_999);
      expect(io.errors).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(io.errors.map((e) => e.message)).toEqual([
        'Timeout (12s) waiting for privilege escalation prompt: motd line\n',
      ]);
    } finally {
      vi.useRealTimers();
    }
  });
});
