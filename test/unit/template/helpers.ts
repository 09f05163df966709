import { Templar } from '../../../src/template/index.js';

/** One Templar per test file, as a worker keeps one. */
export function makeRender(templar = new Templar({ omitToken: '__omit_place_holder__test' })) {
  return (template: string, vars: Record<string, unknown> = {}) => templar.render(template, vars);
}

/** The code of the FlotillaError thrown by fn. */
export function errorOf(fn: () => unknown): { code: string; message: string; hint?: string } {
  try {
    fn();
  } catch (err) {
    return err as { code: string; message: string; hint?: string };
  }
  throw new Error('expected an error');
}

const SOLE_EXPRESSION = /^\{\{((?:(?!\}\}|\{\{).)*)\}\}$/s;

/**
 * The value of a sole `{{ expr }}` before Ansible's result typing turns numbers into
 * text (result-typing.ts): what filter and test tests compare. Other templates render.
 */
export function makeValue(templar = new Templar({ omitToken: '__omit_place_holder__test' })) {
  return (template: string, vars: Record<string, unknown> = {}) => {
    const sole = SOLE_EXPRESSION.exec(template);
    return sole ? templar.evaluate(sole[1], vars) : templar.render(template, vars);
  };
}
