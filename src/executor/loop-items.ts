/**
 * Resolves a task's loop into its items: `loop:` and the common `with_<lookup>` forms.
 */
import { FlotillaError } from '../errors/index.js';
import type { TaskSpec } from '../plan/task-spec.js';

export type Render = (value: unknown) => unknown;

export function loopItems(spec: TaskSpec, render: Render): unknown[] | undefined {
  const { loop, withLookup } = spec.keywords;
  if (loop !== undefined) return asList(render(loop), 'loop');
  if (!withLookup) return undefined;
  const arg = render(withLookup.arg);
  switch (withLookup.name) {
    case 'items':
      return asList(arg, 'with_items').flatMap((x) => (Array.isArray(x) ? x : [x]));
    case 'list':
      return asList(arg, 'with_list');
    case 'indexed_items':
      return asList(arg, 'with_indexed_items').map((x, i) => [i, x]);
    case 'dict':
      return Object.entries(asMapping(arg)).map(([key, value]) => ({ key, value }));
    case 'together': {
      const lists = asList(arg, 'with_together').map((l) => asList(l, 'with_together'));
      const n = Math.max(0, ...lists.map((l) => l.length));
      return Array.from({ length: n }, (_, i) => lists.map((l) => l[i] ?? null));
    }
    case 'nested':
    case 'cartesian':
      return asList(arg, `with_${withLookup.name}`)
        .map((l) => asList(l, 'with_nested'))
        .reduce<unknown[][]>((acc, l) => acc.flatMap((a) => l.map((x) => [...a, x])), [[]]);
    case 'sequence':
      return sequence(String(arg));
    default:
      throw new FlotillaError('FLT_TASK_LOOP', `with_${withLookup.name} is not supported`, {
        hint: 'use `loop:` with a filter or lookup instead',
      });
  }
}

function asList(value: unknown, what: string): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return [value];
  throw new FlotillaError(
    'FLT_TASK_LOOP',
    `Invalid data passed to '${what}', it requires a list, got this instead: ${JSON.stringify(value)}`,
    {
      hint: 'Hint: If you passed a list/dict of just one element, try adding wantlist=True to your lookup invocation or use q/query instead of lookup.',
    },
  );
}

function asMapping(value: unknown): Record<string, unknown> {
  if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  throw new FlotillaError('FLT_TASK_LOOP', `with_dict expects a dict, got ${JSON.stringify(value)}`);
}

/** `with_sequence: start=1 end=5 stride=1 format=web%02d` or the short form `1-5`. */
function sequence(spec: string): string[] {
  const opts: Record<string, string> = {};
  const short = /^\s*(\d+)-(\d+)(?:\/(\d+))?(?::(\S+))?\s*$/.exec(spec);
  if (short)
    Object.assign(opts, {
      start: short[1],
      end: short[2],
      stride: short[3] ?? '1',
      format: short[4] ?? '%d',
    });
  else for (const m of spec.matchAll(/(\w+)=(\S+)/g)) opts[m[1]] = m[2];
  const start = Number(opts.start ?? 1);
  const stride = Number(opts.stride ?? 1);
  const end = opts.count !== undefined ? start + (Number(opts.count) - 1) * stride : Number(opts.end);
  const format = opts.format ?? '%d';
  if (!Number.isFinite(end) || stride === 0)
    throw new FlotillaError('FLT_TASK_LOOP', `bad with_sequence "${spec}"`);
  const out: string[] = [];
  for (let i = start; stride > 0 ? i <= end : i >= end; i += stride) {
    out.push(
      format.replace(/%(0?)(\d*)d/, (_m, zero, width) =>
        String(i).padStart(Number(width || 0), zero ? '0' : ' '),
      ),
    );
  }
  return out;
}
