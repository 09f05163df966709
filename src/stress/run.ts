import type { Worker } from 'node:worker_threads';
import { closestMatch, FlotillaError } from '../errors/index.js';
import { resolveWorkerEntry, startWorker } from '../pool/worker-entry.js';
import { createBarrier } from './barrier.js';
import { Histogram } from './histogram.js';
import { resolveLabTargets } from './lab-targets.js';
import { SCENARIOS } from './scenarios/index.js';
import type { RunSettings, Scenario, StressOptions, StressReport, WorkerResult } from './types.js';
import type { StressWorkerInput, StressWorkerOutput } from './worker-main.js';

export type { StressOptions, StressReport } from './types.js';

export const STRESS_DEFAULTS = { threads: 4, iterations: 20_000, seed: 1, hosts: 8 } as const;

/** Names of the scenarios `flotilla stress` accepts. */
export function stressScenarioNames(): string[] {
  return [...SCENARIOS.keys()];
}

/**
 * Runs one scenario on `threads` real worker threads released together by a start barrier,
 * then lets the scenario judge the shared state. The CLI maps the report to an exit code.
 */
export async function runStress(opts: StressOptions): Promise<StressReport> {
  const scenario = SCENARIOS.get(opts.scenario);
  if (!scenario) {
    const near = closestMatch(opts.scenario, SCENARIOS.keys());
    throw new FlotillaError('FLT_STRESS_SCENARIO', `unknown stress scenario "${opts.scenario}"`, {
      hint: near ? `did you mean "${near}"?` : `choose one of: ${stressScenarioNames().join(', ')}`,
    });
  }
  const settings = validate(opts, scenario);
  const data = scenario.setup(settings);
  const barrier = createBarrier();
  const entry = resolveWorkerEntry('stress-worker');
  const workers: Worker[] = [];
  try {
    const outputs = await Promise.all(
      Array.from({ length: settings.threads }, (_, index) => {
        const input: StressWorkerInput = { scenario: scenario.name, settings, index, data, barrier };
        const worker = startWorker(entry, { workerData: input });
        workers.push(worker);
        return collect(worker);
      }),
    );
    // Racing time only: from the barrier's release to the last worker's end (not thread start-up).
    const durationMs =
      Math.max(...outputs.map((o) => o.finishedAt)) - Math.min(...outputs.map((o) => o.startedAt));
    const results: WorkerResult[] = outputs.map((o) => o.result);
    const waits = new Histogram();
    for (const o of outputs) waits.merge(o.waits);
    const verdict = scenario.verify(settings, data, results);
    return {
      scenario: scenario.name,
      mode: settings.mode,
      threads: settings.threads,
      iterations: settings.iterations,
      hosts: settings.hosts,
      transport: settings.transport,
      violations: verdict.violations,
      durationMs: Math.round(durationMs),
      metrics: {
        ...verdict.metrics,
        // Only scenarios that time their acquisitions fill the histogram.
        ...(waits.total > 0 ? { waitP50Us: waits.percentile(50), waitP99Us: waits.percentile(99) } : {}),
      },
    };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

function collect(worker: Worker): Promise<StressWorkerOutput> {
  return new Promise((resolve, reject) => {
    let output: StressWorkerOutput | undefined;
    // Resolve on the result, not on exit: a naive scenario may leave sockets open on purpose
    // (a leak), which keeps the worker alive; runStress terminates every worker afterwards.
    worker.once('message', (m: StressWorkerOutput) => {
      output = m;
      resolve(m);
    });
    worker.once('error', (err) =>
      reject(new FlotillaError('FLT_STRESS_WORKER', `stress worker failed: ${err.message}`, { cause: err })),
    );
    worker.once('exit', (code) => {
      if (output) resolve(output);
      else
        reject(
          new FlotillaError('FLT_STRESS_WORKER', `stress worker exited (code ${code}) without a result`),
        );
    });
  });
}

function validate(opts: StressOptions, scenario: Scenario): RunSettings {
  const positive = (name: string, v: number | undefined, fallback: number): number => {
    const n = v ?? fallback;
    if (!Number.isInteger(n) || n < 1) {
      throw new FlotillaError(
        'FLT_STRESS_OPTION',
        `stress option ${name} must be a positive integer, got ${v}`,
      );
    }
    return n;
  };
  if (opts.mode !== 'naive' && opts.mode !== 'safe') {
    throw new FlotillaError('FLT_STRESS_OPTION', `stress mode must be "naive" or "safe", got "${opts.mode}"`);
  }
  const transport = opts.transport ?? 'sim';
  if (transport !== 'sim' && transport !== 'ssh') {
    throw new FlotillaError(
      'FLT_STRESS_OPTION',
      `stress transport must be "sim" or "ssh", got "${transport}"`,
    );
  }
  const defaults = scenario.defaults ?? {};
  const threads = positive('threads', opts.threads, defaults.threads ?? STRESS_DEFAULTS.threads);
  const targets = resolveLabTargets({
    transport,
    hosts: opts.hosts === undefined ? undefined : positive('hosts', opts.hosts, 1),
    defaultHosts: defaults.hosts ?? STRESS_DEFAULTS.hosts,
    inventory: opts.inventory,
  });
  return {
    mode: opts.mode,
    threads,
    iterations: positive('iterations', opts.iterations, defaults.iterations ?? STRESS_DEFAULTS.iterations),
    permits: positive('permits', opts.permits, Math.max(1, Math.floor(threads / 2))),
    seed: opts.seed ?? STRESS_DEFAULTS.seed,
    hosts: targets.length,
    transport,
    targets,
  };
}
