/**
 * getent: one `getent DATABASE [KEY] [-s SERVICE]` run, its lines split into
 * `ansible_facts.getent_<database>` as Ansible's getent.py builds them (the colon databases
 * split on ':', the others on whitespace; a repeated first field becomes a list of records).
 */
import { quote } from '../connection/shell-quote.js';
import { pySplitLines } from '../python/splitlines.js';
import { pyWords } from '../python/whitespace.js';
import type { ModuleDefinition, ModuleResult } from './types.js';
import { BIN_MISSING, binPathScript } from './util/bin-path.js';
import { run } from './util/remote.js';

/** The databases whose records split on ':' when `split` is not given. */
const COLON = ['passwd', 'shadow', 'group', 'gshadow'];

/** str.split(sep) (sep undefined: whitespace). */
function pySplit(line: string, sep: string | undefined): string[] {
  return sep !== undefined ? line.split(sep) : pyWords(line);
}

/** The records of getent's output, keyed by their first field, as getent.py stores them. */
export function getentRecords(out: string, split: string | undefined): Record<string, unknown> {
  const tree: Record<string, unknown> = {};
  const seen = new Map<string, number>();
  for (const line of pySplitLines(out)) {
    const record = pySplit(line, split);
    const [first, ...rest] = record;
    const count = seen.get(first);
    if (count !== undefined) {
      if (count === 1) tree[first] = [tree[first]];
      (tree[first] as unknown[]).push(rest);
      seen.set(first, count + 1);
    } else {
      tree[first] = rest;
      seen.set(first, 1);
    }
  }
  return tree;
}

export const getentModule: ModuleDefinition = {
  name: 'getent',
  args: {
    options: {
      database: { type: 'str', required: true },
      key: { type: 'str' },
      service: { type: 'str' },
      split: { type: 'str' },
      fail_key: { type: 'bool', default: true },
    },
  },
  async run(args, ctx): Promise<ModuleResult> {
    const database = args.database as string;
    const key = (args.key ?? undefined) as string | undefined;
    const service = (args.service ?? undefined) as string | undefined;
    let split = (args.split ?? undefined) as string | undefined;
    if (split === undefined && COLON.includes(database)) split = ':';
    // get_bin_path('getent', True) first: a host without it fails with Ansible's message.
    const argv = [
      database,
      ...(key !== undefined ? [key] : []),
      ...(service !== undefined ? ['-s', service] : []),
    ];
    const res = await run(ctx, `${binPathScript('getent', 'bin')}\n"$bin" ${argv.map(quote).join(' ')}`);
    if (res.rc === BIN_MISSING && res.stderr.startsWith('Failed to find required executable'))
      return { changed: false, failed: true, msg: res.stderr.trim() };
    const dbtree = `getent_${database}`;
    if (res.rc === 0)
      return { changed: false, ansible_facts: { [dbtree]: getentRecords(res.stdout, split) } };
    let msg = 'Unexpected failure!';
    if (res.rc === 1) msg = 'Missing arguments, or database unknown.';
    else if (res.rc === 2) {
      msg = 'One or more supplied key could not be found in the database.';
      if (!args.fail_key)
        return { changed: false, ansible_facts: { [dbtree]: { [key ?? 'null']: null } }, msg };
    } else if (res.rc === 3) msg = 'Enumeration not supported on this database.';
    return { changed: false, failed: true, msg };
  },
};
