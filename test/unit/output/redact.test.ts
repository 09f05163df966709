import { describe, expect, it } from 'vitest';
import { censorEvent } from '../../../src/output/censor.js';
import type { RunEvent, TaskResult } from '../../../src/output/events.js';
import { censorResult, NO_LOG_MESSAGE, redactSecrets } from '../../../src/output/redact.js';
import { cleanCopy } from '../../../src/output/result-display.js';

describe('no_log censoring', () => {
  it('keeps only censored, changed, attempts and retries, as Ansible', () => {
    expect(censorResult({ changed: true, stdout: 'pw', attempts: 2, retries: 3, msg: 'x' })).toEqual({
      censored: NO_LOG_MESSAGE,
      attempts: 2,
      changed: true,
      retries: 3,
    });
  });

  it('uses the exact Ansible wording', () => {
    expect(NO_LOG_MESSAGE).toBe(
      "the output has been hidden due to the fact that 'no_log: true' was specified for this result",
    );
  });

  it('applies when the task says no_log or the module marked the result', () => {
    const event = (result: TaskResult, noLog: boolean) =>
      censorEvent({
        type: 'host_result',
        host: 'h',
        task: 't',
        action: 'command',
        status: 'ok',
        result,
        noLog,
      });
    const result = (e: RunEvent) => (e as Extract<RunEvent, { type: 'host_result' }>).result;
    expect(result(event({ changed: false, stdout: 'pw' }, true))).not.toHaveProperty('stdout');
    expect(result(event({ _ansible_no_log: true, stdout: 'pw' }, false))).toHaveProperty('censored');
    expect(cleanCopy(result(event({ stdout: 'ok', failed: true }, false)), 'command')).toEqual({
      stdout: 'ok',
    });
  });
});

describe('redactSecrets', () => {
  it('masks every occurrence, longest secret first', () => {
    expect(redactSecrets('pw=hunter2 again hunter2, hunter22', ['hunter2', 'hunter22', ''])).toBe(
      'pw=******** again ********, ********',
    );
  });

  it('leaves text alone without secrets', () => {
    expect(redactSecrets('nothing here', [])).toBe('nothing here');
  });
});
