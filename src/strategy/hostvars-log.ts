/**
 * `hostvars` across workers. A host's facts and registered/set_fact variables live on its
 * owner worker; the main thread keeps an append-only log of the updates that unit outcomes
 * report and ships each worker, with its next unit, the entries it has not seen for hosts
 * it does not own. So `hostvars['web2'].x` works on every worker, as of the last task
 * that finished before the unit was dispatched (the same as Ansible's linear strategy).
 */
import type { HostVarsUpdate } from '../protocol/messages.js';

export class HostvarsLog {
  private readonly entries: HostVarsUpdate[] = [];
  /** How many entries each shard has been sent. */
  private readonly sent = new Map<number, number>();

  add(update: HostVarsUpdate): void {
    this.entries.push(update);
  }

  /**
   * The entries `shard` has not seen, for hosts it does not own (and those another worker
   * made for a host it owns: delegate_facts); marks them sent.
   */
  takeFor(shard: number, owner: Map<string, number>): HostVarsUpdate[] | undefined {
    const from = this.sent.get(shard) ?? 0;
    if (from === this.entries.length) return undefined;
    this.sent.set(shard, this.entries.length);
    const out = this.entries.slice(from).filter((e) => e.toOwner || owner.get(e.host) !== shard);
    return out.length ? out : undefined;
  }
}
