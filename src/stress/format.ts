import type { StressComparison } from './compare.js';
import type { StressReport } from './types.js';

/** Renders a report as an aligned two-column table (the CLI prints it; we never print). */
export function formatStressTable(report: StressReport): string {
  const verdict =
    report.violations === 0
      ? 'no violations'
      : `${report.violations} violation${report.violations === 1 ? '' : 's'}`;
  const rows: [string, string][] = [
    ['scenario', report.scenario],
    ['mode', report.mode],
    ['threads', String(report.threads)],
    ['iterations/thread', String(report.iterations)],
    ['hosts', `${report.hosts} (${report.transport})`],
    ['duration', `${report.durationMs} ms`],
    ['violations', verdict],
    ...Object.entries(report.metrics).map(([k, v]): [string, string] => [k, formatNumber(v)]),
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const valueWidth = Math.max(...rows.map(([, v]) => v.length));
  const rule = `${'-'.repeat(width + 2)}+${'-'.repeat(valueWidth + 2)}`;
  const lines = rows.map(([k, v]) => ` ${k.padEnd(width)} | ${v}`);
  return [lines[0], lines[1], rule, ...lines.slice(2)].join('\n');
}

function formatNumber(v: number): string {
  return Number.isInteger(v) ? v.toLocaleString('en-US') : v.toFixed(1);
}

/** One row per scenario: violations and headline metrics of each mode, and what it shows. */
export function formatStressComparison(rows: StressComparison[]): string {
  const cell = (r: StressReport, headline: string[]): string =>
    [
      `${r.violations} violation${r.violations === 1 ? '' : 's'}`,
      ...headline.map((k) => `${k} ${formatNumber(r.metrics[k] ?? 0)}`),
    ].join(', ');
  const table: string[][] = [
    ['scenario', 'seed analysis', 'naive', 'safe', 'what it shows'],
    ...rows.map((c) => [
      c.scenario,
      c.reproduces,
      cell(c.naive, c.headline),
      cell(c.safe, c.headline),
      c.describe,
    ]),
  ];
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  const line = (row: string[]) =>
    row
      .map((v, i) => v.padEnd(widths[i]))
      .join(' | ')
      .trimEnd();
  return [line(table[0]), widths.map((w) => '-'.repeat(w)).join('-+-'), ...table.slice(1).map(line)].join(
    '\n',
  );
}
