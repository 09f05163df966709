import { describe, expect, it } from 'vitest';
import {
  BASE_BYTES,
  connectionsForMemory,
  formatMemorySize,
  memoryTarget,
  PER_CONNECTION_BYTES,
  parseMemorySize,
} from '../../../src/connection/memory-budget.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

describe('the memory target and the connections it leaves room for', () => {
  it('reads sizes with units, a bare number being MiB', () => {
    expect(parseMemorySize('1G', 'x')).toBe(GiB);
    expect(parseMemorySize('1.5g', 'x')).toBe(1.5 * GiB);
    expect(parseMemorySize('768M', 'x')).toBe(768 * MiB);
    expect(parseMemorySize('768MiB', 'x')).toBe(768 * MiB);
    expect(parseMemorySize(' 2048 ', 'x')).toBe(2048 * MiB);
    expect(parseMemorySize('1048576k', 'x')).toBe(GiB);
  });

  it('refuses what is not a size, or too small to run at all, naming the source', () => {
    for (const bad of ['', 'lots', '1X', '-1G', '10M']) {
      expect(() => parseMemorySize(bad, '--memory-target')).toThrow(
        /--memory-target ".*" is not a memory size/,
      );
    }
  });

  it('takes the flag, else FLOTILLA_MEMORY_TARGET, else a quarter of RAM at most 1 GiB', () => {
    expect(memoryTarget('512M', { FLOTILLA_MEMORY_TARGET: '2G' }, 64 * GiB)).toBe(512 * MiB);
    expect(memoryTarget(undefined, { FLOTILLA_MEMORY_TARGET: '2G' }, 64 * GiB)).toBe(2 * GiB);
    expect(memoryTarget(undefined, {}, 64 * GiB)).toBe(GiB);
    expect(memoryTarget(undefined, { FLOTILLA_MEMORY_TARGET: '' }, 2 * GiB)).toBe(GiB / 2);
    expect(() => memoryTarget(undefined, { FLOTILLA_MEMORY_TARGET: 'big' })).toThrow(
      /FLOTILLA_MEMORY_TARGET/,
    );
  });

  it('fits connections next to the fixed base, at least 8', () => {
    expect(connectionsForMemory(BASE_BYTES + 100 * PER_CONNECTION_BYTES)).toBe(100);
    expect(connectionsForMemory(BASE_BYTES + 100.5 * PER_CONNECTION_BYTES)).toBe(100);
    expect(connectionsForMemory(64 * MiB)).toBe(8);
    expect(connectionsForMemory(2 * GiB)).toBeGreaterThan(connectionsForMemory(GiB));
  });

  it('formats sizes for messages', () => {
    expect(formatMemorySize(GiB)).toBe('1 GiB');
    expect(formatMemorySize(768 * MiB)).toBe('768 MiB');
  });
});
