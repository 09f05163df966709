/**
 * Which host a task's `ansible_facts` land on, as Ansible 2.14's strategy decides
 * (_process_pending_results): only for a result that is ok or changed, per loop item; on the
 * task's host, or with `delegate_to` + `delegate_facts: true` on the delegated host (each
 * item's own delegate: the classic `delegate_to: "{{ item }}"` gathering loop).
 */
import type { UnitOutcome } from '../protocol/messages.js';

export interface FactLanding {
  host: string;
  facts: Record<string, unknown>;
}

export function factLandings(outcome: UnitOutcome): FactLanding[] {
  if (outcome.status !== 'ok' && outcome.status !== 'changed') return [];
  const results = outcome.items
    ? outcome.items.map((i) => ({ result: i.result, delegatedTo: i.delegatedTo }))
    : [{ result: outcome.result, delegatedTo: outcome.delegatedTo }];
  const out: FactLanding[] = [];
  for (const { result, delegatedTo } of results) {
    const facts = result.ansible_facts;
    if (!facts || typeof facts !== 'object' || Array.isArray(facts)) continue;
    const delegated = result._ansible_delegated_vars as { ansible_delegated_host?: unknown } | undefined;
    const host = outcome.delegateFacts
      ? String(delegated?.ansible_delegated_host ?? delegatedTo ?? outcome.host)
      : outcome.host;
    out.push({ host, facts: facts as Record<string, unknown> });
  }
  return out;
}
