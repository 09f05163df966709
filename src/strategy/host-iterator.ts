/**
 * "What does each host do next": one cursor per host over the play's program, with
 * Ansible's block semantics. A failure inside `block` jumps to `rescue` (the host is
 * rescued if the rescue completes), else to `always`, and then propagates outwards; a
 * failure that reaches the top leaves the host failed after its pending `always` tasks.
 */
import type { ProgramNode, TaskSpec } from '../plan/task-spec.js';

type BlockNode = Extract<ProgramNode, { kind: 'block' }>;
type Section = 'root' | 'block' | 'rescue' | 'always';

interface Frame {
  nodes: ProgramNode[];
  index: number;
  section: Section;
  block?: BlockNode;
  /** A failure is pending: it propagates when this always section ends. */
  failing: boolean;
}

/** How the iterator handled a failure. */
export type FailureOutcome = 'rescued' | 'failed';

export class HostIterator {
  private readonly frames: Frame[];
  /** The host has a failure that no rescue handled. */
  failed = false;
  /** Ended early (unreachable, end_host, play stopped). */
  stopped = false;

  constructor(program: ProgramNode[]) {
    this.frames = [{ nodes: program, index: 0, section: 'root', failing: false }];
  }

  /** The task this host runs next, or undefined when it is done. Does not advance. */
  current(): TaskSpec | undefined {
    if (this.stopped) return undefined;
    for (;;) {
      const top = this.frames[this.frames.length - 1];
      if (top.index >= top.nodes.length) {
        if (!this.endSection()) return undefined;
        continue;
      }
      const node = top.nodes[top.index];
      if (node.kind === 'task') {
        // A failed host only runs the always sections it is inside.
        if (this.failed && !this.insideAlways()) {
          this.stopped = true;
          return undefined;
        }
        return node.spec;
      }
      top.index++;
      this.frames.push({ nodes: node.block, index: 0, section: 'block', block: node, failing: false });
    }
  }

  /** Marks the current task done; `failed` when it failed and was not ignored. */
  complete(failed: boolean): FailureOutcome | undefined {
    this.frames[this.frames.length - 1].index++;
    return failed ? this.fail() : undefined;
  }

  /** Runs `nodes` next (include_tasks), as an implicit block after the current task. */
  include(nodes: ProgramNode[]): void {
    if (nodes.length === 0 || this.stopped) return;
    const block: BlockNode = { kind: 'block', id: 'include', block: nodes, rescue: [], always: [] };
    this.frames.push({ nodes, index: 0, section: 'block', block, failing: false });
  }

  stop(): void {
    this.stopped = true;
  }

  /** Takes up a host stopped without a failure (meta: clear_host_errors on an unreachable host). */
  resume(): boolean {
    if (!this.stopped || this.failed) return false;
    this.stopped = false;
    return true;
  }

  /**
   * Moves the innermost handler of a failure into place: the rescue of the nearest block
   * that has one, or the always section of a block without one (the failure then goes on
   * outwards when that always section ends). A failure inside `always` goes straight out.
   */
  private fail(): FailureOutcome {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const frame = this.frames[i];
      const block = frame.block;
      if (frame.section === 'root' || !block) break;
      if (frame.section === 'always') continue;
      this.frames.length = i;
      if (frame.section === 'block' && block.rescue.length > 0) {
        this.frames.push({ nodes: block.rescue, index: 0, section: 'rescue', block, failing: false });
        return 'rescued';
      }
      this.frames.push({ nodes: block.always, index: 0, section: 'always', block, failing: true });
      if (this.rescueAbove(i - 1)) return 'rescued';
      this.failed = true;
      return 'failed';
    }
    // Nothing can rescue it: drop everything but the root, the host is done (and runs no
    // later section of the play).
    this.frames.length = 1;
    this.frames[0].index = this.frames[0].nodes.length;
    this.failed = true;
    this.stopped = true;
    return 'failed';
  }

  private rescueAbove(i: number): boolean {
    for (let j = i; j >= 0; j--) {
      const f = this.frames[j];
      if (f.section === 'block' && f.block && f.block.rescue.length > 0) return true;
    }
    return false;
  }

  /** Leaves the finished section; false when the whole program is done. */
  private endSection(): boolean {
    const top = this.frames.pop()!;
    if (top.section === 'root') {
      this.frames.push(top);
      return false;
    }
    const block = top.block!;
    if (top.section === 'block' || top.section === 'rescue') {
      this.frames.push({ nodes: block.always, index: 0, section: 'always', block, failing: false });
      return true;
    }
    // The failure that ran this always section now reaches the enclosing blocks.
    if (top.failing) this.fail();
    return true;
  }

  private insideAlways(): boolean {
    return this.frames.some((f) => f.section === 'always');
  }
}
