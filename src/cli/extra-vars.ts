/** `-e/--extra-vars`: `k=v …`, a YAML/JSON document, or `@file`, merged in order. */
import path from 'node:path';
import { FlotillaError } from '../errors/index.js';
import { assignMarked } from '../python/unsafe.js';
import { parseKv } from '../text/split-args.js';
import { readControllerText } from '../vault/secrets.js';
import { parseAnsibleYaml } from '../yaml/pyyaml.js';

export function parseExtraVars(values: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const raw of values) assignMarked(out, parseOne(raw.trim()) as Record<string, unknown>);
  return out;
}

function parseOne(value: string): Record<string, unknown> {
  if (value.startsWith('@')) {
    const file = value.slice(1);
    let text: string;
    try {
      text = readControllerText(file);
    } catch {
      // Ansible's AnsibleFileNotFound (exit code 1), with its text.
      throw new FlotillaError(
        'FLT_EXTRA_VARS_NOT_FOUND',
        `Unable to retrieve file contents\nCould not find or access '${path.resolve(file)}' on the Ansible Controller.\n` +
          'If you are using a module and expect the file to exist on the remote, see the remote_src option',
        { hint: 'use -e @path/to/vars.yml with a readable YAML or JSON file' },
      );
    }
    return asMapping(parseData(text, file), value);
  }
  if (value.startsWith('{') || value.startsWith('[')) return asMapping(parseData(value, '<string>'), value);
  if (value === '') return {};
  return parseKv(value) as Record<string, unknown>;
}

/** YAML/JSON data; a syntax error is a parser error (exit code 4), as in Ansible. */
function parseData(text: string, source: string): unknown {
  try {
    return parseAnsibleYaml(text);
  } catch (err) {
    throw new FlotillaError(
      'FLT_PLAYBOOK_YAML',
      `--extra-vars data from ${source} is neither JSON nor YAML: ${(err as Error).message}`,
      { cause: err },
    );
  }
}

function asMapping(doc: unknown, source: string): Record<string, unknown> {
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new FlotillaError(
      'FLT_CLI_EXTRA_VARS',
      `Invalid extra vars data supplied. '${source}' could not be made into a dictionary`,
      {
        hint: 'pass key=value pairs, a YAML/JSON mapping, or @file',
      },
    );
  }
  return doc as Record<string, unknown>;
}
