import { describe, expect, it } from 'vitest';
import { persistentChannelEnabled } from '../../../src/connection/agent-channel.js';
import {
  AGENT_READY,
  type AgentFrame,
  AgentProtocolError,
  AgentReplyParser,
  encodeRequest,
  exitOf,
} from '../../../src/connection/agent-protocol.js';

const allBytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

function reply(id: number, status: number, rc: string, out: Buffer, err: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`R ${id} ${status} ${rc} ${out.length} ${err.length}\n`), out, err]);
}

/** The same stream cut at every byte boundary gives the same frames as in one piece. */
function feedInPieces(data: Buffer, size: number): AgentFrame[] {
  const p = new AgentReplyParser();
  const frames: AgentFrame[] = [];
  for (let i = 0; i < data.length; i += size) frames.push(...p.feed(data.subarray(i, i + size)));
  expect(p.pending).toBe(0);
  return frames;
}

describe('agent reply parser', () => {
  const stream = Buffer.concat([
    Buffer.from('motd from .bashrc\nR 9 9 9 9 9\n'), // before the ready line: skipped
    Buffer.from(`${AGENT_READY} 4242 /tmp/.flotilla-agent.x y\n`),
    reply(1, 0, '0', allBytes, Buffer.from('warn\n')),
    reply(2, 137, '-', Buffer.alloc(0), Buffer.alloc(0)),
    reply(3, 3, '3', Buffer.from('R 4 0 0 1 1\nxy'), Buffer.alloc(0)), // a header inside output is data
  ]);

  it.each([1, 2, 7, 64, stream.length])('parses frames cut into %i-byte chunks', (size) => {
    const frames = feedInPieces(stream, size);
    expect(frames).toEqual([
      { type: 'ready', pid: 4242, dir: '/tmp/.flotilla-agent.x y' },
      { type: 'result', id: 1, status: 0, rc: 0, stdout: allBytes, stderr: Buffer.from('warn\n') },
      { type: 'result', id: 2, status: 137, stdout: Buffer.alloc(0), stderr: Buffer.alloc(0) },
      {
        type: 'result',
        id: 3,
        status: 3,
        rc: 3,
        stdout: Buffer.from('R 4 0 0 1 1\nxy'),
        stderr: Buffer.alloc(0),
      },
    ]);
  });

  it('keeps a large body whole across many chunks', () => {
    const big = Buffer.alloc(3 * 1024 * 1024);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7) & 255;
    const data = Buffer.concat([Buffer.from(`${AGENT_READY} 1 /t\n`), reply(5, 0, '0', big, allBytes)]);
    const [, result] = feedInPieces(data, 32 * 1024);
    expect(result).toMatchObject({ type: 'result', id: 5 });
    expect((result as { stdout: Buffer }).stdout.equals(big)).toBe(true);
    expect((result as { stderr: Buffer }).stderr.equals(allBytes)).toBe(true);
  });

  it('refuses output that is not a frame once the agent is ready', () => {
    const p = new AgentReplyParser();
    p.feed(Buffer.from(`${AGENT_READY} 1 /t\n`));
    expect(() => p.feed(Buffer.from('garbage\n'))).toThrow(AgentProtocolError);
    const q = new AgentReplyParser();
    q.feed(Buffer.from(`${AGENT_READY} 1 /t\n`));
    expect(() => q.feed(Buffer.alloc(5000, 0x41))).toThrow(/too long/);
  });
});

describe('agent request frames', () => {
  it('sends the command as lines, a small text stdin as lines, anything else as counted bytes', () => {
    expect(encodeRequest(8, 'true', undefined).toString()).toBe('8 1 0 -\ntrue\n');
    expect(encodeRequest(9, 'cat\necho é', 'a\\b\n').toString()).toBe('9 2 4 2\ncat\necho é\na\\b\n\n');
    const frame = encodeRequest(7, 'cat', allBytes); // a NUL byte: raw
    const nl = frame.indexOf(10);
    expect(frame.subarray(0, nl).toString()).toBe('7 1 256 -');
    expect(frame.subarray(nl + 1, nl + 5).toString()).toBe('cat\n');
    expect(frame.subarray(nl + 5).equals(allBytes)).toBe(true);
    const big = Buffer.alloc(20_000, 0x61);
    expect(encodeRequest(1, 'wc -c', big).subarray(0, 15).toString()).toBe('1 1 20000 -\nwc ');
  });
});

describe('exit status as ExecResult reports it', () => {
  it('takes the shell’s own exit code when its EXIT trap wrote it, else a status above 128 is a signal', () => {
    expect(exitOf(0, 0)).toEqual({ rc: 0 });
    expect(exitOf(130, 130)).toEqual({ rc: 130 }); // `exit 130`
    expect(exitOf(137, undefined)).toEqual({ rc: -1, signal: 'SIGKILL' });
    expect(exitOf(143, undefined)).toEqual({ rc: -1, signal: 'SIGTERM' });
    expect(exitOf(127, undefined)).toEqual({ rc: 127 }); // the shell could not start
  });
});

describe('FLOTILLA_PERSISTENT_CHANNEL', () => {
  it('is off unless set to a true word', () => {
    expect(persistentChannelEnabled({})).toBe(false);
    expect(persistentChannelEnabled({ FLOTILLA_PERSISTENT_CHANNEL: '1' })).toBe(true);
    expect(persistentChannelEnabled({ FLOTILLA_PERSISTENT_CHANNEL: 'on' })).toBe(true);
    for (const off of ['0', 'false', 'OFF', 'no'])
      expect(persistentChannelEnabled({ FLOTILLA_PERSISTENT_CHANNEL: off })).toBe(false);
  });
});
