/**
 * Collects every error found while loading (validation reports all problems at once),
 * each with its file position, the offending source line and a hint.
 */
import { FlotillaError, FlotillaErrors, type SourceLocation } from '../errors/index.js';
import type { SourceFile } from './yaml-source.js';

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
    if (this.errors.length > 0) throw new FlotillaErrors(this.errors);
  }
}
