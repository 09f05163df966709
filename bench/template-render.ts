/**
 * Template rendering micro-benchmark: renders bench/template-cpu.ts's template in-process
 * with one Templar, N times, and prints ms per render next to two baselines measured in
 * the same run: stock nunjucks (the same template compiled once, with the few filters it
 * lacks added as plain JS), and a plain JS loop building the same text.
 *
 * Run: npx tsx bench/template-render.ts   (ROWS=3000 N=40 WARMUP=10)
 *   or, on tsc's output: npm run build && TEMPLAR_MODULE=$PWD/dist/src/template/index.js npx tsx bench/template-render.ts
 *   TEMPLAR_BEFORE=<older build's dist/src/template/index.js> adds that build to the same run.
 * Profile: node --import tsx --cpu-prof --cpu-prof-dir=<dir> bench/template-render.ts
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nunjucks from 'nunjucks';
import type { Templar as TemplarClass } from '../src/template/index.js';

// tsx adds esbuild's keepNames helpers to every closure, which skews a profile of src/;
// TEMPLAR_MODULE=/abs/dist/src/template/index.js measures tsc's output instead.
type TemplarModule = { Templar: typeof TemplarClass };
const { Templar } = (await import(process.env.TEMPLAR_MODULE ?? '../src/template/index.js')) as TemplarModule;
// TEMPLAR_BEFORE=/abs/path/index.js of an older build: measured in the same run, for before/after.
const before = process.env.TEMPLAR_BEFORE
  ? ((await import(process.env.TEMPLAR_BEFORE)) as TemplarModule).Templar
  : undefined;

const ROWS = Number(process.env.ROWS ?? 3000);
const N = Number(process.env.N ?? 40);
const WARMUP = Number(process.env.WARMUP ?? 10);
const HOST = 'host-017.fleet.example';

/** The template of bench/template-cpu.ts. */
const TEMPLATE = `{% for i in range(rows | int) %}
{{ ('row-' ~ i) | upper | replace('ROW', inventory_hostname) }} {{ (i * 7) % 13 }} {{ [i, i + 1, i + 2] | map('string') | join(',') }} {{ 'even' if i is even else 'odd' }} {{ {'k': i, 'h': inventory_hostname} | to_json }} {{ ('a,b,' ~ i) | split(',') | last | int + 1 }}
{% endfor %}
`;
const TASK = "{{ lookup('template', 'big.j2') | length }}";

/** A per-host vars object shaped like the worker's: play vars, extra vars, magic vars. */
function hostVars(): Record<string, unknown> {
  return {
    rows: String(ROWS),
    inventory_hostname: HOST,
    inventory_hostname_short: HOST.split('.')[0],
    ansible_host: '127.0.0.1',
    group_names: ['fleet'],
    groups: { all: [HOST], fleet: [HOST], ungrouped: [] },
    playbook_dir: '/tmp',
    ansible_check_mode: false,
  };
}

function stockNunjucks(): () => string {
  const env = new nunjucks.Environment(null, { autoescape: false, trimBlocks: true });
  env.addFilter('split', (s: string, sep: string) => String(s).split(sep));
  env.addFilter('to_json', (v: unknown) => JSON.stringify(v).replace(/":/g, '": ').replace(/,"/g, ', "'));
  env.addFilter('map', (items: unknown[], name: string) =>
    items.map((x) => (env.getFilter(name) as (v: unknown) => unknown)(x)),
  );
  // nunjucks' range() is Python's; `rows | int` and the rest are stock filters.
  const ctx = { rows: String(ROWS), inventory_hostname: HOST };
  const compiled = nunjucks.compile(TEMPLATE, env);
  return () => compiled.render(ctx);
}

/** The same text built by hand: the floor any template engine sits above. */
function plainJs(): string {
  const rows = Number.parseInt(String(ROWS), 10);
  let out = '';
  for (let i = 0; i < rows; i++) {
    const a = `row-${i}`.toUpperCase().split('ROW').join(HOST);
    const b = (i * 7) % 13;
    const c = [i, i + 1, i + 2].map(String).join(',');
    const d = i % 2 === 0 ? 'even' : 'odd';
    const e = `{"k": ${i}, "h": ${JSON.stringify(HOST)}}`;
    const f = Number.parseInt(`a,b,${i}`.split(',').at(-1) as string, 10) + 1;
    out += `${a} ${b} ${c} ${d} ${e} ${f}\n`;
  }
  return out;
}

function time(label: string, fn: () => unknown): { ms: number; result: unknown } {
  let result: unknown;
  for (let i = 0; i < WARMUP; i++) result = fn();
  const samples: number[] = [];
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    result = fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const ms = samples[Math.floor(samples.length / 2)];
  console.log(
    `${label.padEnd(34)} median ${ms.toFixed(2).padStart(7)} ms   min ${samples[0].toFixed(2).padStart(7)} ms`,
  );
  return { ms, result };
}

function main(): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flotilla-bench-render-'));
  try {
    mkdirSync(path.join(dir, 'templates'));
    writeFileSync(path.join(dir, 'templates', 'big.j2'), TEMPLATE);
    const templar = new Templar();
    const opts = { searchPath: [dir] };
    console.log(
      `template-render (${process.env.TEMPLAR_MODULE ?? 'src via tsx'}): ${ROWS} rows per render, ${N} renders after ${WARMUP} warm-up, load ${os.loadavg()[0].toFixed(1)}`,
    );
    // Interleave a little: the baselines run between flotilla's two measurements.
    const older = before ? new before() : undefined;
    const renderOlder = () => older?.render(TASK, hostVars(), opts);
    const flotilla = time('flotilla Templar.render', () => templar.render(TASK, hostVars(), opts));
    const old1 = older ? time('flotilla before (TEMPLAR_BEFORE)', renderOlder) : undefined;
    const stock = time('stock nunjucks Template.render', stockNunjucks());
    const js = time('plain JS string building', plainJs);
    const again = time('flotilla Templar.render (again)', () => templar.render(TASK, hostVars(), opts));
    const old2 = older ? time('flotilla before (again)', renderOlder) : undefined;
    const best = Math.min(flotilla.ms, again.ms);
    const jsLength = (js.result as string).length;
    console.log(`rendered length: flotilla ${String(flotilla.result)}, plain JS ${jsLength}`);
    if (old1 && old2) {
      if (old1.result !== flotilla.result)
        console.log(`note: the older build rendered length ${old1.result}`);
      console.log(`before / now:              ${(Math.min(old1.ms, old2.ms) / best).toFixed(2)}x faster now`);
    }
    console.log(`flotilla / stock nunjucks: ${(best / stock.ms).toFixed(2)}x the time`);
    console.log(`flotilla / plain JS:       ${(best / js.ms).toFixed(2)}x the time`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
