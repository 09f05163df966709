/**
 * profile_tasks and timer with a fake clock: the timestamp line's fields and width, the task
 * list sorted by time (descending by default, PROFILE_TASKS_SORT_ORDER), cut at
 * PROFILE_TASKS_TASK_OUTPUT_LIMIT, and the timer's days/hours/minutes/seconds.
 */
import { describe, expect, it } from 'vitest';
import { AggregateCallbacksReporter, aggregateCallbacks } from '../../../src/output/aggregate-callbacks.js';
import type { Reporter, RunEvent } from '../../../src/output/events.js';

const silent: Reporter = { handle: () => {}, close: () => {} };

function run(env: NodeJS.ProcessEnv, callbacks: ('profile_tasks' | 'timer')[] = ['profile_tasks', 'timer']) {
  let clock = Date.UTC(2026, 11, 8, 1, 2, 3);
  const out: string[] = [];
  const r = new AggregateCallbacksReporter(silent, {
    callbacks,
    write: (s) => out.push(s),
    verbosity: 0,
    columns: 79,
    now: () => clock,
    env,
  });
  const task = (name: string, ms: number) => {
    r.handle({
      type: 'task_start',
      name,
      action: 'debug',
      hostsTotal: 1,
      handler: false,
      taskId: name,
    } as RunEvent);
    clock += ms;
  };
  task('fast', 1_234);
  task('slow', 3_725_678);
  task('middle', 90_061_500);
  r.handle({ type: 'recap', stats: {} });
  return out.join('').split('\n');
}

describe('aggregate callbacks', () => {
  it('prints timestamp lines, the slowest tasks first, and the run time', () => {
    const lines = run({});
    expect(lines[0]).toMatch(
      /^\w+day \d\d December 2026 {2}\d\d:02:03 [+-]\d{4} \(0:00:00\.000\) {7}0:00:00\.000 \*+ $/,
    );
    expect(lines[0]).toHaveLength(80);
    expect(lines[1]).toContain('(0:00:01.234)       0:00:01.234 ');
    expect(lines[2]).toContain('(1:02:05.678)       1:02:06.912 ');
    expect(lines[4]).toBe(`${'='.repeat(79)} `);
    expect(lines.slice(5, 8)).toEqual([
      `middle ${'-'.repeat(63)} 90061.50s`,
      `slow ${'-'.repeat(65)} 3725.68s`,
      `fast ${'-'.repeat(65)}--- 1.23s`,
    ]);
    expect(lines[8]).toBe('Playbook run took 1 days, 2 hours, 3 minutes, 8 seconds');
  });

  it('keeps run order or sorts ascending, and cuts the list', () => {
    expect(
      run({ PROFILE_TASKS_SORT_ORDER: 'none' })
        .slice(5, 8)
        .map((l) => l.split(' ')[0]),
    ).toEqual(['fast', 'slow', 'middle']);
    const ascending = run({ PROFILE_TASKS_SORT_ORDER: 'ascending', PROFILE_TASKS_TASK_OUTPUT_LIMIT: '2' });
    expect(ascending.slice(5, 8).map((l) => l.split(' ')[0])).toEqual(['fast', 'slow', 'Playbook']);
  });

  it('the callbacks print in the order listed; one it cannot run is skipped with a warning', () => {
    const warnings: string[] = [];
    expect(
      aggregateCallbacks(['timer', 'ara_default', 'ansible.posix.profile_tasks', 'profile_tasks'], (m) =>
        warnings.push(m),
      ),
    ).toEqual(['timer', 'profile_tasks']);
    expect(warnings).toEqual(["Skipping callback plugin 'ara_default', unable to load"]);
    const lines = run({}, ['timer', 'profile_tasks']);
    expect(lines[3]).toMatch(/^Playbook run took/);
  });
});
