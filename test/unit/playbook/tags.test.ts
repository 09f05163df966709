import { describe, expect, it } from 'vitest';
import { taskMatchesTags } from '../../../src/playbook/tags.js';

describe('taskMatchesTags', () => {
  it('runs everything but never-tagged tasks by default', () => {
    expect(taskMatchesTags([], [], [])).toBe(true);
    expect(taskMatchesTags(['web'], [], [])).toBe(true);
    expect(taskMatchesTags(['never'], [], [])).toBe(false);
    expect(taskMatchesTags(['never', 'debug'], ['all'], [])).toBe(false);
  });

  it('selects by tag, with always and never', () => {
    expect(taskMatchesTags(['web'], ['web'], [])).toBe(true);
    expect(taskMatchesTags(['db'], ['web'], [])).toBe(false);
    expect(taskMatchesTags(['always'], ['web'], [])).toBe(true);
    expect(taskMatchesTags(['never', 'debug'], ['debug'], [])).toBe(true);
  });

  it('handles tagged and untagged', () => {
    expect(taskMatchesTags(['x'], ['tagged'], [])).toBe(true);
    expect(taskMatchesTags([], ['tagged'], [])).toBe(false);
    expect(taskMatchesTags([], ['untagged'], [])).toBe(true);
    expect(taskMatchesTags(['x'], ['untagged'], [])).toBe(false);
    expect(taskMatchesTags(['x'], [], ['tagged'])).toBe(false);
    expect(taskMatchesTags([], [], ['tagged'])).toBe(true);
  });

  it('skips by tag; skip all spares always unless always is skipped too', () => {
    expect(taskMatchesTags(['web'], [], ['web'])).toBe(false);
    expect(taskMatchesTags(['always'], [], ['all'])).toBe(true);
    expect(taskMatchesTags(['always'], [], ['all', 'always'])).toBe(false);
    expect(taskMatchesTags(['always'], ['web'], ['always'])).toBe(false);
    expect(taskMatchesTags(['web'], [], ['all'])).toBe(false);
  });
});
