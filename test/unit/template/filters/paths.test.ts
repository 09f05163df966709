import { homedir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { makeRender } from '../helpers.js';

const render = makeRender();

describe('path filters', () => {
  it.each([
    ["{{ '/a/b/c.txt' | basename }}", 'c.txt'],
    ["{{ '/a/b/c.txt' | dirname }}", '/a/b'],
    ["{{ '/a/b/' | dirname }}", '/a/b'],
    ["{{ '/x' | dirname }}", '/'],
    // A tuple: Ansible's result is its text, which literal_eval does not read back.
    ["{{ 'a.b.c' | splitext }}", "('a.b', '.c')"],
    ["{{ '.bashrc' | splitext }}", "('.bashrc', '')"],
    ["{{ '/tmp/../etc' | realpath }}", '/etc'],
    ["{{ ['a', 'b/c'] | path_join }}", 'a/b/c'],
  ])('%s', (template, expected) => {
    expect(render(template)).toEqual(expected);
  });

  it('expanduser expands a leading ~ only', () => {
    expect(render("{{ '~/x' | expanduser }}")).toBe(`${homedir()}/x`);
    expect(render("{{ 'a/~' | expanduser }}")).toBe('a/~');
  });
});
