import { rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalTransport } from '../../../src/connection/local-transport.js';
import { tempDir } from '../../support/temp-dirs.js';

const dir = tempDir('flt-local-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('LocalTransport', () => {
  const t = new LocalTransport();

  it('runs through /bin/sh with rc, stdout, stderr, stdin and env', async () => {
    await t.connect();
    expect(await t.exec('echo out; echo err >&2; exit 4')).toEqual({
      rc: 4,
      stdout: 'out\n',
      stderr: 'err\n',
    });
    expect((await t.exec('cat', { stdin: 'fed\n' })).stdout).toBe('fed\n');
    const nasty = `it's "$HOME" \`id\` \n end`;
    expect((await t.exec('printf %s "$X"', { env: { X: nasty } })).stdout).toBe(nasty);
  });

  it('streams a Readable into stdin; a failing one ends the command stdin and rejects', async () => {
    const chunks = Array.from({ length: 32 }, (_, i) => Buffer.alloc(64 * 1024 + i, i));
    const total = chunks.reduce((n, c) => n + c.length, 0);
    expect((await t.exec('wc -c', { stdin: Readable.from(chunks) })).stdout.trim()).toBe(String(total));
    const failing = new Readable({
      read() {
        this.destroy(new Error('disk read failed'));
      },
    });
    await expect(t.exec('cat > /dev/null', { stdin: failing })).rejects.toThrow('disk read failed');
    // a command that exits without reading all of its stdin still completes
    const unread = await t.exec('exit 3', { stdin: Readable.from(chunks) });
    expect(unread.rc).toBe(3);
  });

  it('reports a signal death as rc -1', async () => {
    expect(await t.exec('kill -TERM $$')).toMatchObject({ rc: -1, signal: 'SIGTERM' });
  });

  it('kills the command and its children on timeout', async () => {
    const started = Date.now();
    await expect(t.exec('sleep 5; echo late', { timeoutMs: 100 })).rejects.toMatchObject({
      code: 'FLT_CONN_COMMAND_TIMEOUT',
    });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('puts and gets files with a mode', async () => {
    const file = path.join(dir, 'f.bin');
    const data = Buffer.from([0, 1, 2, 255, 10]);
    await t.put(data, file, 0o640);
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect((await t.get(file)).equals(data)).toBe(true);
    await t.put('again', file, 0o600); // mode applies to an existing file too
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await expect(t.get(path.join(dir, 'missing'))).rejects.toMatchObject({ code: 'FLT_CONN_FILE' });
  });

  it('is alive until closed, then refuses', async () => {
    expect(await t.isAlive()).toBe(true);
    await t.close();
    await t.close();
    expect(await t.isAlive()).toBe(false);
    await expect(t.exec('true')).rejects.toMatchObject({ code: 'FLT_CONN_CLOSED' });
  });
});
