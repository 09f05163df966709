/**
 * One error class for the whole project. Callers match on `code`, never on message text.
 * Codes are `FLT_<AREA>_<WHAT>`. Errors cross the worker boundary as plain data
 * (structured clone drops subclass and custom fields): use toErrorData / fromErrorData.
 */
export interface SourceLocation {
  file: string;
  line: number; // 1-based
  col: number; // 1-based
}

export interface FlotillaErrorOptions {
  location?: SourceLocation;
  hint?: string;
  host?: string;
  cause?: unknown;
  /** The offending source line, shown under the message. */
  sourceLine?: string;
}

export class FlotillaError extends Error {
  readonly code: string;
  readonly location?: SourceLocation;
  readonly hint?: string;
  readonly host?: string;
  readonly sourceLine?: string;

  constructor(code: string, message: string, options: FlotillaErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FlotillaError';
    this.code = code;
    this.location = options.location;
    this.hint = options.hint;
    this.host = options.host;
    this.sourceLine = options.sourceLine;
  }
}

/** Plain, structured-clone-safe form of an error. */
export interface ErrorData {
  code: string;
  message: string;
  hint?: string;
  host?: string;
  location?: SourceLocation;
  sourceLine?: string;
}

export function toErrorData(err: unknown): ErrorData {
  if (err instanceof FlotillaError) {
    return {
      code: err.code,
      message: err.message,
      hint: err.hint,
      host: err.host,
      location: err.location,
      sourceLine: err.sourceLine,
    };
  }
  if (err && typeof err === 'object' && 'code' in err && 'message' in err) {
    const e = err as { code: unknown; message: unknown };
    if (typeof e.code === 'string' && e.code.startsWith('FLT_')) {
      return { code: e.code, message: String(e.message) };
    }
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'FLT_INTERNAL', message };
}

export function fromErrorData(data: ErrorData): FlotillaError {
  return new FlotillaError(data.code, data.message, {
    hint: data.hint,
    host: data.host,
    location: data.location,
    sourceLine: data.sourceLine,
  });
}

/**
 * A message and its hint as one line (a result's `msg`): "…: Connection timed out. Hint: …".
 */
export function withHint(message: string, hint: string | undefined): string {
  if (!hint) return message;
  return `${message}${/[.!?:]$/.test(message) ? '' : '.'} Hint: ${hint}`;
}

/**
 * Renders `file:line:col: message`, the offending line with a caret, and the hint.
 */
export function formatError(err: FlotillaError | ErrorData): string {
  const where = err.location ? `${err.location.file}:${err.location.line}:${err.location.col}: ` : '';
  const lines = [`ERROR! ${where}${err.message}`];
  if (err.sourceLine !== undefined && err.location) {
    lines.push('', `    ${err.sourceLine}`, `    ${' '.repeat(Math.max(0, err.location.col - 1))}^ here`);
  }
  if (err.hint) lines.push('', `Hint: ${err.hint}`);
  return lines.join('\n');
}

/** Several errors found in one pass (validation collects every error in a file). */
export class FlotillaErrors extends FlotillaError {
  readonly errors: FlotillaError[];
  constructor(errors: FlotillaError[]) {
    super(errors[0]?.code ?? 'FLT_INTERNAL', `${errors.length} error(s): ${errors[0]?.message ?? ''}`);
    this.errors = errors;
  }
}
