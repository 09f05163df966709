/** What a reporter prints for a list of events (default output, no TTY, no colour, a fixed clock). */
import type { RunEvent } from '../../src/output/events.js';
import { createReporter, type ReporterOptions } from '../../src/output/reporter.js';

export function captureReport(opts: Partial<ReporterOptions>, events: RunEvent[]): string {
  let out = '';
  const r = createReporter({
    kind: 'default',
    verbosity: 0,
    write: (s) => (out += s),
    isTTY: false,
    color: false,
    now: () => Date.parse('2024-01-02T03:04:05Z'),
    ...opts,
  });
  for (const e of events) r.handle(e);
  r.close();
  return out;
}
