/**
 * For a terminal and many hosts: banners as usual, but per task one live status line
 * (rewritten in place) instead of a line per host. Failures, unreachable hosts and
 * warnings are still printed in full, above the live line; the final line stays.
 */
import { COLOR, type ColorCode } from './colors.js';
import { DefaultReporter, type DefaultReporterOptions } from './default-reporter.js';
import type { Reporter, RunEvent } from './events.js';
import { type HostResultEvent, isItemResult } from './stats.js';

export interface ProgressReporterOptions extends DefaultReporterOptions {
  now?: () => number;
  /** Minimum time between two redraws of the live line. */
  redrawMs?: number;
  /** How often the elapsed time is refreshed while hosts are still running. */
  tickMs?: number;
}

const CLEAR_LINE = '\r\u001b[2K';

interface TaskProgress {
  total: number;
  done: number;
  ok: number;
  changed: number;
  failed: number;
  unreachable: number;
  skipped: number;
  startedAt: number;
}

export class ProgressReporter implements Reporter {
  private readonly inner: DefaultReporter;
  private readonly write: (s: string) => void;
  private readonly now: () => number;
  private readonly redrawMs: number;
  private readonly tickMs: number;
  private task: TaskProgress | undefined;
  private lineShown = false;
  private lastDrawAt = Number.NEGATIVE_INFINITY;
  private pending: ReturnType<typeof setTimeout> | undefined;
  private ticker: ReturnType<typeof setInterval> | undefined;

  constructor(opts: ProgressReporterOptions) {
    this.write = opts.write;
    // Everything printed in full goes through the default formatting, behind clearLine().
    const writeErr = opts.writeErr ?? opts.write;
    this.inner = new DefaultReporter({
      ...opts,
      write: (s) => this.clearThen(opts.write, s),
      writeErr: (s) => this.clearThen(writeErr, s),
    });
    this.now = opts.now ?? Date.now;
    this.redrawMs = opts.redrawMs ?? 100;
    this.tickMs = opts.tickMs ?? 1000;
  }

  /** The task whose live line is shown. */
  private taskId: string | undefined;

  handle(event: RunEvent): void {
    if (event.type === 'host_result') {
      this.onHostResult(event);
      return;
    }
    // A meta task announces itself once per host (as Ansible prints it): one live line is enough.
    if (event.type === 'task_start' && event.taskId !== undefined && event.taskId === this.taskId) return;
    if (event.type === 'task_start' || event.type === 'play_start' || event.type === 'recap') {
      this.finishTask();
      this.taskId = event.type === 'task_start' ? event.taskId : undefined;
    }
    this.inner.handle(event);
    if (event.type === 'task_start') {
      this.task = {
        total: event.hostsTotal,
        done: 0,
        ok: 0,
        changed: 0,
        failed: 0,
        unreachable: 0,
        skipped: 0,
        startedAt: this.now(),
      };
      this.ticker = setInterval(() => this.draw(), this.tickMs);
      this.ticker.unref?.();
      this.draw();
    } else {
      this.redraw();
    }
  }

  close(): void {
    this.finishTask();
  }

  private onHostResult(event: HostResultEvent): void {
    const loud = event.status === 'failed' || event.status === 'unreachable';
    if (loud) this.inner.handle(event);
    if (isItemResult(event) || !this.task) {
      if (loud) this.redraw();
      return;
    }
    const t = this.task;
    t.done++;
    if (event.status === 'failed' && !event.ignored && !event.rescued) t.failed++;
    else if (event.status === 'unreachable' && !event.ignored) t.unreachable++;
    else if (event.status === 'skipped') t.skipped++;
    else t.ok++;
    if (event.status === 'changed' || event.result.changed === true) t.changed++;
    if (loud) this.redraw();
    else this.scheduleDraw();
  }

  /** Writes `s` on a clean line: the live line is erased first and redrawn afterwards. */
  private clearThen(write: (s: string) => void, s: string): void {
    if (this.lineShown) {
      this.write(CLEAR_LINE);
      this.lineShown = false;
    }
    write(s);
  }

  private scheduleDraw(): void {
    const wait = this.lastDrawAt + this.redrawMs - this.now();
    if (wait <= 0) {
      this.draw();
    } else if (!this.pending) {
      this.pending = setTimeout(() => this.draw(), wait);
      this.pending.unref?.();
    }
  }

  private redraw(): void {
    if (this.task) this.draw();
  }

  private draw(): void {
    if (this.pending) clearTimeout(this.pending);
    this.pending = undefined;
    if (!this.task) return;
    this.write(CLEAR_LINE + this.statusLine(this.task));
    this.lineShown = true;
    this.lastDrawAt = this.now();
  }

  private statusLine(t: TaskProgress): string {
    const p = this.inner.display.palette;
    const stat = (lead: string, n: number, color: ColorCode) =>
      p.paint(`${lead}=${n}`, n ? color : undefined);
    const hosts = t.total > 0 ? `${t.done}/${t.total}` : `${t.done}`;
    const elapsed = ((this.now() - t.startedAt) / 1000).toFixed(1);
    return [
      `  [${hosts} hosts]`,
      stat('ok', t.ok, COLOR.ok),
      stat('changed', t.changed, COLOR.changed),
      stat('failed', t.failed, COLOR.error),
      stat('unreachable', t.unreachable, COLOR.unreachable),
      stat('skipped', t.skipped, COLOR.skip),
      `${elapsed}s`,
    ].join(' ');
  }

  /** The last state of the task's line stays on screen. */
  private finishTask(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    if (!this.task) return;
    this.draw();
    this.write('\n');
    this.lineShown = false;
    this.task = undefined;
  }
}
