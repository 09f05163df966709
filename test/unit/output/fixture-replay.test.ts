/**
 * Replays events captured from a real ansible-playbook 2.14 run (see
 * test/fixtures/output/capture.sh) through our reporter and compares the text byte for byte.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../src/output/events.js';
import { createReporter } from '../../../src/output/reporter.js';
import { computeStats } from '../../../src/output/stats.js';

const dir = fileURLToPath(new URL('../../fixtures/output/', import.meta.url));

function loadEvents(name: string): RunEvent[] {
  return readFileSync(`${dir}${name}.events.jsonl`, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as RunEvent);
}

function render(events: RunEvent[], verbosity: number): { out: string; err: string } {
  let out = '';
  let err = '';
  const reporter = createReporter({
    kind: 'default',
    verbosity,
    write: (s) => (out += s),
    writeErr: (s) => (err += s),
    isTTY: false,
    color: false,
  });
  for (const e of events) reporter.handle(e);
  reporter.close();
  return { out, err };
}

/** Ansible's own preamble at -v (config file note) is not ours to print. */
function ansibleStdout(name: string): string {
  return readFileSync(`${dir}${name}.stdout.txt`, 'utf8').replace(
    /^No config file found; using defaults\n/,
    '',
  );
}

describe.each([
  ['basic', 0],
  ['fatal', 0],
  ['allfail', 0],
  ['verbose', 1],
])('replay of %s (verbosity %i)', (name, verbosity) => {
  const events = loadEvents(name);

  it('prints exactly what ansible-playbook printed', () => {
    expect(render(events, verbosity).out).toBe(ansibleStdout(name));
  });

  it('computes the same recap stats as Ansible', () => {
    const recap = events.find((e) => e.type === 'recap');
    expect(recap).toBeDefined();
    expect(computeStats(events)).toEqual((recap as Extract<RunEvent, { type: 'recap' }>).stats);
  });
});
