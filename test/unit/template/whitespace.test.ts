/**
 * Jinja2's whitespace handling around comments and the template module's options, with the
 * expected texts taken from Jinja2 3.1 (Environment(trim_blocks=True, lstrip_blocks=...)) and
 * Ansible 2.14's template module on the same sources.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Templar } from '../../../src/template/index.js';
import { tempDir } from '../../support/temp-dirs.js';

const SOURCES = [
  '{# c #}\nline\n',
  'a\n  {# c #}\nb\n',
  'x {# c #}\ny\n',
  '{% if true %}\n  {# c #}\n  v\n{% endif %}\n',
];

function file(text: string): string {
  const f = path.join(tempDir('flt-ws-'), 't.j2');
  writeFileSync(f, text);
  return f;
}

describe('comments and trim_blocks / lstrip_blocks', () => {
  it('drops the newline after a comment, as after a block (trim_blocks)', () => {
    const t = new Templar();
    // Jinja's results, plus the trailing newline Ansible preserves.
    expect(SOURCES.map((s) => t.render(s, {}))).toEqual(['line\n', 'a\n  b\n', 'x y\n', '    v\n']);
  });

  it('strips the indentation before a comment or block with lstrip_blocks', () => {
    const t = new Templar();
    const rendered = SOURCES.map((s) => t.renderFile(file(s), {}, { lstripBlocks: true }));
    expect(rendered).toEqual(['line\n', 'a\nb\n', 'x y\n', '  v\n']);
  });

  it('takes trim_blocks and lstrip_blocks from a #jinja2: first line', () => {
    const t = new Templar();
    const src = '#jinja2: trim_blocks: False, lstrip_blocks: True\n{% if true %}\n  x\n  {% endif %}\n';
    expect(t.renderFile(file(src), {})).toBe('\n  x\n');
    expect(() => t.renderFile(file('#jinja2: trim_blocks=False\nx\n'), {})).toThrow(
      /failed to parse jinja2 override/,
    );
  });
});
