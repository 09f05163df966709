import { createHash } from 'node:crypto';
import { rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { bufferSource, CHUNK, fileSource, textSource } from '../../../src/modules/util/content-source.js';
import { tempDir } from '../../support/temp-dirs.js';

const dir = tempDir('flotilla-content-source-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function chunksOf(stream: Readable): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const chunk of stream) out.push(chunk as Buffer);
  return out;
}

const sums = (b: Buffer) => ({
  sha1: createHash('sha1').update(b).digest('hex'),
  md5: createHash('md5').update(b).digest('hex'),
});

describe('content sources', () => {
  it('a text streams as its UTF-8 bytes in bounded chunks, never splitting a surrogate pair', async () => {
    // an astral character (two UTF-16 units) straddling every chunk boundary the slicer might pick
    const text = `${'a'.repeat(CHUNK / 4 - 1)}😀${'é'.repeat(CHUNK)}😀`;
    const bytes = Buffer.from(text, 'utf8');
    const source = textSource(text);
    expect(source.size).toBe(bytes.length);
    const chunks = await chunksOf(source.stream());
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(CHUNK);
    expect(chunks.every((c) => !c.toString('utf8').includes('\ufffd'))).toBe(true);
    expect(await source.checksums()).toEqual(sums(bytes));
    // a second source of the same text answers from the cache with the same sums
    expect(await textSource(text).checksums()).toEqual(sums(bytes));
  });

  it('a buffer streams as subarrays', async () => {
    const data = Buffer.alloc(CHUNK * 2 + 5, 9);
    const chunks = await chunksOf(bufferSource(data).stream());
    expect(chunks.map((c) => c.length)).toEqual([CHUNK, CHUNK, 5]);
    expect(await bufferSource(data).checksums()).toEqual(sums(data));
  });

  it('a file streams exactly its size when read, and its checksums follow a change', async () => {
    const file = path.join(dir, 'f.bin');
    const first = Buffer.alloc(3 * CHUNK + 11, 1);
    writeFileSync(file, first);
    const source = await fileSource(file, async () => Buffer.from('unused'));
    expect(source.size).toBe(first.length);
    expect(await source.checksums()).toEqual(sums(first));
    // grown after it was measured: the stream still sends the size it reported
    writeFileSync(file, Buffer.concat([first, Buffer.from('more')]));
    expect(Buffer.concat(await chunksOf(source.stream())).equals(first)).toBe(true);
    // changed content (new size and mtime): new sums, not the cached ones
    const second = Buffer.alloc(100, 2);
    writeFileSync(file, second);
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(await (await fileSource(file, async () => Buffer.alloc(0))).checksums()).toEqual(sums(second));
  });

  it('an empty file streams nothing', async () => {
    const file = path.join(dir, 'empty');
    writeFileSync(file, '');
    const source = await fileSource(file, async () => Buffer.alloc(0));
    expect(source.size).toBe(0);
    expect(await chunksOf(source.stream())).toEqual([]);
  });

  it('a vaulted file is decrypted whole by the reader it is given', async () => {
    const file = path.join(dir, 'secret');
    writeFileSync(file, '$ANSIBLE_VAULT;1.1;AES256\n6162\n');
    const source = await fileSource(file, async (f) => Buffer.from(`plain of ${path.basename(f)}`));
    expect(Buffer.concat(await chunksOf(source.stream())).toString()).toBe('plain of secret');
    expect(source.size).toBe('plain of secret'.length);
  });
});
