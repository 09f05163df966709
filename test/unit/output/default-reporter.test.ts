import { describe, expect, it } from 'vitest';
import { DefaultReporter } from '../../../src/output/default-reporter.js';
import type { RunEvent } from '../../../src/output/events.js';

function run(verbosity: number, events: RunEvent[]): { out: string; err: string } {
  let out = '';
  let err = '';
  const r = new DefaultReporter({
    verbosity,
    write: (s) => (out += s),
    writeErr: (s) => (err += s),
    color: false,
  });
  for (const e of events) r.handle(e);
  r.close();
  return { out, err };
}

const task = (name: string, taskId: string): RunEvent => ({
  type: 'task_start',
  name,
  action: 'command',
  hostsTotal: 2,
  handler: false,
  taskId,
});
const ok = (host: string, taskName: string, taskId: string): RunEvent => ({
  type: 'host_result',
  host,
  task: taskName,
  action: 'command',
  status: 'changed',
  taskId,
  result: {
    changed: true,
    rc: 0,
    invocation: { module_args: { _raw_params: 'true' } },
    _ansible_no_log: false,
  },
});

describe('DefaultReporter', () => {
  it('at -vvv indents results and keeps invocation, as _dump_results does', () => {
    const { out } = run(3, [task('t', '1'), ok('h', 't', '1')]);
    expect(out).toContain(
      'changed: [h] => {\n    "changed": true,\n    "invocation": {\n        "module_args": {\n            "_raw_params": "true"\n        }\n    },\n    "rc": 0\n}\n',
    );
  });

  it('at -v prints results on one line without invocation', () => {
    expect(run(1, [task('t', '1'), ok('h', 't', '1')]).out).toContain(
      'changed: [h] => {"changed": true, "rc": 0}\n',
    );
  });

  it('re-prints the task banner when results of tasks interleave (free strategy)', () => {
    const { out } = run(0, [task('a', '1'), task('b', '2'), ok('h1', 'a', '1'), ok('h2', 'b', '2')]);
    expect(out.match(/TASK \[a\]/g)).toHaveLength(2);
    expect(out.match(/TASK \[b\]/g)).toHaveLength(2);
    expect(out.endsWith('\nTASK [b] ' + '*'.repeat(79 - 8) + '\nchanged: [h2]\n')).toBe(true);
  });

  it('prints each distinct warning once on stderr, and the interrupt as Ansible', () => {
    const { out, err } = run(0, [
      { type: 'warning', message: 'careful' },
      { type: 'warning', message: 'careful' },
      { type: 'interrupted' },
    ]);
    expect(out).toBe('');
    expect(err).toBe('[WARNING]: careful\n [ERROR]: User interrupted execution\n');
  });

  it('expands debug output even when the result lacks _ansible_verbose_always', () => {
    const { out } = run(0, [
      {
        type: 'host_result',
        host: 'h',
        task: 'd',
        action: 'debug',
        status: 'ok',
        result: { msg: 'hi', changed: false },
      },
    ]);
    expect(out.endsWith('ok: [h] => {\n    "msg": "hi"\n}\n')).toBe(true);
  });
});
