/**
 * nunjucks' runtime Frame with the two operations hot loops pay for made cheap: `set` of a
 * plain name (nunjucks splits every name on '.'), and the per-iteration `loop.*` bindings,
 * written into one `loop` object per loop instead of seven dotted `set` calls. The objects
 * built are the ones nunjucks builds, so templates see no difference.
 */
import { njRuntime } from '../syntax/nunjucks-internals.js';

const BaseFrame = njRuntime.Frame as unknown as new (
  parent?: FastFrame,
  isolateWrites?: boolean,
) => {
  variables: Record<string, unknown>;
  topLevel: boolean;
  set(name: string, value: unknown, resolveUp?: boolean): void;
  lookup(name: string): unknown;
};

interface LoopVars {
  index: number;
  index0: number;
  revindex: number;
  revindex0: number;
  first: boolean;
  last: boolean;
  length: number;
}

export class FastFrame extends BaseFrame {
  override set(name: string, value: unknown, resolveUp?: boolean): void {
    if (!resolveUp && name.indexOf('.') === -1) this.variables[name] = value;
    else super.set(name, value, resolveUp);
  }

  push(isolateWrites?: boolean): FastFrame {
    return new FastFrame(this, isolateWrites);
  }

  /** Same effect as nunjucks' `frame.set("loop.index", i + 1)` ... `set("loop.length", n)`. */
  setLoop(i: number, length: number): void {
    let loop = this.variables.loop as LoopVars | undefined;
    if (!loop) {
      loop = {} as LoopVars;
      this.variables.loop = loop;
    }
    loop.index = i + 1;
    loop.index0 = i;
    loop.revindex = length - i;
    loop.revindex0 = length - i - 1;
    loop.first = i === 0;
    loop.last = i === length - 1;
    loop.length = length;
  }
}
