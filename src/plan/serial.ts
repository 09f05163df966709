import { FlotillaError } from '../errors/index.js';

/**
 * Cuts a play's hosts into batches as Ansible's `serial` does: an integer, a percentage
 * ("30%") or a list of them; the last value repeats until every host is in a batch.
 */
export function serialBatches(hosts: string[], serial: unknown): string[][] {
  if (serial === undefined || serial === null || hosts.length === 0) return hosts.length ? [hosts] : [];
  const steps = (Array.isArray(serial) ? serial : [serial]).map((s) => batchSize(s, hosts.length));
  if (steps.length === 0) return [hosts];
  const batches: string[][] = [];
  let start = 0;
  let i = 0;
  while (start < hosts.length) {
    const size = steps[Math.min(i, steps.length - 1)];
    batches.push(hosts.slice(start, start + size));
    start += size;
    i++;
  }
  return batches;
}

function batchSize(value: unknown, total: number): number {
  let size: number;
  if (typeof value === 'number') size = value;
  else if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*%\s*$/.test(value)) {
    size = Math.floor((Number.parseFloat(value) / 100) * total);
  } else if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) size = Number(value);
  else {
    throw new FlotillaError('FLT_PLAN_SERIAL', `invalid serial value ${JSON.stringify(value)}`, {
      hint: 'serial takes an integer, a percentage such as "30%", or a list of them',
    });
  }
  // Ansible: a batch is never empty, and 0 means all hosts.
  if (size <= 0) size = value === 0 || value === '0' ? total : 1;
  return Math.min(size, total);
}
