/**
 * no_log handling, as Ansible's TaskResult.clean_copy does it, plus secret masking for logs.
 */
import type { TaskResult } from './events.js';

export const NO_LOG_MESSAGE =
  "the output has been hidden due to the fact that 'no_log: true' was specified for this result";

/** Keys Ansible keeps in a censored result. */
const PRESERVED_KEYS = ['attempts', 'changed', 'retries'] as const;

/** True when the result must be censored: the task said no_log, or the module marked it. */
export function isNoLog(result: TaskResult, noLog: boolean | undefined): boolean {
  return noLog === true || result._ansible_no_log === true;
}

/** The censored form: `{censored, attempts?, changed?, retries?}`, in that key order. */
export function censorResult(result: TaskResult): TaskResult {
  const censored: TaskResult = { censored: NO_LOG_MESSAGE };
  for (const key of PRESERVED_KEYS) {
    if (key in result) (censored as Record<string, unknown>)[key] = result[key];
  }
  return censored;
}

export const SECRET_MASK = '********';

/**
 * Replaces every occurrence of each secret in `text` by a mask. Longer secrets go first so
 * a secret that contains another is masked whole. Empty secrets are ignored.
 */
export function redactSecrets(text: string, secrets: readonly string[], mask: string = SECRET_MASK): string {
  const ordered = [...new Set(secrets.filter((s) => s.length > 0))].sort((a, b) => b.length - a.length);
  let out = text;
  for (const secret of ordered) out = out.split(secret).join(mask);
  return out;
}
