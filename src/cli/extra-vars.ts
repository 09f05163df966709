/** `-e/--extra-vars`: `k=v …`, a YAML/JSON document, or `@file`, merged in order. */
import { readFileSync } from 'node:fs';
import { FlotillaError } from '../errors/index.js';
import { parseKv } from '../playbook/index.js';
import { parseAnsibleYaml } from '../yaml/pyyaml.js';

export function parseExtraVars(values: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const raw of values) Object.assign(out, parseOne(raw.trim()));
  return out;
}

function parseOne(value: string): Record<string, unknown> {
  if (value.startsWith('@')) {
    const file = value.slice(1);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new FlotillaError('FLT_CLI_EXTRA_VARS', `the file ${file} given to --extra-vars was not found`, {
        hint: 'use -e @path/to/vars.yml with a readable YAML or JSON file',
      });
    }
    return asMapping(parseAnsibleYaml(text), value);
  }
  if (value.startsWith('{') || value.startsWith('[')) return asMapping(parseAnsibleYaml(value), value);
  if (value === '') return {};
  return parseKv(value) as Record<string, unknown>;
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
