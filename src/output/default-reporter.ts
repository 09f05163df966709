/**
 * Ansible's default stdout callback (plugins/callback/default.py, 2.14), byte for byte
 * for the common cases: banners, per-host status lines, loop items, recap.
 */

import { resultStr } from '../python/repr.js';
import { COLOR } from './colors.js';
import { formatDiff } from './diff-format.js';
import { Display, type DisplayOptions } from './display.js';
import { DISPLAY_WARNINGS, type HostStats, type Reporter, type RunEvent, type TaskResult } from './events.js';
import {
  cleanCopy,
  cleanDebugResult,
  diffSerializer,
  dumpDebugResults,
  dumpResults,
  dumpYamlResults,
  exceptionMessage,
  hostLabel,
  isDebugAction,
  isVerboseRun,
  itemLabel,
  type ResultFormat,
} from './result-display.js';
import { type HostResultEvent, isItemResult } from './stats.js';

export interface DefaultReporterOptions extends DisplayOptions {
  verbosity: number;
  /** display_skipped_hosts / display_ok_hosts: when either is off, a task's banner waits for a line to show. */
  displaySkippedHosts?: boolean;
  displayOkHosts?: boolean;
  /** result_format/pretty_results, or the yaml or debug stdout callback (default: JSON). */
  resultFormat?: ResultFormat;
}

interface TaskInfo {
  name: string;
  handler: boolean;
  path?: string;
}

const INCLUDE_ACTIONS = new Set([
  'include_tasks',
  'include_role',
  'ansible.builtin.include_tasks',
  'ansible.builtin.include_role',
]);

const SETUP_ACTIONS = new Set([
  'setup',
  'gather_facts',
  'ansible.builtin.setup',
  'ansible.builtin.gather_facts',
  'ansible.legacy.setup',
  'ansible.legacy.gather_facts',
]);
const ASSERT_ACTIONS = new Set(['assert', 'ansible.builtin.assert', 'ansible.legacy.assert']);

export class DefaultReporter implements Reporter {
  readonly display: Display;
  private readonly verbosity: number;
  private readonly tasks = new Map<string, TaskInfo>();
  private lastBannerKey: string | undefined;
  private readonly showSkipped: boolean;
  private readonly showOk: boolean;
  private readonly results: ResultFormat;

  constructor(opts: DefaultReporterOptions) {
    this.display = new Display(opts);
    this.verbosity = opts.verbosity;
    this.showSkipped = opts.displaySkippedHosts ?? true;
    this.showOk = opts.displayOkHosts ?? true;
    this.results = opts.resultFormat ?? { format: 'json', pretty: null };
  }

  /** _dump_results: the default callback's (JSON or YAML), or the yaml or debug callback's. */
  private dump(result: TaskResult, indent?: number): string {
    if (this.results.callback === 'yaml') return dumpYamlResults(result, this.verbosity);
    if (this.results.callback === 'debug') return dumpDebugResults(result, this.verbosity);
    return dumpResults(result, this.verbosity, false, this.results, indent);
  }

  handle(event: RunEvent): void {
    switch (event.type) {
      case 'playbook_start':
        if (this.verbosity > 1) this.display.banner(`PLAYBOOK: ${event.file.split('/').pop()}`);
        return;
      case 'play_start':
        this.display.banner(event.name.trim() ? `PLAY [${event.name.trim()}]` : 'PLAY');
        return;
      case 'task_start': {
        const key = event.taskId ?? event.name;
        this.tasks.set(key, { name: event.name.trim(), handler: event.handler, path: event.path });
        if (!event.lazy && this.showSkipped && this.showOk) this.printTaskBanner(key);
        return;
      }
      case 'host_result':
        this.onHostResult(event);
        return;
      case 'host_retry':
        this.onRetry(event);
        return;
      case 'host_async':
        this.onAsync(event);
        return;
      case 'no_hosts_matched':
        this.display.display('skipping: no hosts matched', COLOR.skip);
        return;
      case 'included':
        this.display.display(
          `included: ${event.file} for ${event.hosts.join(', ')}${event.item !== undefined ? ` => (item=${event.item})` : ''}`,
          COLOR.skip,
        );
        return;
      case 'no_hosts_remaining':
        this.display.banner('NO MORE HOSTS LEFT');
        return;
      case 'warning':
        this.display.warning(event.message);
        return;
      case 'deprecation':
        this.display.deprecated(event.msg, event.version, event.date, event.collection, event.everyTime);
        return;
      case 'error':
        this.display.error(event.message);
        return;
      case 'verbose':
        if (this.verbosity >= event.level) this.display.display(event.message, COLOR.verbose);
        return;
      case 'recap':
        this.printRecap(event.stats);
        if (event.custom) this.printCustomStats(event.custom);
        return;
      case 'interrupted':
        this.display.error('User interrupted execution');
        return;
    }
  }

  close(): void {}

  private printTaskBanner(key: string, fallbackName?: string): void {
    const task = this.tasks.get(key) ?? { name: fallbackName ?? key, handler: false };
    this.display.banner(`${task.handler ? 'RUNNING HANDLER' : 'TASK'} [${task.name}]`);
    if (this.verbosity >= 2 && task.path) this.display.display(`task path: ${task.path}`, COLOR.debug);
    this.lastBannerKey = key;
  }

  /** Re-prints the banner when results of another task came in between (free strategy). */
  /** `FAILED - RETRYING: [h]: task (N retries left).`, with the result from -vv on. */
  private onRetry(event: Extract<RunEvent, { type: 'host_retry' }>): void {
    const result = cleanCopy(event.result, event.action);
    this.ensureBanner(event);
    const label = hostLabel(event.host, event.delegatedTo, result);
    const left = Number(result.retries) - Number(result.attempts);
    let msg = `FAILED - RETRYING: [${label}]: ${event.task} (${left} retries left).`;
    if (isVerboseRun(result, this.verbosity, 2)) msg += `Result was: ${this.dump(result)}`;
    this.display.display(msg, COLOR.debug);
  }

  /** `ASYNC POLL on h: jid=… started=1 finished=0`, then `ASYNC OK on h: jid=…` (or FAILED). */
  private onAsync(event: Extract<RunEvent, { type: 'host_async' }>): void {
    this.ensureBanner(event);
    const r = event.result;
    const jid = r.ansible_job_id ?? (r.async_result as Record<string, unknown> | undefined)?.ansible_job_id;
    const text =
      event.kind === 'poll'
        ? `ASYNC POLL on ${event.host}: jid=${resultStr(r.ansible_job_id)} started=${resultStr(r.started)} finished=${resultStr(r.finished)}`
        : `ASYNC ${event.kind === 'ok' ? 'OK' : 'FAILED'} on ${event.host}: jid=${resultStr(jid)}`;
    this.display.display(text, COLOR.debug);
  }

  private ensureBanner(event: { taskId?: string; task: string }): void {
    const key = event.taskId ?? event.task;
    if (key !== this.lastBannerKey) this.printTaskBanner(key, event.task);
  }

  private onHostResult(event: HostResultEvent): void {
    // an action plugin's display.warning, which the clean copy loses (an internal key)
    const shown = event.result[DISPLAY_WARNINGS];
    if (Array.isArray(shown)) for (const w of shown) this.display.warning(String(w));
    const result = cleanCopy(event.result, event.action);
    // Ansible's debug action always sets this on what it returns (not on skips, which the
    // executor makes): a core that forgets still prints like Ansible.
    const skipped = event.status === 'skipped' || event.result.skipped === true;
    const ranDebug = isDebugAction(event.action) && !skipped && !('censored' in result);
    if (ranDebug && !('_ansible_verbose_always' in result)) result._ansible_verbose_always = true;
    // So does assert unless `quiet` (the module then sets it false): its results print indented.
    const ranAssert = ASSERT_ACTIONS.has(event.action) && !skipped;
    if (ranAssert && !('_ansible_verbose_always' in result)) result._ansible_verbose_always = true;
    // Fact gathering (setup/gather_facts) sets _ansible_verbose_override: -v never dumps facts.
    if (SETUP_ACTIONS.has(event.action) && event.status === 'ok') result._ansible_verbose_override = true;
    this.printDiff(event);
    this.printPauseNotice(event);
    if (isItemResult(event)) this.onItemResult(event, result);
    else if (event.status === 'failed') this.onFailed(event, result);
    else if (event.status === 'skipped') this.onSkipped(event, result);
    else if (event.status === 'unreachable') this.onUnreachable(event, result);
    else this.onOk(event, result);
  }

  /**
   * The pause action displays its timer lines when it starts waiting; printed here, before
   * its result, the text is the same on a non-interactive stdout.
   */
  private printPauseNotice(event: HostResultEvent): void {
    const seconds = event.result._ansible_pause_seconds;
    if (typeof seconds !== 'number' || isItemResult(event)) return;
    this.ensureBanner(event);
    this.display.display(`Pausing for ${Math.trunc(seconds)} seconds`);
    this.display.display("(ctrl+C then 'C' = continue early, ctrl+C then 'A' = abort)\r");
  }

  /**
   * v2_on_file_diff: the diff of a changed result. A loop sends it per item, just before the
   * item's line (TaskExecutor._run_loop); the loop's final result has no `diff` of its own.
   */
  private printDiff(event: HostResultEvent): void {
    // The strategy sends v2_on_file_diff only in diff mode, whatever the result holds.
    if (event.noLog || !event.diff) return;
    if (isItemResult(event) && !(event.status === 'ok' || event.status === 'changed')) return;
    if (!isItemResult(event) && event.loop && Array.isArray(event.result.results)) return;
    const r = event.result;
    if (!r?.diff || !r.changed) return;
    const text = formatDiff(r.diff, diffSerializer(this.results));
    if (!text) return;
    this.ensureBanner(event);
    this.display.display(text);
  }

  private onOk(event: HostResultEvent, result: TaskResult): void {
    const changed = isChanged(event, result);
    if (!INCLUDE_ACTIONS.has(event.action) && !changed && !this.showOk) return;
    this.ensureBanner(event);
    if (INCLUDE_ACTIONS.has(event.action)) return;
    const label = hostLabel(event.host, event.delegatedTo, result);
    let msg = `${changed ? 'changed' : 'ok'}: [${label}]`;
    this.handleWarnings(result);
    if (event.loop && 'results' in result) return;
    cleanDebugResult(result, event.action);
    if (isVerboseRun(result, this.verbosity)) msg += ` => ${this.dump(result)}`;
    this.display.display(msg, changed ? COLOR.changed : COLOR.ok);
  }

  private onFailed(event: HostResultEvent, result: TaskResult): void {
    cleanDebugResult(result, event.action);
    this.ensureBanner(event);
    this.handleException(result);
    this.handleWarnings(result);
    if (!(event.loop && 'results' in result)) {
      const label = hostLabel(event.host, event.delegatedTo, result);
      this.display.display(`fatal: [${label}]: FAILED! => ${this.dump(result)}`, COLOR.error);
    }
    if (event.ignored) this.display.display('...ignoring', COLOR.skip);
  }

  private onSkipped(event: HostResultEvent, result: TaskResult): void {
    if (!this.showSkipped) return;
    cleanDebugResult(result, event.action);
    this.ensureBanner(event);
    if (event.loop && 'results' in result) delete result.results;
    let msg = `skipping: [${event.host}]`;
    if (isVerboseRun(result, this.verbosity)) msg += ` => ${this.dump(result)}`;
    this.display.display(msg, COLOR.skip);
  }

  private onUnreachable(event: HostResultEvent, result: TaskResult): void {
    this.ensureBanner(event);
    const label = hostLabel(event.host, event.delegatedTo, result);
    this.display.display(`fatal: [${label}]: UNREACHABLE! => ${this.dump(result)}`, COLOR.unreachable);
    if (event.ignored) this.display.display('...ignoring', COLOR.skip);
  }

  private onItemResult(event: HostResultEvent, result: TaskResult): void {
    const label = hostLabel(event.host, event.delegatedTo, result);
    if (event.status === 'failed' || event.status === 'unreachable') {
      this.ensureBanner(event);
      cleanDebugResult(result, event.action);
      this.handleException(result);
      this.handleWarnings(result);
      const item = itemLabel(result, event.label, event.item);
      this.display.display(`failed: [${label}] (item=${item}) => ${this.dump(result)}`, COLOR.error);
      return;
    }
    if (event.status === 'skipped') {
      if (!this.showSkipped) return;
      this.ensureBanner(event);
      cleanDebugResult(result, event.action);
      let msg = `skipping: [${event.host}] => (item=${itemLabel(result, event.label, event.item)}) `;
      if (isVerboseRun(result, this.verbosity)) msg += ` => ${this.dump(result)}`;
      this.display.display(msg, COLOR.skip);
      return;
    }
    if (INCLUDE_ACTIONS.has(event.action)) return;
    const changed = isChanged(event, result);
    if (!changed && !this.showOk) return;
    this.ensureBanner(event);
    let msg = `${changed ? 'changed' : 'ok'}: [${label}] => (item=${itemLabel(result, event.label, event.item)})`;
    cleanDebugResult(result, event.action);
    if (isVerboseRun(result, this.verbosity)) msg += ` => ${this.dump(result)}`;
    this.display.display(msg, changed ? COLOR.changed : COLOR.ok);
  }

  private handleException(result: TaskResult): void {
    const msg = exceptionMessage(result, this.verbosity);
    if (msg !== undefined) this.display.display(msg, COLOR.error);
  }

  /** Module warnings and deprecations go to stderr, then leave the result. */
  private handleWarnings(result: TaskResult): void {
    if (Array.isArray(result.warnings) && result.warnings.length > 0) {
      for (const w of result.warnings) this.display.warning(String(w));
      delete result.warnings;
    }
    if (Array.isArray(result.deprecations) && result.deprecations.length > 0) {
      for (const d of result.deprecations as Array<Record<string, unknown>>) {
        const str = (k: string) => (d[k] === undefined || d[k] === null ? undefined : String(d[k]));
        this.display.deprecated(String(d.msg ?? ''), str('version'), str('date'), str('collection_name'));
      }
      delete result.deprecations;
    }
  }

  private printRecap(stats: Record<string, HostStats>): void {
    this.display.banner('PLAY RECAP');
    const p = this.display.palette;
    for (const host of Object.keys(stats).sort()) {
      const t = stats[host];
      const line = [
        p.stat('ok', t.ok, COLOR.ok),
        p.stat('changed', t.changed, COLOR.changed),
        p.stat('unreachable', t.unreachable, COLOR.unreachable),
        p.stat('failed', t.failed, COLOR.error),
        p.stat('skipped', t.skipped, COLOR.skip),
        p.stat('rescued', t.rescued, COLOR.ok),
        p.stat('ignored', t.ignored, COLOR.warn),
      ].join(' ');
      this.display.display(`${p.host(host, t)} : ${line}`);
    }
    this.display.display('');
  }

  /** The default callback's CUSTOM STATS: per host (sorted), then the run's. */
  private printCustomStats(custom: Record<string, Record<string, unknown>>): void {
    this.display.banner('CUSTOM STATS: ');
    const dump = (stats: Record<string, unknown>) => this.dump(stats, 1).replaceAll('\n', '');
    for (const host of Object.keys(custom).sort())
      if (host !== '_run') this.display.display(`\t${host}: ${dump(custom[host])}`);
    if (custom._run) {
      this.display.display('');
      this.display.display(`\tRUN: ${dump(custom._run)}`);
    }
    this.display.display('');
  }
}

function isChanged(event: HostResultEvent, result: TaskResult): boolean {
  return 'changed' in result ? Boolean(result.changed) : event.status === 'changed';
}
