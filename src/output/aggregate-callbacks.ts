/**
 * The aggregate callbacks of ansible.cfg's callbacks_enabled (callback_whitelist) that
 * flotilla prints, each after the stdout callback's lines for an event and in the order
 * listed, as Ansible sends every callback each event:
 * - ansible.posix.profile_tasks: a timestamp line after each task's banner, and after the
 *   recap the tasks by time spent (PROFILE_TASKS_SORT_ORDER, PROFILE_TASKS_TASK_OUTPUT_LIMIT);
 * - ansible.posix.timer: "Playbook run took …" after the recap.
 * Others are skipped with Ansible's warning for a callback it cannot load.
 */
import { strftime } from '../python/strftime.js';
import type { Reporter, RunEvent } from './events.js';

export type AggregateCallback = 'profile_tasks' | 'timer';

const KNOWN: ReadonlyMap<string, AggregateCallback> = new Map([
  ['profile_tasks', 'profile_tasks'],
  ['ansible.posix.profile_tasks', 'profile_tasks'],
  ['timer', 'timer'],
  ['ansible.posix.timer', 'timer'],
]);

/** The callbacks flotilla prints, from CALLBACKS_ENABLED; warns for each it does not. */
export function aggregateCallbacks(
  enabled: readonly string[],
  warn: (message: string) => void,
): AggregateCallback[] {
  const out: AggregateCallback[] = [];
  for (const name of enabled) {
    const known = KNOWN.get(name);
    if (!known) warn(`Skipping callback plugin '${name}', unable to load`);
    else if (!out.includes(known)) out.push(known);
  }
  return out;
}

export interface AggregateOptions {
  callbacks: readonly AggregateCallback[];
  write: (s: string) => void;
  verbosity: number;
  /** Display.columns: 79 off a terminal. */
  columns: number;
  /** Wall clock in ms. */
  now?: () => number;
  env?: NodeJS.ProcessEnv;
}

/** secondsToStr: `h:mm:ss.mmm`. */
function secondsToStr(seconds: number): string {
  const ms = seconds * 1000;
  const p = (n: number, w: number) => String(Math.floor(n)).padStart(w, '0');
  return `${Math.floor(ms / 3_600_000)}:${p((ms / 60_000) % 60, 2)}:${p((ms / 1000) % 60, 2)}.${p(ms % 1000, 3)}`;
}

/** filled: the text, a space, then `fchar` up to 79 columns (at least 3), and a space. */
function filled(msg: string, fchar = '*'): string {
  const text = msg ? `${msg} ` : '';
  return `${text}${fchar.repeat(Math.max(3, 79 - text.length))} `;
}

interface TaskTime {
  name: string;
  started: number;
  elapsed: number;
  path?: string;
}

export class AggregateCallbacksReporter implements Reporter {
  private readonly now: () => number;
  private readonly started: number;
  /** profile_tasks' t0 and tn: the run's start and the last timestamp line. */
  private last: number;
  private readonly tasks = new Map<string, TaskTime>();
  private current: string | undefined;

  constructor(
    private readonly inner: Reporter,
    private readonly opts: AggregateOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.started = this.now();
    this.last = this.started;
  }

  handle(event: RunEvent): void {
    this.inner.handle(event);
    if (event.type === 'task_start' && this.opts.callbacks.includes('profile_tasks')) this.recordTask(event);
    if (event.type !== 'recap') return;
    for (const callback of this.opts.callbacks)
      if (callback === 'profile_tasks') this.printTaskTimes();
      else this.printRunTime();
  }

  close(): void {
    this.inner.close();
  }

  private line(text: string): void {
    this.opts.write(`${text}\n`);
  }

  /** tasktime(): the date, the time since the last such line, and since the start. */
  private taskTime(): string {
    const now = this.now();
    const text = `${strftime('%A %d %B %Y  %H:%M:%S %z', now / 1000)} (${secondsToStr((now - this.last) / 1000)})${' '.repeat(7)}${secondsToStr((now - this.started) / 1000)}`;
    this.last = now;
    return filled(text);
  }

  /** timestamp(): the current task's time so far. */
  private stopCurrent(): void {
    const task = this.current === undefined ? undefined : this.tasks.get(this.current);
    if (task) task.elapsed += this.now() - task.started;
  }

  private recordTask(event: Extract<RunEvent, { type: 'task_start' }>): void {
    this.line(this.taskTime());
    this.stopCurrent();
    const id = event.taskId ?? event.name;
    this.current = id;
    const task = this.tasks.get(id);
    if (task) task.started = this.now();
    else this.tasks.set(id, { name: event.name, started: this.now(), elapsed: 0 });
    if (this.opts.verbosity >= 2 && event.path) (this.tasks.get(id) as TaskTime).path = event.path;
  }

  private printTaskTimes(): void {
    this.line(this.taskTime());
    this.line(filled('', '='));
    this.stopCurrent();
    this.current = undefined;
    const env = this.opts.env ?? process.env;
    const order = env.PROFILE_TASKS_SORT_ORDER ?? 'descending';
    let results = [...this.tasks.values()];
    if (order === 'descending') results.sort((a, b) => b.elapsed - a.elapsed);
    else if (order === 'ascending') results.sort((a, b) => a.elapsed - b.elapsed);
    const limit = env.PROFILE_TASKS_TASK_OUTPUT_LIMIT ?? '20';
    if (limit !== 'all') results = results.slice(0, Number.parseInt(limit, 10));
    const width = this.opts.columns - 9;
    for (const task of results) {
      let msg = `${task.name} `.padEnd(width, '-') + ` ${(task.elapsed / 1000).toFixed(2)}s`.padStart(9, '-');
      if (task.path) msg += `\n${`${task.path} `.padEnd(this.opts.columns, '-')}`;
      this.line(msg);
    }
  }

  /** timer: the run's duration in days, hours, minutes and seconds. */
  private printRunTime(): void {
    const total = Math.floor((this.now() - this.started) / 1000);
    const days = Math.floor(total / 86_400);
    const seconds = total % 86_400;
    this.line(
      `Playbook run took ${days} days, ${Math.floor(seconds / 3600)} hours, ${Math.floor(seconds / 60) % 60} minutes, ${seconds % 60} seconds`,
    );
  }
}
