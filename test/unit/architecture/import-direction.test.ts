/**
 * The rooms of src/ import each other in one direction (docs/architecture.md): no two
 * folders import each other, no file-level cycle of value imports, and nothing outside
 * src/template/ reaches past its public index. `import type` edges vanish at run time and
 * are not counted.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve('src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Each file's value imports of other src/ files. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const deps: string[] = [];
    for (const m of readFileSync(file, 'utf8').matchAll(
      /^(?:import|export)\s+(type\s+)?[^'";]*?from\s+'(\.[^']+)'/gm,
    )) {
      if (!m[1]) deps.push(path.resolve(path.dirname(file), m[2] as string).replace(/\.js$/, '.ts'));
    }
    graph.set(file, deps);
  }
  return graph;
}

const folderOf = (file: string) => path.relative(SRC, file).split(path.sep)[0] as string;

describe('import direction', () => {
  const graph = importGraph();

  it('no two folders import each other', () => {
    const edges = new Set<string>();
    for (const [file, deps] of graph)
      for (const dep of deps)
        if (folderOf(file) !== folderOf(dep)) edges.add(`${folderOf(file)} -> ${folderOf(dep)}`);
    const both = [...edges].filter((e) => {
      const [a, b] = e.split(' -> ');
      return (a as string) < (b as string) && edges.has(`${b} -> ${a}`);
    });
    expect(both).toEqual([]);
  });

  it('no file imports itself back through others', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, trail: string[]) => {
      state.set(file, 'open');
      for (const dep of graph.get(file) ?? []) {
        if (!graph.has(dep)) continue;
        if (state.get(dep) === 'open')
          cycles.push(
            [...trail.slice(trail.indexOf(dep)), dep].map((f) => path.relative(SRC, f)).join(' -> '),
          );
        else if (!state.has(dep)) visit(dep, [...trail, dep]);
      }
      state.set(file, 'done');
    };
    for (const file of graph.keys()) if (!state.has(file)) visit(file, [file]);
    expect(cycles).toEqual([]);
  });

  it('other rooms use src/template only through its index', () => {
    const reaching = [...graph]
      .filter(([file]) => folderOf(file) !== 'template')
      .flatMap(([file, deps]) =>
        deps
          .filter(
            (d) => folderOf(d) === 'template' && path.relative(SRC, d) !== path.join('template', 'index.ts'),
          )
          .map((d) => `${path.relative(SRC, file)} -> ${path.relative(SRC, d)}`),
      );
    expect(reaching).toEqual([]);
  });
});
