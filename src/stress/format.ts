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
