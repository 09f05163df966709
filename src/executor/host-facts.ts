/**
 * A host's facts as Ansible keeps them. The fact cache holds a module's `ansible_facts` as
 * the module returned them; `ansible_facts` is their namespace_facts view (the `ansible_`
 * prefix dropped, ansible_local kept) and INJECT_FACTS_AS_VARS makes each a variable under
 * the name it was returned with: setup's `ansible_hostname`, but getent's `getent_passwd`.
 * flotilla stores the namespaced view, and remembers which names came without the prefix.
 */
import { markUnsafe } from '../python/unsafe.js';

export interface FactsHolder {
  /** The namespace_facts view: what `ansible_facts` shows. */
  facts: Record<string, unknown>;
  /** Names in `facts` the module returned without the `ansible_` prefix. */
  plainFacts: Set<string>;
}

/** Stores a result's `ansible_facts` on the host (set_host_facts), unsafe: they come from it. */
export function storeFacts(holder: FactsHolder, returned: Record<string, unknown>): void {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(returned)) {
    if (k.startsWith('ansible_') && k !== 'ansible_local') {
      out[k.slice(8)] = v;
      holder.plainFacts.delete(k.slice(8));
    } else {
      out[k] = v;
      if (!k.startsWith('ansible_')) holder.plainFacts.add(k);
    }
  }
  Object.assign(holder.facts, markUnsafe(out));
}

/** The facts as variables, under the names they were returned with, without `_ansible_*`. */
export function injectedFacts(holder: FactsHolder): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(holder.facts)) {
    if (k.startsWith('_ansible_')) continue;
    out[k.startsWith('ansible_') || holder.plainFacts.has(k) ? k : `ansible_${k}`] = v;
  }
  // Facts are the host's word: every one of them is unsafe.
  return markUnsafe(out);
}
