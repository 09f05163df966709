import type { Render } from '../../executor/loop-items.js';
import { assignMarked, copyMarks, isUnsafeAt, markUnsafeSlot } from '../../python/unsafe.js';
import { invalidVariableNameText, isPythonIdentifier } from '../../text/python-identifier.js';
import { actionFail } from '../action-fail.js';
import type { ControllerAction } from './types.js';

/** Ansible's set_fact: the facts become host variables at once, keeping their own marks. */
export const setFact: ControllerAction = (ctx, _vars, render) => {
  const facts = setFactFacts(render(withoutCacheable(ctx.spec.args)) as Record<string, unknown>, render);
  if (typeof facts === 'string') return { failed: true, changed: false, ...actionFail(facts) };
  if (!ctx.factsDelegated) assignMarked(ctx.host.hostVars, facts);
  return { changed: false, ansible_facts: facts };
};

/**
 * Ansible's set_fact action on its templated arguments: each name is templated too and must
 * be an identifier; a string value that reads true/false/yes/no (any case) becomes a boolean,
 * as it does whenever jinja2_native is off. Returns the failure text instead when it fails.
 */
function setFactFacts(args: Record<string, unknown>, render: Render): Record<string, unknown> | string {
  const entries = Object.entries(args);
  if (entries.length === 0)
    return 'No key/value pairs provided, at least one is required for this action to succeed';
  const facts: Record<string, unknown> = {};
  for (const [rawName, raw] of entries) {
    const name = render(rawName);
    if (!isPythonIdentifier(name)) return invalidVariableNameText(String(name));
    const lower = typeof raw === 'string' ? raw.toLowerCase() : undefined;
    facts[name] =
      lower === 'true' || lower === 'yes' ? true : lower === 'false' || lower === 'no' ? false : raw;
    if (typeof facts[name] === typeof raw && isUnsafeAt(args, rawName)) markUnsafeSlot(facts, name);
  }
  return facts;
}

function withoutCacheable(args: Record<string, unknown>): Record<string, unknown> {
  const { cacheable: _c, ...rest } = args;
  copyMarks(args, rest, Object.keys(rest));
  return rest;
}
