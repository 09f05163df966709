/**
 * Collects every error found while loading (validation reports all problems at once),
 * each with its file position, the offending source line and a hint.
 */
import { FlotillaError, FlotillaErrors, type SourceLocation } from '../errors/index.js';
import type { SourceFile } from '../yaml/source.js';

export class Diagnostics {
  readonly errors: FlotillaError[] = [];

  /** Records an error at `offset` (a character offset into `source`). */
  add(code: string, message: string, source: SourceFile, offset: number, hint?: string): void {
    const location = source.locate(offset);
    this.errors.push(
      new FlotillaError(code, message, { location, hint, sourceLine: source.lineText(location.line) }),
    );
  }

  /** Records an error with a known location and no source file (e.g. a missing file). */
  addAt(code: string, message: string, location: SourceLocation | undefined, hint?: string): void {
    this.errors.push(new FlotillaError(code, message, { location, hint }));
  }

  /** Throws all collected errors as one FlotillaErrors, if there are any. */
  throwIfAny(): void {
    if (this.errors.length > 0) throw new FlotillaErrors(this.sorted());
  }

  /** Errors in file order (files in the order first seen), then by line and column. */
  sorted(): FlotillaError[] {
    const fileRank = new Map<string | undefined, number>();
    for (const e of this.errors)
      if (!fileRank.has(e.location?.file)) fileRank.set(e.location?.file, fileRank.size);
    const rank = (e: FlotillaError) => [
      fileRank.get(e.location?.file) ?? 0,
      e.location?.line ?? 0,
      e.location?.col ?? 0,
    ];
    return [...this.errors].sort((a, b) => {
      const [ra, rb] = [rank(a), rank(b)];
      return ra[0] - rb[0] || ra[1] - rb[1] || ra[2] - rb[2];
    });
  }
}
