/**
 * Ansible's terminal colours (ansible/utils/color.py and the COLOR_* defaults).
 * A Palette is created per reporter: colour is decided once from TTY + env.
 */
import type { HostStats } from './events.js';

const CODES = {
  green: '0;32',
  yellow: '0;33',
  red: '0;31',
  cyan: '0;36',
  brightRed: '1;31',
  brightPurple: '1;35',
  purple: '0;35',
  darkGray: '1;30',
  blue: '0;34',
} as const;

/** Ansible's default colour per kind of message. */
export const COLOR = {
  ok: CODES.green,
  changed: CODES.yellow,
  error: CODES.red,
  skip: CODES.cyan,
  unreachable: CODES.brightRed,
  warn: CODES.brightPurple,
  deprecate: CODES.purple,
  debug: CODES.darkGray,
  verbose: CODES.blue,
} as const;

export type ColorCode = (typeof COLOR)[keyof typeof COLOR];

export class Palette {
  constructor(readonly enabled: boolean) {}

  /** `stringc`: colours each line separately, as Ansible does. */
  paint(text: string, color: ColorCode | undefined): string {
    if (!this.enabled || color === undefined) return text;
    return text
      .split('\n')
      .map((line) => `\u001b[${color}m${line}\u001b[0m`)
      .join('\n');
  }

  /** `colorize`: `lead=num` padded to 4, coloured only when non-zero. */
  stat(lead: string, num: number, color: ColorCode | undefined): string {
    const s = `${lead}=${String(num).padEnd(4)}`;
    return num !== 0 && color !== undefined ? this.paint(s, color) : s;
  }

  /** `hostcolor`: Ansible pads the coloured name to 37 (escape codes included), plain to 26. */
  host(host: string, stats: HostStats): string {
    if (!this.enabled) return host.padEnd(26);
    let color: ColorCode = COLOR.ok;
    if (stats.failed !== 0 || stats.unreachable !== 0) color = COLOR.error;
    else if (stats.changed !== 0) color = COLOR.changed;
    return this.paint(host, color).padEnd(37);
  }
}

/** Colour only on a TTY, and never when NO_COLOR or ANSIBLE_NOCOLOR is set. */
export function shouldUseColor(isTTY: boolean, env: Record<string, string | undefined>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const nocolor = env.ANSIBLE_NOCOLOR;
  if (nocolor !== undefined && !['', '0', 'false', 'no', 'off'].includes(nocolor.toLowerCase())) return false;
  return isTTY;
}
