/**
 * The one entry point the CLI uses to print a run: pick a reporter by kind.
 */
import { type AggregateCallback, AggregateCallbacksReporter } from './aggregate-callbacks.js';
import { CensoringReporter } from './censor.js';
import { DefaultReporter } from './default-reporter.js';
import type { Reporter } from './events.js';
import { JsonLinesReporter } from './json-lines-reporter.js';
import { ProfileReporter } from './profile.js';
import { ProgressReporter } from './progress-reporter.js';
import type { ResultFormat } from './result-display.js';

export type { Reporter } from './events.js';

export type ReporterKind = 'default' | 'json' | 'progress';

export interface ReporterOptions {
  kind: ReporterKind;
  verbosity: number;
  write: (s: string) => void;
  /** stderr, for warnings and errors as Ansible does; defaults to `write`. */
  writeErr?: (s: string) => void;
  isTTY: boolean;
  color: boolean;
  /** Print the slowest tasks and hosts after the recap. */
  profile?: boolean;
  /** Terminal width; Ansible uses max(79, width - 1). Ignored when not a TTY. */
  columns?: number;
  /** Clock in ms, for elapsed times and throttling (tests inject one). */
  now?: () => number;
  /** The default callback's display_skipped_hosts and display_ok_hosts (default true). */
  displaySkippedHosts?: boolean;
  displayOkHosts?: boolean;
  /** result_format/pretty_results, or the yaml or debug stdout callback (default: JSON). */
  resultFormat?: ResultFormat;
  /** callbacks_enabled's profile_tasks and timer, printed after the default output's lines. */
  aggregate?: readonly AggregateCallback[];
}

export function createReporter(opts: ReporterOptions): Reporter {
  const columns = opts.isTTY && opts.columns ? opts.columns - 1 : 79;
  const text = {
    write: opts.write,
    writeErr: opts.writeErr,
    color: opts.color,
    columns,
    verbosity: opts.verbosity,
    resultFormat: opts.resultFormat,
  };
  let reporter: Reporter;
  if (opts.kind === 'json') {
    reporter = new JsonLinesReporter({ write: opts.write, now: opts.now });
  } else if (opts.kind === 'progress' && opts.isTTY && opts.verbosity < 1) {
    // A live line needs a terminal; with -v the full per-host text is what was asked for.
    reporter = new ProgressReporter({ ...text, now: opts.now });
  } else {
    reporter = new DefaultReporter({
      ...text,
      displaySkippedHosts: opts.displaySkippedHosts,
      displayOkHosts: opts.displayOkHosts,
    });
    if (opts.aggregate?.length)
      reporter = new AggregateCallbacksReporter(reporter, {
        callbacks: opts.aggregate,
        write: opts.write,
        verbosity: opts.verbosity,
        columns,
        ...(opts.now ? { now: opts.now } : {}),
      });
  }
  if (opts.profile) {
    const write = opts.kind === 'json' ? undefined : opts.write;
    reporter = new ProfileReporter(reporter, { write, columns, now: opts.now });
  }
  // Outermost: no reporter, whatever its kind or verbosity, sees what no_log hides.
  return new CensoringReporter(reporter);
}
