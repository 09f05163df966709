import { pyRepr } from '../../python/repr.js';
import { SpecValidatorCrash, validateArgumentSpec } from '../argument-spec-validator.js';
import type { ControllerAction } from './types.js';

/**
 * Ansible's validate_argument_spec: `argument_spec` checked against the task's variables of
 * those names, overridden by `provided_arguments`; every error in the message.
 */
export const validateArgumentSpecAction: ControllerAction = (ctx, vars, render) => {
  const args = render(ctx.spec.args) as Record<string, unknown>;
  const context = args.validate_args_context ?? {};
  // The plugin's AnsibleError: a result of the message alone.
  const error = (msg: string) => ({ failed: true, msg });
  if (!('argument_spec' in args)) return error(`"argument_spec" arg is required in args: ${pyRepr(args)}`);
  const spec = args.argument_spec;
  const provided = args.provided_arguments ?? {};
  if (!isDict(spec))
    return error(`Incorrect type for argument_spec, expected dict and got ${typeName(spec)}`);
  if (!isDict(provided))
    return error(`Incorrect type for provided_arguments, expected dict and got ${typeName(provided)}`);
  const fromVars: Record<string, unknown> = {};
  const literal: Record<string, unknown> = {};
  for (const name of Object.keys(spec))
    if (name in vars) {
      fromVars[name] = render(vars[name]);
      literal[name] = vars[name];
    }
  const written = ctx.spec.args.provided_arguments;
  if (isDict(written)) Object.assign(literal, written);
  let errors: string[];
  try {
    errors = validateArgumentSpec(
      spec as Record<string, Record<string, unknown>>,
      { ...fromVars, ...provided },
      literal,
    ).errors;
  } catch (err) {
    if (!(err instanceof SpecValidatorCrash)) throw err;
    // TaskExecutor's catch-all: the exception's text, and its traceback for the callback
    const text = err.message.replace(/^\w+: /, '');
    return {
      failed: true,
      msg: `Unexpected failure during module execution: ${text}`,
      stdout: '',
      exception: `Traceback (most recent call last):\n${err.message}\n`,
    };
  }
  if (errors.length)
    return {
      failed: true,
      changed: false,
      msg: `Validation of arguments failed:\n${errors.join('\n')}`,
      argument_spec_data: spec,
      argument_errors: errors,
      validate_args_context: context,
    };
  return { changed: false, msg: 'The arg spec validation passed', validate_args_context: context };
};

function isDict(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function typeName(value: unknown): string {
  if (typeof value === 'string') return "<class 'str'>";
  if (Array.isArray(value)) return "<class 'list'>";
  if (typeof value === 'number') return "<class 'int'>";
  if (typeof value === 'boolean') return "<class 'bool'>";
  return "<class 'NoneType'>";
}
