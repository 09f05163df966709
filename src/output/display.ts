/**
 * The text primitives of Ansible's utils/display.py: display, banner, warning,
 * deprecated, error. One instance per reporter (no global state).
 */
import { COLOR, type ColorCode, Palette } from './colors.js';
import { wrapText } from './text-wrap.js';

export interface DisplayOptions {
  write: (s: string) => void;
  /** Warnings and errors go here, as Ansible sends them to stderr. Defaults to `write`. */
  writeErr?: (s: string) => void;
  color: boolean;
  /** Ansible: `max(79, terminal width - 1)`; 79 when not a TTY. */
  columns?: number;
}

export class Display {
  readonly palette: Palette;
  readonly columns: number;
  private readonly write: (s: string) => void;
  private readonly writeErr: (s: string) => void;
  private readonly warned = new Set<string>();

  constructor(opts: DisplayOptions) {
    this.palette = new Palette(opts.color);
    this.columns = Math.max(79, opts.columns ?? 79);
    this.write = opts.write;
    this.writeErr = opts.writeErr ?? opts.write;
  }

  /** One message and a newline; a single trailing newline in `msg` is not doubled. */
  display(msg: string, color?: ColorCode, stderr = false): void {
    const body = msg.endsWith('\n') ? msg.slice(0, -1) : msg;
    const text = this.palette.paint(body, color) + '\n';
    if (stderr) this.writeErr(text);
    else this.write(text);
  }

  /** `\nMSG ****`: stars fill up to `columns` (at least 3), so the line is columns + 1 wide. */
  banner(msg: string, color?: ColorCode): void {
    const text = msg.trim();
    const stars = Math.max(3, this.columns - textWidth(text));
    this.display(`\n${text} ${'*'.repeat(stars)}`, color);
  }

  /** `[WARNING]: ...` wrapped to the terminal width, each distinct text once. */
  warning(msg: string): void {
    const text = wrapText(`[WARNING]: ${msg}`, this.columns).join('\n') + '\n';
    if (this.warned.has(text)) return;
    this.warned.add(text);
    this.display(text, COLOR.warn, true);
  }

  /**
   * `[DEPRECATION WARNING]: …` on stderr, each distinct text once; `everyTime` (one from a
   * host's task) is shown each time unless the same text was shown once already.
   */
  deprecated(msg: string, version?: string, date?: string, collection?: string, everyTime = false): void {
    let text = msg.trim();
    if (text && !['!', '?', '.'].includes(text[text.length - 1])) text += '.';
    const from = collection ? `from ${collection === 'ansible.builtin' ? 'ansible-core' : collection}` : '';
    const when = date
      ? `in a release after ${date}.`
      : version
        ? `in version ${version}.`
        : 'in a future release.';
    const help = 'Deprecation warnings can be disabled by setting deprecation_warnings=False in ansible.cfg.';
    const full = [`[DEPRECATION WARNING]: ${text}`, 'This feature will be removed', from, when, help]
      .filter((f) => f)
      .join(' ');
    const wrapped = wrapText(full, this.columns, false).join('\n') + '\n';
    if (this.warned.has(wrapped)) return;
    // A forked Ansible worker knows what the main process printed, never what other workers did.
    if (!everyTime) this.warned.add(wrapped);
    this.display(wrapped.trim(), COLOR.deprecate, true);
  }

  /** `[ERROR]: ...` on stderr, as Ansible's display.error (note its leading space). */
  error(msg: string): void {
    this.display(wrapText(`\n[ERROR]: ${msg}`, this.columns).join('\n') + '\n', COLOR.error, true);
  }
}

/** Terminal cells: wide (CJK, emoji) characters count 2, combining marks 0. */
export function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (/\p{Mn}|\p{Me}/u.test(ch) || code === 0x200b) continue;
    width += isWide(code) ? 2 : 1;
  }
  return width;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}
