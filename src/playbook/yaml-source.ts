/**
 * A YAML file parsed with positions. YAML 1.1 is used because Ansible (PyYAML) reads
 * `yes`/`no`/`on`/`off` as booleans and `0644` as octal.
 */
import { type Document, LineCounter, parseDocument } from 'yaml';
import type { SourceLocation } from '../errors/index.js';
import { readControllerText } from '../vault/secrets.js';
import { TOO_DEEP_HINT, TOO_DEEP_MESSAGE, tooDeepFlowAt } from '../yaml/nesting.js';
import { PYYAML_OPTIONS, withoutBom } from '../yaml/pyyaml.js';
import type { Diagnostics } from './diagnostics.js';
import { yamlSyntaxHint } from './yaml-hints.js';

export class SourceFile {
  readonly lines: string[];
  constructor(
    /** The path as given by the caller (shown in error messages). */
    readonly file: string,
    readonly text: string,
    private readonly lineCounter: LineCounter,
  ) {
    this.lines = text.split(/\r?\n/);
  }

  locate(offset: number): SourceLocation {
    const pos = this.lineCounter.linePos(Math.max(0, Math.min(offset, this.text.length)));
    return { file: this.file, line: pos.line, col: pos.col };
  }

  lineText(line: number): string {
    return this.lines[line - 1] ?? '';
  }
}

export interface ParsedYaml {
  source: SourceFile;
  doc: Document.Parsed;
}

/**
 * Reads and parses `file`. Syntax errors are added to `diag` (with Ansible-like hints)
 * and the result is undefined when the document cannot be trusted.
 */
export function parseYamlFile(file: string, diag: Diagnostics): ParsedYaml | undefined {
  let text: string;
  try {
    text = readControllerText(file);
  } catch (err) {
    diag.addAt('FLT_PLAYBOOK_NOT_FOUND', `could not read "${file}": ${(err as Error).message}`, undefined);
    return undefined;
  }
  return parseYamlText(file, text, diag);
}

export function parseYamlText(file: string, raw: string, diag: Diagnostics): ParsedYaml | undefined {
  const text = withoutBom(raw);
  const lineCounter = new LineCounter();
  const deep = tooDeepFlowAt(text);
  if (deep !== undefined) {
    lineCounter.addNewLine(0);
    for (let i = text.indexOf('\n'); i >= 0 && i < deep; i = text.indexOf('\n', i + 1))
      lineCounter.addNewLine(i + 1);
    const source = new SourceFile(file, text, lineCounter);
    diag.add(
      'FLT_PLAYBOOK_YAML',
      `Syntax Error while loading YAML: ${TOO_DEEP_MESSAGE}`,
      source,
      deep,
      TOO_DEEP_HINT,
    );
    return undefined;
  }
  const doc = parseDocument(text, { ...PYYAML_OPTIONS, lineCounter, uniqueKeys: false, prettyErrors: false });
  const source = new SourceFile(file, text, lineCounter);
  for (const err of doc.errors) {
    const offset = err.pos[0];
    const location = source.locate(offset);
    const line = source.lineText(location.line);
    const what = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    diag.add(
      'FLT_PLAYBOOK_YAML',
      `Syntax Error while loading YAML: ${what}`,
      source,
      offset,
      yamlSyntaxHint(line, location.col - 1),
    );
  }
  return doc.errors.length > 0 ? undefined : { source, doc };
}
