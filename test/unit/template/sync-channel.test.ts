/**
 * The synchronous channel to a Python plugin helper: answers come back in order, messages
 * larger than a pipe's buffer get through whole, and a helper that dies or hangs fails the
 * call (never the thread). No FIFO is left behind.
 */
import { readdirSync } from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { ChannelError, SyncChannel } from '../../../src/template/python-plugins/sync-channel.js';

const ECHO = `
import json, struct, sys
req = open(sys.argv[1], 'rb', buffering=0); res = open(sys.argv[2], 'wb', buffering=0)
def read(n):
    b = b''
    while len(b) < n:
        c = req.read(n - len(b))
        if not c: sys.exit(0)
        b += c
    return b
while True:
    (n,) = struct.unpack('>I', read(4))
    msg = json.loads(read(n))
    if msg.get('die'): sys.exit(3)
    out = json.dumps({'echo': msg}).encode()
    res.write(struct.pack('>I', len(out)) + out)
`;

const leftovers = () => readdirSync(os.tmpdir()).filter((f) => f.startsWith('flotilla-plugins-'));

describe('SyncChannel', () => {
  it('answers each call in order, with messages larger than a pipe holds', () => {
    const before = leftovers();
    const ch = new SyncChannel('/usr/bin/python3', ['-c', ECHO], 10_000);
    try {
      expect(ch.call({ n: 1 })).toEqual({ echo: { n: 1 } });
      const big = 'x'.repeat(300_000);
      expect(ch.call({ big })).toEqual({ echo: { big } });
      expect(ch.call({ n: 2 })).toEqual({ echo: { n: 2 } });
      expect(leftovers()).toEqual(before);
    } finally {
      ch.close();
    }
  });

  it('fails the call when the helper dies, or does not answer in time', () => {
    const dying = new SyncChannel('/usr/bin/python3', ['-c', ECHO], 10_000);
    expect(dying.call({ n: 1 })).toEqual({ echo: { n: 1 } });
    expect(() => dying.call({ die: true })).toThrow(ChannelError);
    dying.close();
    const silent = new SyncChannel('/bin/sh', ['-c', 'sleep 30'], 300);
    const started = Date.now();
    expect(() => silent.call({ n: 1 })).toThrow(/did not answer within 0.3 s/);
    expect(Date.now() - started).toBeLessThan(5_000);
    const gone = new SyncChannel('/bin/sh', ['-c', 'exit 0'], 10_000);
    expect(() => gone.call({ n: 1 })).toThrow(/ended/);
    gone.close();
  });
});
