/**
 * One JSON object per line per event, for machines. Field names are the RunEvent's
 * own (stable contract) plus `ts` (ISO time). no_log results are censored here too.
 */
import type { RunEvent } from './events.js';
import { censorResult, isNoLog } from './redact.js';
import type { Reporter } from './reporter.js';

export interface JsonLinesReporterOptions {
  write: (s: string) => void;
  now?: () => number;
}

export class JsonLinesReporter implements Reporter {
  private readonly write: (s: string) => void;
  private readonly now: () => number;

  constructor(opts: JsonLinesReporterOptions) {
    this.write = opts.write;
    this.now = opts.now ?? Date.now;
  }

  handle(event: RunEvent): void {
    this.writeLine(toJsonRecord(event));
  }

  /** For extra records produced by the output layer itself (e.g. the profile). */
  writeLine(record: Record<string, unknown>): void {
    const line = { ...record, ts: new Date(this.now()).toISOString() };
    this.write(JSON.stringify(line, jsonReplacer) + '\n');
  }

  close(): void {}
}

/** The event as a plain record; a no_log result (and its loop item) never leaves censored form. */
export function toJsonRecord(event: RunEvent): Record<string, unknown> {
  if (event.type !== 'host_result' || !isNoLog(event.result, event.noLog)) return { ...event };
  const { item: _item, label: _label, ...rest } = event;
  const record: Record<string, unknown> = { ...rest, result: censorResult(event.result) };
  if (_item !== undefined || _label !== undefined) record.label = '(censored due to no_log)';
  return record;
}

function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
