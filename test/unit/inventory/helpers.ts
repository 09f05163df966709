import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../../support/temp-dirs.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/inventory');

/** Writes files (path -> content) under a fresh temp dir and returns the dir. */
export function tempTree(files: Record<string, string>): string {
  const dir = tempDir('flotilla-inv-');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** Catches a thrown error so tests can assert on its code and location. */
export function thrown(fn: () => unknown): {
  code?: string;
  message: string;
  location?: unknown;
  hint?: string;
} {
  try {
    fn();
  } catch (err) {
    return err as { code?: string; message: string };
  }
  throw new Error('expected an error');
}
