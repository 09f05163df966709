import { describe, expect, it } from 'vitest';
import { reportedPid, stripPidReport, withPidReport } from '../../../src/connection/remote-pid.js';

describe('the remote PID report', () => {
  it('prints the shell PID on stderr before the command', () => {
    expect(withPidReport('echo hi')).toBe(`printf 'flotilla-pid:%s\\n' "$$" >&2; echo hi`);
  });

  it('reads and strips the marker line at the start of stderr', () => {
    const err = Buffer.from('flotilla-pid:4242\nboom\n');
    expect(reportedPid(err)).toBe(4242);
    expect(stripPidReport(err).toString()).toBe('boom\n');
  });

  it('finds the marker after start-up noise of a login shell, and strips only that line', () => {
    const err = Buffer.from('bashrc: warning\nflotilla-pid:77\nboom flotilla-pid:9\n');
    expect(reportedPid(err)).toBe(77);
    expect(stripPidReport(err).toString()).toBe('bashrc: warning\nboom flotilla-pid:9\n');
  });

  it('waits for the whole line, and leaves stderr without a marker alone', () => {
    expect(reportedPid(Buffer.from('flotilla-pid:42'))).toBeUndefined();
    expect(reportedPid(Buffer.from('x flotilla-pid:42\n'))).toBeUndefined();
    expect(stripPidReport(Buffer.from('plain\n')).toString()).toBe('plain\n');
  });
});
