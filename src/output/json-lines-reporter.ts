/**
 * One JSON object per line per event, for machines. Field names are the RunEvent's
 * own (stable contract) plus `ts` (ISO time). Events arrive censored (censor.ts).
 */
import type { Reporter, RunEvent } from './events.js';

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
    this.writeLine({ ...event });
  }

  /** For extra records produced by the output layer itself (e.g. the profile). */
  writeLine(record: Record<string, unknown>): void {
    const line = { ...record, ts: new Date(this.now()).toISOString() };
    this.write(JSON.stringify(line, jsonReplacer) + '\n');
  }

  close(): void {}
}

function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
