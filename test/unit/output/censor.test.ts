/**
 * no_log reaches no output: every event kind that carries a result or an item, through
 * every reporter kind createReporter makes (default at -v..-vvvv, progress, json, with and
 * without --profile). The canary must not appear; the censored text must.
 */
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../src/output/events.js';
import { NO_LOG_MESSAGE } from '../../../src/output/redact.js';
import { createReporter, type ReporterOptions } from '../../../src/output/reporter.js';

const CANARY = 'NOLOG-CANARY-7f3a';
const leaky = {
  changed: true,
  stdout: `token=${CANARY}`,
  cmd: `echo ${CANARY}`,
  msg: CANARY,
  diff: { before: '', after: CANARY },
  warnings: [`saw ${CANARY}`],
  invocation: { module_args: { _raw_params: `echo ${CANARY}` } },
};
const common = { host: 'h', task: 't', taskId: 't1', action: 'command', noLog: true } as const;

const events: RunEvent[] = [
  { type: 'play_start', name: 'p', hosts: ['h'] },
  { type: 'task_start', name: 't', action: 'command', hostsTotal: 1, handler: false, taskId: 't1' },
  { type: 'host_retry', ...common, result: { ...leaky, failed: true, attempts: 1, retries: 3 } },
  {
    type: 'host_result',
    ...common,
    status: 'changed',
    result: leaky,
    item: CANARY,
    label: CANARY,
    diff: true,
  },
  {
    type: 'host_result',
    ...common,
    status: 'failed',
    result: { ...leaky, failed: true },
    item: { k: CANARY },
  },
  { type: 'host_result', ...common, status: 'changed', result: leaky, loop: true, durationMs: 3, diff: true },
  // A result the module itself marked no_log, on a task without no_log.
  {
    type: 'host_result',
    ...common,
    noLog: false,
    status: 'changed',
    result: { ...leaky, _ansible_no_log: true },
    diff: true,
  },
  { type: 'included', file: '/x/inc.yml', hosts: ['h'], item: CANARY, noLog: true },
  {
    type: 'recap',
    stats: { h: { ok: 1, changed: 2, unreachable: 0, failed: 1, skipped: 0, rescued: 0, ignored: 0 } },
  },
];

function capture(opts: Partial<ReporterOptions>): string {
  let out = '';
  const write = (s: string) => (out += s);
  const r = createReporter({
    kind: 'default',
    verbosity: 0,
    write,
    writeErr: write,
    isTTY: false,
    color: false,
    ...opts,
  });
  for (const e of events) r.handle(structuredClone(e));
  r.close();
  return out;
}

const modes: [string, Partial<ReporterOptions>][] = [
  ...[0, 1, 2, 3, 4].map((v): [string, Partial<ReporterOptions>] => [
    `default -${'v'.repeat(v)}`,
    { verbosity: v },
  ]),
  ['progress on a terminal', { kind: 'progress', isTTY: true, columns: 120 }],
  ['json', { kind: 'json' }],
  ['json --profile', { kind: 'json', profile: true }],
  ['default -vvvv --profile', { verbosity: 4, profile: true }],
];

describe('no_log censoring, one place for every output', () => {
  for (const [what, opts] of modes) {
    it(`hides results, retries, diffs, warnings and items: ${what}`, () => {
      const out = capture(opts);
      expect(out).not.toContain(CANARY);
      expect(out).not.toContain('NOLOG-CANARY');
    });
  }

  it("prints Ansible's censored forms in the default output", () => {
    const out = capture({ verbosity: 0 });
    expect(out).toContain('FAILED - RETRYING: [h]: t (2 retries left).');
    expect(out).toContain('changed: [h] => (item=None)');
    expect(out).toContain('included: /x/inc.yml for h => (item=(censored due to no_log))');
    expect(out).toContain(`failed: [h] (item=None) => {"censored": "${NO_LOG_MESSAGE}", "changed": true}`);
  });

  it('keeps the censored form and the attempts in --json retry records', () => {
    const lines = capture({ kind: 'json' })
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    const retry = lines.find((l) => l.type === 'host_retry');
    expect(retry.result).toEqual({ censored: NO_LOG_MESSAGE, attempts: 1, changed: true, retries: 3 });
    expect(lines.find((l) => l.type === 'included').item).toBe('(censored due to no_log)');
  });
});
