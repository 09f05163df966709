/**
 * AnsibleModule's conversion of `type='path'` options (check_type_path): each value is
 * os.path.expanduser(os.path.expandvars(value)), on the host, in the module's environment
 * (the task's `environment:` and become included). The module then sees, reports and
 * echoes in `invocation` the expanded path.
 *
 * Natively: one round trip, only when some path option has a `~` or `$` to expand; its
 * values are expanded by expand-args.ts's shell text and come back NUL-separated.
 */
import type { ArgSpec } from '../args.js';
import type { ModuleContext } from '../types.js';
import { expandedPathScript, needsExpansion } from './expand-args.js';
import { run } from './remote.js';

interface Slot {
  value: string;
  set(expanded: string): void;
}

function pathSlots(spec: ArgSpec, params: Record<string, unknown>, skip: readonly string[]): Slot[] {
  const slots: Slot[] = [];
  for (const [name, opt] of Object.entries(spec.options)) {
    if (skip.includes(name)) continue;
    const value = params[name];
    if (opt.type === 'path' && typeof value === 'string' && needsExpansion(value))
      slots.push({ value, set: (v) => (params[name] = v) });
    else if (opt.type === 'list' && opt.elements === 'path' && Array.isArray(value)) {
      const items = [...value];
      items.forEach((item, i) => {
        if (typeof item === 'string' && needsExpansion(item))
          slots.push({
            value: item,
            set: (v) => {
              items[i] = v;
              params[name] = items;
            },
          });
      });
    }
  }
  return slots;
}

/**
 * Expands the path options of `params` (validated against `spec`) in place, on the host;
 * `controllerPaths` name options that are controller paths, left for their action.
 */
export async function expandPathParams(
  spec: ArgSpec,
  params: Record<string, unknown>,
  ctx: ModuleContext,
  controllerPaths: readonly string[] = [],
): Promise<void> {
  const slots = pathSlots(spec, params, controllerPaths);
  if (slots.length === 0) return;
  const script = slots
    .map((s) => `${expandedPathScript(s.value, '__flt_p')}printf '%s\\0' "$__flt_p"`)
    .join('; ');
  const res = await run(ctx, script);
  const values = res.stdout.split('\0');
  // A host that could not run it leaves the values as written, as a failed lookup does.
  if (res.rc !== 0 || values.length !== slots.length + 1) return;
  for (const [i, slot] of slots.entries()) slot.set(values[i] as string);
}
