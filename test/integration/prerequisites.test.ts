/**
 * This machine has what scripts/system-packages.txt lists for the suite: every package at its
 * version, every command from its package, every collection and Python module. (The manifest's
 * own logic is unit-tested in test/unit/scripts/system-packages.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { checkPrerequisites } from '../../scripts/system-packages.mjs';

describe('scripts/system-packages.txt on this machine', () => {
  it('is what this machine has: every package, command and collection it lists', () => {
    expect(checkPrerequisites('test').problems).toEqual([]);
  });
});
