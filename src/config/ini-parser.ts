/**
 * ansible.cfg's syntax: Python's configparser.ConfigParser(inline_comment_prefixes=(';',)),
 * which Ansible's ConfigManager reads it with. Keys are lowercased; section names are not. A
 * line starting with `#` or `;` is a comment, and so is `;` after whitespace; a line indented
 * deeper than its option's continues the value. Errors carry Python's messages.
 */

import { pythonStrRepr } from '../python/repr.js';
import { PY_WHITESPACE, pyRstrip, pyStrip } from '../python/whitespace.js';

export class IniSyntaxError extends Error {}

/** section -> option -> value (raw: no `%(name)s` interpolation, as Ansible reads it). */
export type IniSections = Map<string, Map<string, string>>;

/** configparser's DEFAULTSECT: its options are every section's fallbacks. */
const DEFAULT_SECTION = 'DEFAULT';
const SECTION_HEADER = /^\[(.+)\]/s;
const WS = PY_WHITESPACE;
const OPTION_LINE = new RegExp(`^(.*?)${WS}*([=:])${WS}*(.*)$`, 's');
const IS_WS = new RegExp(`^${WS}$`);
const NON_WS = new RegExp(`[^${WS.slice(1, -1)}]`);

/** Where an inline `;` comment starts: at column 0 or after whitespace. */
function inlineCommentStart(line: string): number | undefined {
  for (let i = line.indexOf(';'); i !== -1; i = line.indexOf(';', i + 1))
    if (i === 0 || IS_WS.test(line[i - 1])) return i;
  return undefined;
}

/** The lines of io.StringIO(text): each with its '\\n' (only '\\n' ends one). */
function lines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

export function parseIni(text: string): IniSections {
  const sections: IniSections = new Map();
  const defaults = new Map<string, string[]>();
  const raw = new Map<string, Map<string, string[]>>();
  const added = new Set<string>();
  const errors: string[] = [];
  let current: Map<string, string[]> | undefined;
  let sectionName = '';
  let option: string | undefined;
  let indentLevel = 0;
  for (const [index, line] of lines(text).entries()) {
    const lineno = index + 1;
    let commentStart = inlineCommentStart(line);
    const stripped = pyStrip(line);
    if (stripped.startsWith('#') || stripped.startsWith(';')) commentStart = 0;
    const value = pyStrip(line.slice(0, commentStart));
    if (!value) {
      // A blank line (not a comment) belongs to a value continued after it.
      if (commentStart === undefined && current && option) current.get(option)?.push('');
      continue;
    }
    const indent = line.search(NON_WS);
    if (current && option && indent > indentLevel) {
      current.get(option)?.push(value);
      continue;
    }
    indentLevel = indent;
    const header = SECTION_HEADER.exec(value);
    if (header) {
      sectionName = header[1];
      if (sectionName === DEFAULT_SECTION) current = defaults;
      else {
        if (added.has(sectionName))
          throw new IniSyntaxError(
            `While reading from '<string>' [line ${String(lineno).padStart(2)}]: section ${pythonStrRepr(sectionName)} already exists`,
          );
        current = raw.get(sectionName) ?? new Map();
        raw.set(sectionName, current);
        added.add(sectionName);
      }
      option = undefined;
      continue;
    }
    if (!current)
      throw new IniSyntaxError(
        `File contains no section headers.\nfile: '<string>', line: ${lineno}\n${pythonStrRepr(line)}`,
      );
    const opt = OPTION_LINE.exec(value);
    if (!opt?.[1]) {
      errors.push(`\n\t[line ${String(lineno).padStart(2)}]: ${pythonStrRepr(line)}`);
      if (!opt) continue;
    }
    option = pyRstrip(opt[1]).toLowerCase();
    const key = `${sectionName}\0${option}`;
    if (added.has(key))
      throw new IniSyntaxError(
        `While reading from '<string>' [line ${String(lineno).padStart(2)}]: option ${pythonStrRepr(option)} in section ${pythonStrRepr(sectionName)} already exists`,
      );
    added.add(key);
    current.set(option, [pyStrip(opt[3])]);
  }
  if (errors.length) throw new IniSyntaxError(`Source contains parsing errors: '<string>'${errors.join('')}`);
  const join = (parts: string[]) => pyRstrip(parts.join('\n'));
  for (const [name, options] of raw) {
    const out = new Map<string, string>();
    for (const [k, v] of options) out.set(k, join(v));
    for (const [k, v] of defaults) if (!out.has(k)) out.set(k, join(v));
    sections.set(name, out);
  }
  return sections;
}
