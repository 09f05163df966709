/**
 * Lazy variables: a render sees the caller's plain vars object, and a value that itself
 * holds templates (`url: "http://{{ host }}"`) is rendered only when a template
 * references it, once per render call, with cycle detection.
 */
import { FlotillaError } from '../../errors/index.js';
import { copyMarks, isUnsafeTree, isUnsafeVar, unsafeSlotsOf } from '../../python/unsafe.js';
import { isMapping } from '../../python/values.js';
import { isSealedVault } from '../../vault/sealed.js';

export type VarsLike = Record<string, unknown>;

/** Ansible's is_possibly_template: any of Jinja's start delimiters (a comment counts too). */
export function isTemplateString(value: string): boolean {
  return value.includes('{{') || value.includes('{%') || value.includes('{#');
}

/**
 * Containers whose values render themselves when read (hostvars, hostvars[h]): a scan never
 * renders them nor reads them, and reading one of their unsafe values taints the render
 * that reads it (taintActiveRender) instead of their name tainting every render that uses it.
 */
const selfRendering = new WeakSet<object>();

/** Marks `view` as rendering its own values (see selfRendering); returns it. */
export function rendersOnRead<T extends object>(view: T): T {
  selfRendering.add(view);
  return view;
}

const isView = (v: unknown): v is object => v !== null && typeof v === 'object' && selfRendering.has(v);

/** A view as plain data, its values read (rendered) now; views inside it too (`hostvars`). */
function plainCopy(view: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(view)) out[k] = isView(v) ? plainCopy(v) : v;
  copyMarks(view, out);
  return out;
}

/**
 * What an expression gives, with any view it returns (`{{ hostvars[h] }}`, a list of them from
 * `map('extract', hostvars)`) made plain data: stored by set_fact, it is a dict like any other,
 * templated when used, as Ansible's is.
 */
export function plainViews(value: unknown): unknown {
  if (isView(value)) return plainCopy(value);
  if (!Array.isArray(value) || !value.some(isView)) return value;
  const out = value.map((v) => (isView(v) ? plainCopy(v) : v));
  copyMarks(value, out);
  return out;
}

/** The taints of the renders running now, innermost last (Templar pushes and pops them). */
const activeTaints: Taint[] = [];

/** Runs a render with `taint` as the one an unsafe read through a view marks. */
export function withActiveTaint<T>(taint: Taint, run: () => T): T {
  activeTaints.push(taint);
  try {
    return run();
  } finally {
    activeTaints.pop();
  }
}

/** An unsafe value was read through a self-rendering view: what the running render makes is unsafe. */
export function taintActiveRender(): void {
  const taint = activeTaints[activeTaints.length - 1];
  if (taint) taint.unsafe = true;
}

/**
 * Remembers containers already found template-free (or free of unsafe data), so big fact
 * dicts are scanned once. Vars containers are treated as immutable once they have been
 * read by a template. Unsafe data (see unsafe.ts) holds no templates, by definition.
 */
export class TemplateScanCache {
  private readonly clean = new WeakSet<object>();
  private readonly safe = new WeakSet<object>();

  containsTemplate(value: unknown): boolean {
    // A sealed !vault value counts: rendering it is using it, which must decrypt or fail.
    if (typeof value === 'string') return isTemplateString(value) || isSealedVault(value);
    if (value === null || typeof value !== 'object') return false;
    if (this.clean.has(value) || isUnsafeTree(value) || selfRendering.has(value)) return false;
    const marked = unsafeSlotsOf(value);
    let found = false;
    if (Array.isArray(value))
      found = value.some((v, i) => !marked?.has(String(i)) && this.containsTemplate(v));
    else if (isMapping(value)) {
      for (const key in value) {
        if ((!marked?.has(key) && this.containsTemplate(value[key])) || isTemplateString(key)) {
          found = true;
          break;
        }
      }
    }
    if (!found) this.clean.add(value);
    return found;
  }

  /** True when some part of the value is unsafe (Ansible's AnsibleContext._is_unsafe). */
  containsUnsafe(value: unknown): boolean {
    if (value === null || typeof value !== 'object') return false;
    if (this.safe.has(value)) return false;
    if (selfRendering.has(value)) return false;
    if (isUnsafeTree(value) || unsafeSlotsOf(value)?.size) return true;
    let found = false;
    if (Array.isArray(value)) found = value.some((v) => this.containsUnsafe(v));
    else if (isMapping(value)) {
      for (const key in value) {
        if (this.containsUnsafe(value[key])) {
          found = true;
          break;
        }
      }
    }
    if (!found) this.safe.add(value);
    return found;
  }
}

const scanned = new TemplateScanCache();

/** Whether a value holds a template anywhere outside its unsafe parts (is_possibly_template, deep). */
export function holdsTemplate(value: unknown): boolean {
  return scanned.containsTemplate(value);
}

/** Whether some part of a value is unsafe. */
export function holdsUnsafe(value: unknown): boolean {
  return scanned.containsUnsafe(value);
}

export type ValueRenderer = (value: unknown, scope: Scope) => unknown;

/** Set when a render reads unsafe data: what it produces is unsafe too (RenderState.unsafe). */
export interface Taint {
  unsafe?: boolean;
}

export class Scope {
  private resolved: Map<string, unknown> | undefined;
  private readonly resolving = new Set<string>();
  /**
   * Above 0 while the operand of a test that does not open a vault value is evaluated
   * (`is vault_encrypted`, `is defined`): a sealed !vault value is then handed out sealed
   * instead of failing, as Ansible's AnsibleVaultEncryptedUnicode answers those tests.
   */
  keepSealed = 0;
  /** Names whose value is or holds unsafe data. */
  private unsafeNames: Set<string> | undefined;

  constructor(
    readonly vars: VarsLike,
    private readonly renderValue: ValueRenderer,
    private readonly scan: TemplateScanCache,
    private readonly taint: Taint = {},
  ) {}

  has(name: string): boolean {
    return name in this.vars;
  }

  get(name: string): unknown {
    const known = this.resolved?.get(name);
    if (known !== undefined || this.resolved?.has(name)) {
      // Each slot of a dict or list is tainted on its own (Templar.renderSlot): say it again.
      if (this.unsafeNames?.has(name)) this.taint.unsafe = true;
      return known;
    }
    const raw = this.vars[name];
    if (raw === undefined) return null;
    if (this.keepSealed > 0 && isSealedVault(raw)) return raw;
    // Unsafe values are never templated (Ansible's Templar.template returns them as they are).
    const unsafe = isUnsafeVar(this.vars, name);
    if (unsafe || this.scan.containsUnsafe(raw)) this.markUnsafe(name);
    if (unsafe || !this.scan.containsTemplate(raw)) {
      // Remembered too: a loop reads the same variables thousands of times per render.
      this.resolved ??= new Map();
      this.resolved.set(name, raw);
      return raw;
    }
    if (this.resolving.has(name)) {
      throw new FlotillaError(
        'FLT_TEMPLATE_RECURSION',
        `recursive loop detected in template string: ${typeof raw === 'string' ? raw : name}`,
        { hint: `variable '${name}' refers to itself, directly or through other variables` },
      );
    }
    this.resolving.add(name);
    let value: unknown;
    const outer = this.taint.unsafe;
    this.taint.unsafe = false;
    try {
      value = this.renderValue(raw, this);
    } finally {
      this.resolving.delete(name);
      // A variable whose template read unsafe data is unsafe wherever it is used.
      if (this.taint.unsafe) this.markUnsafe(name);
      this.taint.unsafe ||= outer;
    }
    this.resolved ??= new Map();
    this.resolved.set(name, value);
    return value;
  }

  private markUnsafe(name: string): void {
    this.taint.unsafe = true;
    this.unsafeNames ??= new Set();
    this.unsafeNames.add(name);
  }

  /** Names for "did you mean" hints. */
  names(): string[] {
    return Object.keys(this.vars);
  }
}
