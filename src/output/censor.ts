/**
 * The one place where no_log is applied to run events, before any reporter sees them
 * (createReporter wraps every reporter kind, --profile included): a no_log result (a task's,
 * a loop item's, an `until` retry's) becomes Ansible's censored form and loses its item, and
 * an include_tasks loop under no_log names its items `(censored due to no_log)`, as Ansible's
 * default callback does. Reporters can then print whatever they receive.
 */
import type { Reporter, RunEvent, TaskResult } from './events.js';
import { censorResult, isNoLog } from './redact.js';

export const CENSORED_ITEM = '(censored due to no_log)';

/** Delegation facts a censored result keeps for the host label (clean_copy's preserve list). */
const DELEGATED_PRESERVE = ['ansible_host', 'ansible_port', 'ansible_user', 'ansible_connection'];

function censored(result: TaskResult): TaskResult {
  const out = censorResult(result);
  const delegated = result._ansible_delegated_vars as Record<string, unknown> | undefined;
  if (delegated && typeof delegated === 'object') {
    const subset: Record<string, unknown> = {};
    for (const key of DELEGATED_PRESERVE) if (key in delegated) subset[key] = delegated[key];
    out._ansible_delegated_vars = subset;
  }
  return out;
}

/** The event as every output may show it. Events with nothing to hide come back as they are. */
export function censorEvent(event: RunEvent): RunEvent {
  switch (event.type) {
    case 'host_result': {
      if (!isNoLog(event.result, event.noLog)) return event;
      const { item, label, ...rest } = event;
      const out: RunEvent = { ...rest, noLog: true, result: censored(event.result) };
      if (item !== undefined || label !== undefined) out.label = CENSORED_ITEM;
      return out;
    }
    case 'host_retry':
    case 'host_async':
      if (!isNoLog(event.result, event.noLog)) return event;
      return { ...event, noLog: true, result: censored(event.result) };
    case 'included':
      // The callback's _get_item_label: an include with no_log shows a censored item, loop or not.
      if (!event.noLog) return event;
      return { ...event, item: CENSORED_ITEM };
    default:
      return event;
  }
}

/** Passes only censored events to the reporter it wraps. */
export class CensoringReporter implements Reporter {
  constructor(private readonly inner: Reporter) {}

  handle(event: RunEvent): void {
    this.inner.handle(censorEvent(event));
  }

  close(): void {
    this.inner.close();
  }
}
