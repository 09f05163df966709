/**
 * The handlers of a play and which of them each host has notified, resolved as Ansible
 * 2.14 resolves a notification: the LAST handler whose name matches (plain, or
 * `role : name` for a role's handler), plus every handler that `listen`s to it.
 */

import { appendAll } from '../collections/append-all.js';
import type { TaskSpec } from '../plan/task-spec.js';

export class HandlerRegistry {
  /** The play's handler list; one handler may be listed twice (a role included twice). */
  private readonly list: TaskSpec[] = [];
  private readonly added = new Set<string>();
  /** Handler ids each host has been notified for and that have not run yet. */
  private readonly pending = new Map<string, Set<string>>();

  constructor(handlers: TaskSpec[] = []) {
    appendAll(this.list, handlers);
  }

  /** Appends the handlers an include brought (after the play's own), once per `key`. */
  add(handlers: TaskSpec[], key: string): void {
    if (handlers.length === 0 || this.added.has(key)) return;
    this.added.add(key);
    appendAll(this.list, handlers);
  }

  /** The handlers in the order they run (a handler listed twice runs once per flush). */
  all(): readonly TaskSpec[] {
    return this.list;
  }

  /** The handlers notification `name` reaches, among those known now. */
  resolve(name: string): TaskSpec[] {
    const out: TaskSpec[] = [];
    for (let i = this.list.length - 1; i >= 0; i--) {
      const h = this.list[i];
      if (!h.unnamed && handlerNames(h).includes(name)) {
        out.push(h);
        break;
      }
    }
    for (const h of this.list) if (h.keywords.listen?.includes(name) && !out.includes(h)) out.push(h);
    return out;
  }

  /**
   * Records `host`'s notifications; like Ansible, each is resolved when it is sent. Returns
   * the handlers newly notified for the host (what Ansible's -vv "NOTIFIED HANDLER" lists).
   */
  notify(host: string, names: Iterable<string>): TaskSpec[] {
    let set = this.pending.get(host);
    if (!set) this.pending.set(host, (set = new Set()));
    const fresh: TaskSpec[] = [];
    for (const name of names)
      for (const h of this.resolve(name)) {
        if (set.has(h.id)) continue;
        set.add(h.id);
        fresh.push(h);
      }
    return fresh;
  }

  /** Whether `host` is to run `handler` now (it then no longer is). */
  take(host: string, handler: TaskSpec): boolean {
    return this.pending.get(host)?.delete(handler.id) ?? false;
  }
}

/** The names a handler answers to: its own, and `role : name` when it comes from a role. */
export function handlerNames(h: TaskSpec): string[] {
  const role = h.keywords.vars?.role_name;
  if (typeof role !== 'string') return [h.name];
  const prefix = `${role} : `;
  const bare = h.name.startsWith(prefix) ? h.name.slice(prefix.length) : h.name;
  return [bare, prefix + bare];
}
