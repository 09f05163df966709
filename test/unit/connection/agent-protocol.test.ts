import { describe, expect, it } from 'vitest';
import { persistentChannelEnabled } from '../../../src/connection/agent-channel.js';
import {
  AGENT_READY,
  type AgentResultFrame,
  AgentStreams,
  encodeRequest,
  exitOf,
} from '../../../src/connection/agent-protocol.js';

const allBytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
const MARK = 'flt0123456789abcdef0123456789abcdef';

type Event = { ready?: { pid: number; dir: string }; result?: AgentResultFrame };

/**
 * Feeds stdout and stderr, each cut into `size`-byte chunks, alternating between them, and
 * returns what came out (a cut anywhere, a mark split across chunks, gives the same).
 */
function feedInPieces(p: AgentStreams, out: Buffer, err: Buffer, size: number): Event[] {
  const events: Event[] = [];
  const keep = (e: Event) => {
    if (e.ready || e.result) events.push(e);
  };
  for (let i = 0; i < Math.max(out.length, err.length); i += size) {
    if (i < err.length) keep(p.feedStderr(err.subarray(i, i + size)));
    if (i < out.length) keep(p.feedStdout(out.subarray(i, i + size)));
  }
  return events;
}

function ready(): AgentStreams {
  const p = new AgentStreams();
  p.feedStderr(Buffer.from(`${AGENT_READY}\n`));
  p.feedStdout(Buffer.from(`${AGENT_READY} 1 /t\n`));
  return p;
}

describe('agent output streams', () => {
  it.each([1, 2, 7, 64, 100_000])(
    'skips start-up output, then ends a command at its mark (%i-byte chunks)',
    (size) => {
      const p = new AgentStreams();
      const events = feedInPieces(
        p,
        Buffer.from(`motd from .bashrc\n${MARK} 0 -\n${AGENT_READY} 4242 /tmp/.flotilla-agent.x y\n`),
        Buffer.from(`bashrc: warning\n${AGENT_READY}\n`),
        size,
      );
      expect(events).toEqual([{ ready: { pid: 4242, dir: '/tmp/.flotilla-agent.x y' } }]);
      expect(p.startupStderr).toBe('bashrc: warning\n');
      for (const [status, rc] of [
        [0, '-'],
        [137, '-'],
        [130, '130'],
      ] as const) {
        p.expect(MARK);
        // output that looks like a mark of another command, or a header, is data
        const out = Buffer.concat([allBytes, Buffer.from(`flt${'0'.repeat(32)} 0 -\n`)]);
        const got = feedInPieces(
          p,
          Buffer.concat([out, Buffer.from(`${MARK} ${status} ${rc}\n`)]),
          Buffer.concat([Buffer.from('warn\n'), Buffer.from(MARK)]),
          size,
        );
        expect(got).toEqual([
          {
            result: {
              status,
              ...(rc === '-' ? {} : { rc: Number(rc) }),
              stdout: out,
              stderr: Buffer.from('warn\n'),
            },
          },
        ]);
        expect(p.waiting).toBe(false);
        expect(p.strayed).toBe(false);
      }
    },
  );

  it('keeps a large output whole across many chunks, the mark split between two of them', () => {
    const p = ready();
    const big = Buffer.alloc(3 * 1024 * 1024);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7) & 255;
    p.expect(MARK);
    const out = Buffer.concat([big, Buffer.from(`${MARK} 0 -\n`)]);
    const [result] = feedInPieces(p, out, Buffer.from(MARK), 32 * 1024 + 5);
    expect(result?.result?.stdout.equals(big)).toBe(true);
    expect(result?.result?.stderr.length).toBe(0);
  });

  it('flags output that belongs to no command: before a request, after a mark, a bad trailer', () => {
    const strays = [
      (p: AgentStreams) => p.feedStdout(Buffer.from('late output\n')),
      (p: AgentStreams) => p.feedStderr(Buffer.from('late error\n')),
      (p: AgentStreams) => {
        p.expect(MARK);
        p.feedStderr(Buffer.from(`${MARK}more`));
      },
      (p: AgentStreams) => {
        p.expect(MARK);
        p.feedStdout(Buffer.from(`${MARK} 0 -\nmore`));
      },
      (p: AgentStreams) => {
        p.expect(MARK);
        p.feedStdout(Buffer.from(`${MARK} zero\n`));
      },
    ];
    for (const stray of strays) {
      const p = ready();
      stray(p);
      expect(p.strayed).toBe(true);
    }
  });
});

describe('agent request frames', () => {
  it('sends text (no NUL byte) with a newline after it and its line count, anything else raw', () => {
    expect(encodeRequest('m', 'true', undefined).toString()).toBe('m 1 4 1 0\ntrue\n\n');
    expect(encodeRequest('m', '', undefined).toString()).toBe('m 1 0 1 0\n\n\n');
    expect(encodeRequest('m', 'cat\necho é', 'a\\b\n').toString()).toBe('m 2 11 2 4\ncat\necho é\na\\b\n\n');
    const frame = encodeRequest('m', 'cat', allBytes); // a NUL byte: raw
    const nl = frame.indexOf(10);
    expect(frame.subarray(0, nl).toString()).toBe('m 1 3 - 256');
    expect(frame.subarray(nl + 1, nl + 5).toString()).toBe('cat\n');
    expect(frame.subarray(nl + 5).equals(allBytes)).toBe(true);
    const script = 'x'.repeat(5000);
    const big = encodeRequest('m', script, 'y'.repeat(2000));
    expect(big.toString()).toBe(`m 1 5000 1 2000\n${script}\n${'y'.repeat(2000)}\n`);
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
  it('is on unless set to a false word', () => {
    expect(persistentChannelEnabled({})).toBe(true);
    expect(persistentChannelEnabled({ FLOTILLA_PERSISTENT_CHANNEL: '1' })).toBe(true);
    expect(persistentChannelEnabled({ FLOTILLA_PERSISTENT_CHANNEL: 'on' })).toBe(true);
    for (const off of ['0', 'false', 'OFF', 'no', ' 0 '])
      expect(persistentChannelEnabled({ FLOTILLA_PERSISTENT_CHANNEL: off })).toBe(false);
  });
});
