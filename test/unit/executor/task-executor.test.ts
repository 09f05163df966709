/**
 * executeTask (Ansible's TaskExecutor) with fakes at its seams: a fake template engine (JS
 * expressions stand for Jinja: `{{ x + 1 }}`, `when: x > 1`) and a fake module runner that
 * records its calls. No worker, no connection, no Jinja.
 */
import { describe, expect, it } from 'vitest';
import type {
  ExecutionContext,
  ModuleRunOptions,
  TemplateEngine,
} from '../../../src/executor/execution-context.js';
import { newHostState } from '../../../src/executor/host-state.js';
import { executeTask, UnreachableError } from '../../../src/executor/task-executor.js';
import type { TaskResult } from '../../../src/output/events.js';
import type { TaskSpec } from '../../../src/plan/task-spec.js';

/** Evaluates a JS expression with `vars` in scope (their prototype chain included). */
function evaluate(expr: string, vars: Record<string, unknown>): unknown {
  // A function the Function constructor makes is sloppy-mode code: `with` is allowed there.
  return new Function('v', `with (v) { return (${expr}); }`)(vars);
}

const fakeTemplates: TemplateEngine = {
  omitToken: '__omit__',
  render(value, vars) {
    if (typeof value === 'string') {
      const whole = /^\{\{(.*)\}\}$/s.exec(value);
      if (whole) return evaluate(whole[1], vars);
      return value.replace(/\{\{(.*?)\}\}/g, (_m, e: string) => String(evaluate(e, vars)));
    }
    if (Array.isArray(value)) return value.map((v) => fakeTemplates.render(v, vars));
    if (value !== null && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fakeTemplates.render(v, vars)]));
    return value;
  },
  conditional: (condition, vars) => Boolean(evaluate(String(condition), vars)),
};

interface Call {
  action: string;
  args: Record<string, unknown>;
  options: ModuleRunOptions;
}

function setup(
  spec: Partial<TaskSpec> & { keywords?: TaskSpec['keywords'] },
  answer: (call: Call, n: number) => TaskResult,
  vars: Record<string, unknown> = {},
) {
  const calls: Call[] = [];
  const host = newHostState({ name: 'h1', slot: 0, vars: {}, groupNames: [] });
  const ctx: ExecutionContext = {
    host,
    spec: {
      id: 't1',
      name: 't1',
      action: 'command',
      args: {},
      tags: [],
      handler: false,
      order: 1,
      ...spec,
      keywords: spec.keywords ?? {},
    },
    vars,
    templates: fakeTemplates,
    check: false,
    diff: false,
    async runModule(action, args, options) {
      const call = { action, args, options };
      calls.push(call);
      return answer(call, calls.length);
    },
  };
  return { ctx, calls, host };
}

const ok = (extra: TaskResult = {}): TaskResult => ({ changed: false, failed: false, ...extra });

describe('executeTask with a fake engine and module runner', () => {
  it('renders the arguments, runs the module once and registers its result without internal keys', async () => {
    const { ctx, calls, host } = setup(
      { args: { _raw_params: 'echo {{ word }}' }, keywords: { register: 'out' } },
      () => ok({ changed: true, rc: 0, _ansible_no_log: false }),
      { word: 'hi' },
    );
    const outcome = await executeTask(ctx);
    expect(calls).toHaveLength(1);
    expect(calls[0].args).toEqual({ _raw_params: 'echo hi' });
    expect(outcome.status).toBe('changed');
    expect(host.hostVars.out).toEqual({ changed: true, failed: false, rc: 0 });
  });

  it('a false `when` skips the task without running the module', async () => {
    const { ctx, calls } = setup({ keywords: { when: ['n > 1'] } }, () => ok(), { n: 1 });
    const outcome = await executeTask(ctx);
    expect(calls).toHaveLength(0);
    expect(outcome.status).toBe('skipped');
    expect(outcome.result).toMatchObject({ skipped: true, skip_reason: 'Conditional result was False' });
  });

  it('loops: one run per item with the loop variable, results aggregated in order', async () => {
    const { ctx, calls } = setup(
      {
        args: { _raw_params: 'echo {{ it }}' },
        keywords: { loop: [1, 2, 3], loop_control: { loop_var: 'it' }, when: ['it != 2'] },
      },
      (call) => ok({ changed: true, stdout: call.args._raw_params }),
    );
    const outcome = await executeTask(ctx);
    expect(calls.map((c) => c.args._raw_params)).toEqual(['echo 1', 'echo 3']);
    expect(outcome.items?.map((i) => [i.status, i.item])).toEqual([
      ['changed', 1],
      ['skipped', 2],
      ['changed', 3],
    ]);
    expect(outcome.status).toBe('changed');
    expect(outcome.result).toMatchObject({ changed: true, msg: 'All items completed' });
    expect((outcome.result.results as TaskResult[])[0]).toMatchObject({ it: 1, ansible_loop_var: 'it' });
  });

  it('until/retries: retries until the condition holds, recording the retried attempts', async () => {
    const { ctx, calls } = setup(
      { keywords: { register: 'r', until: 'r.rc == 0', retries: 3, delay: 0 } },
      (_c, n) => ok({ rc: n < 3 ? 1 : 0 }),
    );
    const outcome = await executeTask(ctx);
    expect(calls).toHaveLength(3);
    expect(outcome.status).toBe('ok');
    expect(outcome.result.attempts).toBe(3);
    expect(outcome.retried).toHaveLength(2);
  });

  it('until that never holds fails after retries + 1 attempts, reporting `retries` attempts', async () => {
    const { ctx, calls } = setup(
      { keywords: { register: 'r', until: 'r.rc == 0', retries: 2, delay: 0 } },
      () => ok({ rc: 1 }),
    );
    const outcome = await executeTask(ctx);
    expect(calls).toHaveLength(3);
    expect(outcome.status).toBe('failed');
    expect(outcome.result).toMatchObject({ failed: true, attempts: 2 });
  });

  it('changed_when and failed_when see the registered result and override the module', async () => {
    const { ctx } = setup(
      { keywords: { register: 'r', changed_when: ['r.rc == 2'], failed_when: ['r.rc > 1'] } },
      () => ok({ rc: 2, changed: false }),
    );
    const outcome = await executeTask(ctx);
    expect(outcome.status).toBe('failed');
    expect(outcome.result).toMatchObject({ changed: true, failed: true, failed_when_result: true });
  });

  it('ignore_errors keeps the failure but marks it ignored', async () => {
    const { ctx } = setup({ keywords: { ignore_errors: true } }, () => ({
      changed: false,
      failed: true,
      msg: 'no',
    }));
    const outcome = await executeTask(ctx);
    expect(outcome).toMatchObject({ status: 'failed', ignored: true });
  });

  it('an unreachable host is unreachable, not failed', async () => {
    const { ctx } = setup({}, () => {
      throw new UnreachableError({ code: 'FLT_CONN_REFUSED', message: 'refused' });
    });
    const outcome = await executeTask(ctx);
    expect(outcome.status).toBe('unreachable');
    expect(outcome.result).toMatchObject({ unreachable: true, msg: 'refused' });
  });

  it('set_fact runs as a controller action (no module), its facts visible to later loop items', async () => {
    const { ctx, calls, host } = setup(
      {
        action: 'set_fact',
        args: { total: '{{ (typeof total === "undefined" ? 0 : total) + item }}' },
        keywords: { loop: [1, 2, 3] },
      },
      () => ok(),
    );
    const outcome = await executeTask(ctx);
    expect(calls).toHaveLength(0);
    expect(outcome.items?.map((i) => i.result.ansible_facts)).toEqual([
      { total: 1 },
      { total: 3 },
      { total: 6 },
    ]);
    expect(host.hostVars.total).toBe(6);
  });

  it('meta reports its action for the main thread; an unknown one fails the task', async () => {
    const end = await executeTask(
      setup({ action: 'meta', args: { _raw_params: 'end_host' } }, () => ok()).ctx,
    );
    expect(end).toMatchObject({ status: 'ok', meta: 'end_host' });
    const bad = await executeTask(setup({ action: 'meta', args: { _raw_params: 'jump' } }, () => ok()).ctx);
    expect(bad.status).toBe('failed');
    expect(bad.result.msg).toMatch(/invalid meta action requested: jump/);
  });
});
