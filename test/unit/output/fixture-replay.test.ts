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

function render(events: RunEvent[], verbosity: number, color = false): { out: string; err: string } {
  let out = '';
  let err = '';
  const reporter = createReporter({
    kind: 'default',
    verbosity,
    write: (s) => (out += s),
    writeErr: (s) => (err += s),
    isTTY: false,
    color,
  });
  for (const e of events) reporter.handle(e);
  reporter.close();
  return { out, err };
}

/**
 * Ansible's own preamble at -v/-vv (version, config file, callback loading, "N plays in")
 * comes from its CLI, not from the callback: not ours to print.
 */
function ansibleStdout(name: string): string {
  const text = readFileSync(`${dir}${name}.stdout.txt`, 'utf8');
  const start = text.search(/\n(PLAYBOOK: |PLAY )/);
  return text.slice(start).replace(/^\d+ plays? in .*\n/m, '');
}

describe.each([
  ['basic', 0],
  ['fatal', 0],
  ['allfail', 0],
  ['verbose', 1],
  ['extra', 0],
  ['extra_v2', 2],
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

describe('replay with colour', () => {
  it('colours lines and the recap as Ansible does on a terminal', () => {
    const out = render(loadEvents('color'), 0, true).out;
    expect(out).toBe(ansibleStdout('color'));
    expect(out).toContain('\u001b[1;31mfatal: [down]: UNREACHABLE!');
  });
});

describe('warnings and deprecations from results', () => {
  it('go to stderr, wrapped as Ansible wraps them', () => {
    const err = render(loadEvents('extra'), 0).err;
    // The host-pattern warning comes from Ansible's inventory, not from a result event.
    const expected = readFileSync(`${dir}extra.stderr.txt`, 'utf8').replace(
      /\[WARNING\]: Could not match supplied host pattern.*\n/,
      '',
    );
    expect(err).toBe(expected);
    expect(err).toContain('from \nansible-core in version 2.99.');
  });
});
