/**
 * The bytes copy and template write, never held whole per host: a controller file is read
 * in chunks (once per worker for its checksums, then once per host for the transfer), a
 * rendered text or content= value is encoded chunk by chunk from the one string. A transfer
 * costs a bounded buffer whatever the size of the file.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { isVaultText } from '../../vault/format.js';

export interface Checksums {
  sha1: string;
  md5: string;
}

export interface ContentSource {
  /** Length in bytes. */
  readonly size: number;
  checksums(): Promise<Checksums>;
  /** A fresh stream of the bytes, in chunks of at most CHUNK bytes. */
  stream(): Readable;
  /** All the bytes at once: for a diff or a small edit only (callers check `size` first). */
  bytes(): Promise<Buffer>;
}

/** Large enough that per-chunk stream overhead is small next to the transfer (64 KiB was 40 % slower). */
export const CHUNK = 256 * 1024;

/** A stream pulling one chunk at a time from `next` (null ends it). */
function pulled(next: () => Buffer | null): Readable {
  return new Readable({
    highWaterMark: CHUNK,
    read() {
      this.push(next());
    },
  });
}

function hashChunks(chunks: Iterable<Buffer | string>): Checksums {
  const sha1 = createHash('sha1');
  const md5 = createHash('md5');
  for (const chunk of chunks) {
    sha1.update(chunk);
    md5.update(chunk);
  }
  return { sha1: sha1.digest('hex'), md5: md5.digest('hex') };
}

export function bufferSource(data: Buffer): ContentSource {
  let checksums: Checksums | undefined;
  return {
    size: data.length,
    checksums: async () => (checksums ??= hashChunks([data])),
    stream() {
      let at = 0;
      return pulled(() => {
        if (at >= data.length) return null;
        at += CHUNK;
        return data.subarray(at - CHUNK, Math.min(at, data.length));
      });
    },
    bytes: async () => data,
  };
}

/** Slices of `text` of about CHUNK/4 UTF-16 units (at most CHUNK bytes), never splitting a surrogate pair. */
function* textSlices(text: string): Generator<string> {
  const step = CHUNK / 4;
  for (let at = 0; at < text.length; ) {
    let end = Math.min(at + step, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    yield text.slice(at, end);
    at = end;
  }
}

/**
 * Checksums of the last few large texts: content: '{{ big }}' hands every host of a worker
 * the same string, and comparing it with a kept one is a pointer check.
 */
const textChecksums: { text: string; checksums: Checksums }[] = [];
const TEXT_CACHE_MIN = 1 << 20;

/** The UTF-8 bytes of `text` (content=, a rendered template). */
export function textSource(text: string): ContentSource {
  let checksums: Checksums | undefined;
  return {
    size: Buffer.byteLength(text, 'utf8'),
    async checksums() {
      if (checksums) return checksums;
      checksums = textChecksums.find((c) => c.text === text)?.checksums;
      if (checksums) return checksums;
      checksums = hashChunks(textSlices(text));
      if (text.length >= TEXT_CACHE_MIN) {
        textChecksums.unshift({ text, checksums });
        textChecksums.length = Math.min(textChecksums.length, 4);
      }
      return checksums;
    },
    stream() {
      const slices = textSlices(text);
      return pulled(() => {
        const next = slices.next();
        return next.done ? null : Buffer.from(next.value, 'utf8');
      });
    },
    bytes: async () => Buffer.from(text, 'utf8'),
  };
}

/**
 * Checksums of controller files by identity (path, inode, size, mtime, ctime): the hosts of a
 * worker copying one file share one read of it for its checksums.
 */
const fileChecksums = new Map<string, Promise<Checksums>>();
const FILE_CACHE_MAX = 256;

function checksumFile(file: string): Promise<Checksums> {
  return new Promise((resolve, reject) => {
    const sha1 = createHash('sha1');
    const md5 = createHash('md5');
    createReadStream(file, { highWaterMark: 1 << 20 })
      .on('data', (chunk) => {
        sha1.update(chunk);
        md5.update(chunk);
      })
      .on('error', reject)
      .on('end', () => resolve({ sha1: sha1.digest('hex'), md5: md5.digest('hex') }));
  });
}

async function startsVaulted(file: string): Promise<boolean> {
  const fh = await open(file, 'r');
  try {
    const head = Buffer.alloc(16);
    const { bytesRead } = await fh.read(head, 0, 16, 0);
    return isVaultText(head.subarray(0, bytesRead).toString('latin1'));
  } finally {
    await fh.close();
  }
}

/**
 * A controller file. A vaulted one is decrypted whole by `readVaulted` (ctx.readLocalFile):
 * vault files are small, and their plaintext exists only after decryption.
 */
export async function fileSource(
  file: string,
  readVaulted: (file: string) => Promise<Buffer>,
): Promise<ContentSource> {
  if (await startsVaulted(file)) return bufferSource(await readVaulted(file));
  // Nanosecond times: a file rewritten within the same millisecond gets a new key.
  const info = await stat(file, { bigint: true });
  const size = Number(info.size);
  const key = `${file}\0${info.ino}:${size}:${info.mtimeNs}:${info.ctimeNs}`;
  return {
    size,
    checksums() {
      let cached = fileChecksums.get(key);
      if (!cached) {
        if (fileChecksums.size >= FILE_CACHE_MAX) fileChecksums.delete(fileChecksums.keys().next().value!);
        cached = checksumFile(file);
        fileChecksums.set(key, cached);
        cached.catch(() => fileChecksums.delete(key));
      }
      return cached;
    },
    // Exactly `size` bytes, as measured: a file that grows meanwhile sends no more.
    stream: () =>
      size === 0 ? Readable.from([]) : createReadStream(file, { highWaterMark: CHUNK, end: size - 1 }),
    bytes: () => readFile(file),
  };
}

export function toSource(content: string | Buffer | ContentSource): ContentSource {
  if (typeof content === 'string') return textSource(content);
  if (Buffer.isBuffer(content)) return bufferSource(content);
  return content;
}
