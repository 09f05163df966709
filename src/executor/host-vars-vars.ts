/**
 * `hostvars[h]` as Ansible's HostVarsVars: a value holding a template renders when it is read,
 * with h's own variables (no play's), and a template that meets an undefined variable is
 * left as written (Templar.template with fail_on_undefined=False). Reading one value renders
 * no other: a `lookup('pipe', …)` in group_vars runs only for whoever reads it.
 *
 * Host data stays data through the view: reading an unsafe value (a fact, a registered
 * result, or a value rendered from them) makes the render that reads it unsafe, whether it
 * reads `hostvars[h].x` or the whole `hostvars[h]`.
 */
import { isUndefinedError } from '../errors/task-errors.js';
import { copyMarks, isUnsafeAt, markUnsafeSlot } from '../python/unsafe.js';
import { HOSTVARS_VARS_CLASS, isMapping, PY_CLASS } from '../python/values.js';
import { holdsTemplate, holdsUnsafe, rendersOnRead, taintActiveRender } from '../template/index.js';

/** Templates a value with variables; `taint.unsafe` is set when it read unsafe data. */
export type HostRender = (
  value: unknown,
  vars: Record<string, unknown>,
  taint: { unsafe: boolean },
) => unknown;

/** The view of one host's variables (`vars`: its merged variables, get_vars(host)). */
export function hostVarsVars(vars: Record<string, unknown>, render: HostRender): Record<string, unknown> {
  const view: Record<string, unknown> = { ...vars };
  copyMarks(vars, view);
  Object.defineProperty(view, PY_CLASS, { value: HOSTVARS_VARS_CLASS });
  for (const key of Object.keys(vars)) {
    const raw = vars[key];
    // An empty container (no facts gathered yet) holds no host text to protect.
    if ((isUnsafeAt(vars, key) || holdsUnsafe(raw)) && !isEmptyContainer(raw)) {
      Object.defineProperty(view, key, {
        configurable: true,
        enumerable: true,
        get() {
          taintActiveRender();
          return raw;
        },
      });
    } else if (holdsTemplate(raw)) {
      let rendered: { value: unknown; unsafe: boolean } | undefined;
      Object.defineProperty(view, key, {
        configurable: true,
        enumerable: true,
        get() {
          if (!rendered) {
            const taint = { unsafe: false };
            rendered = { value: renderLeniently(raw, vars, render, taint), unsafe: taint.unsafe };
            if (taint.unsafe) markUnsafeSlot(view, key);
          }
          if (rendered.unsafe) taintActiveRender();
          return rendered.value;
        },
      });
    }
  }
  return rendersOnRead(view);
}

function isEmptyContainer(value: unknown): boolean {
  return Array.isArray(value) ? value.length === 0 : isMapping(value) && Object.keys(value).length === 0;
}

/** fail_on_undefined=False: each string whose template meets an undefined variable stays as it is. */
function renderLeniently(
  raw: unknown,
  vars: Record<string, unknown>,
  render: HostRender,
  taint: { unsafe: boolean },
): unknown {
  try {
    return render(raw, vars, taint);
  } catch (err) {
    if (!isUndefinedError(err)) throw err;
  }
  if (Array.isArray(raw)) {
    const out = raw.map((v, i) => (isUnsafeAt(raw, i) ? v : renderLeniently(v, vars, render, taint)));
    copyMarks(raw, out);
    return out;
  }
  if (isMapping(raw)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(raw))
      out[k] = isUnsafeAt(raw, k) ? v : renderLeniently(v, vars, render, taint);
    copyMarks(raw, out);
    return out;
  }
  return raw;
}
