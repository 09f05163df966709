/**
 * debconf: `debconf-show NAME` parsed as debconf.py's get_selections, and when a question's
 * value differs, `debconf-set-selections [-u]` with debconf.py's line on stdin: one run to
 * query, two to set.
 */
import { quote } from '../connection/shell-quote.js';
import { pySplitLines } from '../python/splitlines.js';
import { pyStrip } from '../python/whitespace.js';
import type { ModuleDefinition, ModuleResult } from './types.js';
import { ModuleCrash, run } from './util/remote.js';

/** get_selections: `* owner/question: value` lines (the star marks a seen question). */
export function parseSelections(out: string): Record<string, string> {
  const selections: Record<string, string> = {};
  for (const line of pySplitLines(out)) {
    const at = line.indexOf(':');
    if (at < 0) throw new ModuleCrash('ValueError: not enough values to unpack (expected 2, got 1)');
    selections[pyStrip(line.slice(0, at).replace(/^\*+|\*+$/g, ''))] = pyStrip(line.slice(at + 1));
  }
  return selections;
}

export const debconfModule: ModuleDefinition = {
  name: 'debconf',
  args: {
    options: {
      name: { type: 'str', required: true, aliases: ['pkg'] },
      question: { type: 'str', aliases: ['selection', 'setting'] },
      vtype: {
        type: 'str',
        choices: [
          'boolean',
          'error',
          'multiselect',
          'note',
          'password',
          'seen',
          'select',
          'string',
          'text',
          'title',
        ],
      },
      value: { type: 'str', aliases: ['answer'] },
      unseen: { type: 'bool', default: false },
    },
    requiredTogether: [['question', 'vtype', 'value']],
  },
  async run(args, ctx): Promise<ModuleResult> {
    const pkg = args.name as string;
    const question = (args.question ?? undefined) as string | undefined;
    const vtype = (args.vtype ?? undefined) as string | undefined;
    let value = (args.value ?? undefined) as string | undefined;
    // run_command(' '.join(cmd)): the name's words are the command's arguments
    const words = pkg.split(/\s+/).filter(Boolean).map(quote).join(' ');
    const shown = await run(ctx, `debconf-show ${words}`);
    if (shown.rc !== 0) return { changed: false, failed: true, msg: shown.stderr };
    let prev = parseSelections(shown.stdout);
    let changed = false;
    if (question !== undefined) {
      if (vtype === undefined || value === undefined)
        return {
          changed: false,
          failed: true,
          msg: 'when supplying a question you must supply a valid vtype and value',
        };
      if (!(question in prev)) changed = true;
      else {
        let existing = prev[question];
        if (vtype === 'boolean') {
          value = value.toLowerCase();
          existing = existing.toLowerCase();
        }
        if (value !== existing) changed = true;
      }
    }
    if (!changed || question === undefined || value === undefined || vtype === undefined)
      return { changed: false, msg: '', current: prev };
    let msg = '';
    if (!ctx.check) {
      let answer = value;
      if (vtype === 'boolean') answer = answer === 'True' ? 'true' : answer === 'False' ? 'false' : answer;
      const set = await run(ctx, `debconf-set-selections${args.unseen ? ' -u' : ''}`, {
        stdin: `${[pkg, question, vtype, answer].join(' ')}\n`,
      });
      if (set.rc !== 0) return { changed: false, failed: true, msg: set.stderr };
      msg = set.stdout;
    }
    const current = { [question]: value };
    prev = question in prev ? { [question]: prev[question] } : { ...prev, [question]: '' };
    const diff = ctx.diff ? { before: prev, after: { ...prev, ...current } } : {};
    return { changed, msg, current, previous: prev, diff };
  },
};
