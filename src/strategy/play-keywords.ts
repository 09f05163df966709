/**
 * The play keywords Ansible templates at play start (Play.post_validate, run by
 * PlaybookExecutor with the play's variables: play vars, vars_files, extra vars, `groups`):
 * those whose field is `always_post_validate` — gather_facts, serial, max_fail_percentage,
 * strategy, order, force_handlers. A value that renders to `omit` falls back to the
 * keyword's default. The parser keeps their templated values raw in `play.keywords`.
 * (hosts and name are rendered by play-runner's playLevel; keywords every task inherits,
 * become, throttle, …, are templated per task as Ansible's Task.post_validate does.)
 */
import { FlotillaError } from '../errors/index.js';
import type { Play } from '../playbook/model.js';
import { booleanOf } from '../python/boolean.js';
import { pyStr } from '../python/repr.js';
import { Templar } from '../template/index.js';

const templar = new Templar();

/** The play with its play-start keywords rendered and typed; the input is not changed. */
export function resolvePlayKeywords(play: Play, vars: Record<string, unknown>): Play {
  const raw = play.keywords;
  const out: Play = { ...play, keywords: { ...raw } };
  const omit = templar.omitToken;
  const render = (name: string): { value: unknown } | undefined => {
    let value: unknown;
    try {
      value = templar.renderValue(raw[name], vars);
    } catch (err) {
      throw new FlotillaError(
        'FLT_PLAY_FIELD',
        `The field '${name}' has an invalid value, which includes an undefined variable. The error was: ${err instanceof Error ? err.message : String(err)}`,
        { location: play.location },
      );
    }
    // Omitted: the keyword's default (set_to_context).
    if (value === omit) {
      delete out.keywords[name];
      return undefined;
    }
    return { value };
  };
  const invalid = (name: string, value: unknown, isa: string, why: string) =>
    new FlotillaError(
      'FLT_PLAY_FIELD',
      `the field '${name}' has an invalid value (${pyStr(value)}), and could not be converted to an ${isa}. The error was: ${why}`,
      { location: play.location },
    );

  if (isTemplated(raw.gather_facts)) {
    const r = render('gather_facts');
    delete out.keywords.gather_facts;
    if (r && r.value !== null) {
      const flag = booleanOf(r.value);
      if (flag === undefined)
        throw invalid(
          'gather_facts',
          r.value,
          'bool',
          `The value '${pyStr(r.value)}' is not a valid boolean.  Valid booleans include: 'n', 1, 'y', 'on', 'no', 'yes', 'f', 'false', '1', 'off', 't', '0', 'true', 0`,
        );
      out.gatherFacts = flag;
    }
  }
  if (containsTemplate(raw.serial)) {
    const r = render('serial');
    delete out.keywords.serial;
    // A list attribute: a scalar becomes a one-item list, None an empty one (no batches).
    out.serial = r && r.value !== null ? (Array.isArray(r.value) ? r.value : [r.value]) : undefined;
    if (Array.isArray(out.serial) && out.serial.length === 0) out.serial = undefined;
  }
  if (isTemplated(raw.max_fail_percentage)) {
    const r = render('max_fail_percentage');
    delete out.keywords.max_fail_percentage;
    if (r && r.value !== null) {
      const text = typeof r.value === 'string' ? r.value.replace(/%/g, '') : r.value;
      const n = typeof text === 'number' ? text : typeof text === 'string' ? Number(text.trim()) : Number.NaN;
      if (!Number.isFinite(n) || (typeof text === 'string' && text.trim() === ''))
        throw invalid(
          'max_fail_percentage',
          r.value,
          'percent',
          `could not convert string to float: '${pyStr(text)}'`,
        );
      out.maxFailPercentage = n;
    }
  }
  if (isTemplated(raw.strategy)) {
    const r = render('strategy');
    delete out.keywords.strategy;
    out.strategy = r && r.value !== null ? pyStr(r.value) : undefined;
  }
  for (const name of ['order', 'force_handlers'] as const) {
    if (!isTemplated(raw[name])) continue;
    const r = render(name);
    if (r) out.keywords[name] = name === 'order' && r.value !== null ? pyStr(r.value) : r.value;
  }
  return out;
}

function isTemplated(v: unknown): v is string {
  return typeof v === 'string' && templar.isTemplate(v);
}

function containsTemplate(v: unknown): boolean {
  return isTemplated(v) || (Array.isArray(v) && v.some(isTemplated));
}
