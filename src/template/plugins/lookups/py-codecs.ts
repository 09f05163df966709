/**
 * Decoding a controller file's bytes with a Python codec name (the ini and csvfile lookups'
 * `encoding=`): Python's names and aliases mapped onto Node's decoders. An unknown name is
 * Python's LookupError "unknown encoding: <name>".
 */

/** Python's codec aliases (after encodings.normalize_encoding) that WHATWG labels do not cover. */
const PY_CODECS: Record<string, string> = {
  utf_8: 'utf-8',
  utf8: 'utf-8',
  u8: 'utf-8',
  utf: 'utf-8',
  cp65001: 'utf-8',
  latin_1: 'latin1',
  latin1: 'latin1',
  latin: 'latin1',
  l1: 'latin1',
  iso8859_1: 'latin1',
  iso_8859_1: 'latin1',
  '8859': 'latin1',
  cp819: 'latin1',
  ascii: 'ascii',
  us_ascii: 'ascii',
  '646': 'ascii',
  us: 'ascii',
  utf_16: 'utf-16',
  utf16: 'utf-16',
  u16: 'utf-16',
  utf_16_le: 'utf-16le',
  utf_16le: 'utf-16le',
  utf_16_be: 'utf-16be',
  utf_16be: 'utf-16be',
};

export class UnknownEncoding extends Error {
  constructor(name: string) {
    super(`unknown encoding: ${name}`);
  }
}

/** Python's lookup key: lower case, runs of punctuation and spaces as one underscore. */
function normalise(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '_')
    .replace(/^_|_$/g, '');
}

/** bytes.decode(encoding, errors='surrogate_or_strict'): undecodable bytes become U+FFFD here. */
export function decodeBytes(bytes: Buffer, encoding: string): string {
  const key = normalise(encoding);
  const codec = PY_CODECS[key];
  if (codec === 'latin1') return bytes.toString('latin1');
  // WHATWG's "ascii" is windows-1252; Python's ascii knows only 7-bit bytes.
  if (codec === 'ascii')
    return Array.from(bytes, (b) => (b < 128 ? String.fromCharCode(b) : '\ufffd')).join('');
  if (codec === 'utf-16') {
    // Python's utf_16 reads a BOM and takes little endian without one.
    const be = bytes[0] === 0xfe && bytes[1] === 0xff;
    return new TextDecoder(be ? 'utf-16be' : 'utf-16le').decode(bytes);
  }
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    // Only utf_16 drops a byte order mark; utf_8 keeps it as U+FEFF.
    decoder = new TextDecoder(codec ?? key.replace(/_/g, '-'), { ignoreBOM: true });
  } catch {
    throw new UnknownEncoding(encoding);
  }
  return decoder.decode(bytes);
}
