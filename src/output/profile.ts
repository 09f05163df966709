/**
 * --profile: the slowest tasks and hosts, from `durationMs` of host results, printed
 * after the recap in the style of ansible.posix.profile_tasks
 * (`TASK [name] ------------- 1.23s`); then, when the run opened SSH sessions, how many per
 * host (from the running count host results carry).
 */
import { compareNames } from '../inventory/groups.js';
import type { Reporter, RunEvent } from './events.js';
import { JsonLinesReporter } from './json-lines-reporter.js';
import { type HostResultEvent, isItemResult } from './stats.js';

export interface TaskTiming {
  name: string;
  handler: boolean;
  /** Sum over hosts. */
  totalMs: number;
  /** Slowest single host. */
  maxMs: number;
  maxHost: string;
}

export interface HostTiming {
  host: string;
  totalMs: number;
}

/** SSH sessions (channels) opened per host over the run. */
export interface SessionCounts {
  hosts: number;
  total: number;
  min: number;
  median: number;
  max: number;
  maxHost: string;
}

/** Round trips per host-task of one action, over the host-tasks that ended ok or changed. */
export interface RoundTripCounts {
  action: string;
  unchanged?: CountSpread;
  changed?: CountSpread;
}

export interface CountSpread {
  /** Host-tasks counted. */
  tasks: number;
  median: number;
  max: number;
}

export interface ProfileSummary {
  tasks: TaskTiming[];
  hosts: HostTiming[];
  sessions?: SessionCounts;
  roundTrips?: RoundTripCounts[];
}

export class ProfileCollector {
  private readonly tasks = new Map<string, TaskTiming>();
  private readonly hosts = new Map<string, number>();
  private readonly handlers = new Set<string>();
  /** The latest running count of sessions per host (counts only grow). */
  private readonly sessions = new Map<string, number>();
  /** Per action, the round trips of each host-task that ended ok or changed. */
  private readonly roundTrips = new Map<string, { unchanged: number[]; changed: number[] }>();
  private anyRoundTrip = false;

  record(event: RunEvent): void {
    if (event.type === 'task_start' && event.handler) this.handlers.add(event.taskId ?? event.name);
    if (event.type === 'host_result' && event.sessions !== undefined)
      this.sessions.set(event.host, Math.max(event.sessions, this.sessions.get(event.host) ?? 0));
    if (event.type === 'host_result' && !isItemResult(event)) this.recordRoundTrips(event);
    if (event.type !== 'host_result' || isItemResult(event) || event.durationMs === undefined) return;
    this.add(event, event.durationMs);
  }

  private add(event: HostResultEvent, ms: number): void {
    const key = event.taskId ?? event.task;
    let t = this.tasks.get(key);
    if (!t) {
      t = { name: event.task, handler: this.handlers.has(key), totalMs: 0, maxMs: -1, maxHost: '' };
      this.tasks.set(key, t);
    }
    t.totalMs += ms;
    if (ms > t.maxMs) {
      t.maxMs = ms;
      t.maxHost = event.host;
    }
    this.hosts.set(event.host, (this.hosts.get(event.host) ?? 0) + ms);
  }

  private recordRoundTrips(event: HostResultEvent): void {
    if (event.roundTrips === undefined || (event.status !== 'ok' && event.status !== 'changed')) return;
    if (event.roundTrips > 0) this.anyRoundTrip = true;
    let byOutcome = this.roundTrips.get(event.action);
    if (!byOutcome) this.roundTrips.set(event.action, (byOutcome = { unchanged: [], changed: [] }));
    byOutcome[event.status === 'changed' ? 'changed' : 'unchanged'].push(event.roundTrips);
  }

  /** The `limit` slowest tasks (by total) and hosts, slowest first. */
  summary(limit = 10): ProfileSummary {
    const tasks = [...this.tasks.values()].sort((a, b) => b.totalMs - a.totalMs).slice(0, limit);
    const hosts = [...this.hosts.entries()]
      .map(([host, totalMs]) => ({ host, totalMs }))
      .sort((a, b) => b.totalMs - a.totalMs || compareNames(a.host, b.host))
      .slice(0, limit);
    return {
      tasks,
      hosts,
      ...(this.sessions.size > 0 ? { sessions: this.sessionCounts() } : {}),
      ...(this.anyRoundTrip ? { roundTrips: this.roundTripCounts() } : {}),
    };
  }

  private roundTripCounts(): RoundTripCounts[] {
    const spread = (counts: number[]): CountSpread | undefined => {
      if (counts.length === 0) return undefined;
      const sorted = [...counts].sort((a, b) => a - b);
      return {
        tasks: sorted.length,
        median: sorted[Math.floor((sorted.length - 1) / 2)],
        max: sorted.at(-1)!,
      };
    };
    return [...this.roundTrips.entries()]
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([action, { unchanged, changed }]) => ({
        action,
        ...(unchanged.length ? { unchanged: spread(unchanged) } : {}),
        ...(changed.length ? { changed: spread(changed) } : {}),
      }));
  }

  private sessionCounts(): SessionCounts {
    const byHost = [...this.sessions.entries()].sort((a, b) => b[1] - a[1] || compareNames(a[0], b[0]));
    const counts = byHost.map(([, n]) => n).sort((a, b) => a - b);
    return {
      hosts: counts.length,
      total: counts.reduce((a, b) => a + b, 0),
      min: counts[0],
      median: counts[Math.floor((counts.length - 1) / 2)],
      max: byHost[0][1],
      maxHost: byHost[0][0],
    };
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)}s`;

/** profile_tasks' line: label padded with '-' to columns - 9, then the time right-aligned in 9. */
function dashed(label: string, value: string, columns: number): string {
  return `${label} `.padEnd(columns - 9, '-') + ` ${value}`.padStart(9, '-');
}

export function formatProfile(summary: ProfileSummary, columns = 79): string {
  const lines: string[] = [
    '',
    `PROFILE: slowest tasks (total over hosts; slowest host) `.padEnd(columns + 1, '*'),
  ];
  for (const t of summary.tasks) {
    const label = `${t.handler ? 'RUNNING HANDLER' : 'TASK'} [${t.name}]`;
    lines.push(`${dashed(label, seconds(t.totalMs), columns)} (max ${seconds(t.maxMs)} on ${t.maxHost})`);
  }
  lines.push('', 'PROFILE: slowest hosts (total task time) '.padEnd(columns + 1, '*'));
  for (const h of summary.hosts) lines.push(dashed(h.host, seconds(h.totalMs), columns));
  const s = summary.sessions;
  if (s) {
    lines.push('', 'PROFILE: SSH sessions opened per host '.padEnd(columns + 1, '*'));
    lines.push(
      `${s.hosts} host${s.hosts === 1 ? '' : 's'}, ${s.total} sessions: min ${s.min}, median ${s.median}, max ${s.max} (${s.maxHost})`,
    );
  }
  if (summary.roundTrips) {
    lines.push(
      '',
      'PROFILE: round trips per host-task (median, max over host-tasks) '.padEnd(columns + 1, '*'),
    );
    const spread = (label: string, c?: CountSpread) =>
      c ? `${label} ${c.median}, max ${c.max} (${c.tasks})` : `${label} -`;
    for (const r of summary.roundTrips)
      lines.push(
        `${r.action.padEnd(32)} ${spread('unchanged', r.unchanged).padEnd(28)} ${spread('changed', r.changed)}`,
      );
  }
  return lines.join('\n') + '\n\n';
}

export interface ProfileReporterOptions {
  /** Text output; when absent and the inner reporter writes JSON lines, a `profile` record is written. */
  write?: (s: string) => void;
  columns?: number;
  now?: () => number;
  limit?: number;
}

/** Wraps a reporter: passes every event through, prints the profile after the recap. */
export class ProfileReporter implements Reporter {
  private readonly collector = new ProfileCollector();

  constructor(
    private readonly inner: Reporter,
    private readonly opts: ProfileReporterOptions,
  ) {}

  handle(event: RunEvent): void {
    this.collector.record(event);
    this.inner.handle(event);
    if (event.type !== 'recap') return;
    const summary = this.collector.summary(this.opts.limit ?? 10);
    if (this.opts.write) this.opts.write(formatProfile(summary, this.opts.columns));
    else if (this.inner instanceof JsonLinesReporter) this.inner.writeLine({ type: 'profile', ...summary });
  }

  close(): void {
    this.inner.close();
  }
}
