/**
 * stat: one round trip, one script: `stat` and the checksum, then what Ansible's stat adds
 * from other tools: md5, mimetype/charset (`file`) and lsattr's version/attributes.
 */
import { quote } from '../connection/shell-quote.js';
import type { ModuleDefinition } from './types.js';
import { run } from './util/remote.js';
import { type ChecksumAlgorithm, parseStat, statLines, toStatResult } from './util/remote-stat.js';

/** lsattr flag letters → names (module_utils/common/file.py FILE_ATTRIBUTES). */
const FILE_ATTRIBUTES: Record<string, string> = {
  A: 'noatime',
  a: 'append',
  c: 'compressed',
  C: 'nocow',
  d: 'nodump',
  D: 'dirsync',
  e: 'extents',
  E: 'encrypted',
  h: 'blocksize',
  i: 'immutable',
  I: 'indexed',
  j: 'journalled',
  N: 'inline',
  s: 'zero',
  S: 'synchronous',
  t: 'notail',
  T: 'blockroot',
  u: 'undelete',
  X: 'compressedraw',
  Z: 'compresseddirty',
};

const SEP = '__flotilla_sep__';

/** The shell text printing md5, mimetype/charset and lsattr's line of `$p`, after SEP lines. */
function extrasScript(follow: boolean, md5: boolean, mime: boolean, attrs: boolean): string {
  // md5 only of a regular file that can be read (a link is not one unless followed)
  const summable = `[ -f "$p" ] && [ -r "$p" ]${follow ? '' : ' && [ ! -L "$p" ]'}`;
  return [
    `echo ${SEP}`,
    md5 ? `if ${summable}; then md5sum < "$p" | cut -d' ' -f1; fi` : ':',
    `echo ${SEP}`,
    mime ? `command -v file >/dev/null 2>&1 && file --mime-type --mime-encoding -- "$p" 2>/dev/null` : ':',
    `echo ${SEP}`,
    attrs ? `command -v lsattr >/dev/null 2>&1 && lsattr -vd -- "$p" 2>/dev/null` : ':',
    'exit 0',
  ].join('\n');
}

/** mimetype/charset and version/attributes/attr_flags, as stat.py fills them (unknown when absent). */
function extras(mimeOut: string, attrOut: string, mime: boolean, attrs: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (mime) {
    // Python's chained assignment sets mimetype first (a JavaScript one would set charset first)
    out.mimetype = 'unknown';
    out.charset = 'unknown';
    const m = /:\s*([^;:\n]+);\s*charset=(\S+)\s*$/.exec(mimeOut.trim());
    if (m) {
      out.mimetype = m[1].trim();
      out.charset = m[2].trim();
    }
  }
  if (attrs) {
    out.version = null;
    out.attributes = [];
    out.attr_flags = '';
    const fields = attrOut.trim().split(/\s+/);
    if (fields.length >= 3) {
      const flags = fields[1].replace(/-/g, '');
      out.version = fields[0];
      out.attr_flags = flags;
      out.attributes = [...flags].filter((f) => f in FILE_ATTRIBUTES).map((f) => FILE_ATTRIBUTES[f]);
    }
  }
  return out;
}

export const statModule: ModuleDefinition = {
  name: 'stat',
  args: {
    options: {
      path: { type: 'path', required: true, aliases: ['dest', 'name'] },
      follow: { type: 'bool', default: false },
      get_md5: { type: 'bool', default: false },
      get_checksum: { type: 'bool', default: true },
      checksum_algorithm: {
        type: 'str',
        default: 'sha1',
        choices: ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'],
        aliases: ['checksum', 'checksum_algo'],
      },
      get_mime: { type: 'bool', default: true, aliases: ['mime', 'mime_type', 'mime-type'] },
      get_attributes: { type: 'bool', default: true, aliases: ['attr', 'attributes'] },
    },
  },
  async run(args, ctx) {
    const path = args.path as string;
    const follow = args.follow as boolean;
    const checksum = args.get_checksum ? (args.checksum_algorithm as ChecksumAlgorithm) : undefined;
    const mime = args.get_mime as boolean;
    const attrs = args.get_attributes as boolean;
    const res = await run(
      ctx,
      `p=${quote(path)}\n${statLines({ follow, checksum })}\n${extrasScript(follow, args.get_md5 as boolean, mime, attrs)}`,
    );
    const [statOut, md5Out = '', mimeOut = '', attrOut = ''] = res.stdout.split(`${SEP}\n`);
    const st = parseStat({ ...res, stdout: statOut }, path);
    const out = toStatResult(st, path);
    if (!st) return { changed: false, stat: out };
    const summable = out.isreg === true && out.readable === true;
    if (!summable) delete out.checksum;
    if (summable && args.get_md5) {
      // stat.py: md5 before checksum
      const sum = out.checksum;
      delete out.checksum;
      out.md5 = md5Out.trim() || null;
      if (sum !== undefined) out.checksum = sum;
    }
    Object.assign(out, extras(mimeOut, attrOut, mime, attrs));
    return { changed: false, stat: out };
  },
};
