/**
 * The parsers under fuzz, each as one function from text to "loaded" or a thrown error:
 * INI and YAML inventories, playbooks, Ansible's YAML, and templates. File-based ones
 * write the input to a temp file first, as users hand them files.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadInventory, selectHosts } from '../../../src/inventory/index.js';
import { loadPlaybook } from '../../../src/playbook/load.js';
import { Templar } from '../../../src/template/index.js';
import { parseAnsibleYaml, parseAnsibleYamlAll } from '../../../src/yaml/pyyaml.js';
import { tempDir } from '../../support/temp-dirs.js';

export type TargetName = 'ini' | 'yaml-inventory' | 'playbook' | 'yaml' | 'template';

export interface Target {
  name: TargetName;
  /** Whether the input is read from a file (its errors must then say file:line:col). */
  fromFile: boolean;
  run(input: string): void;
}

let workDir: string | undefined;

/** A directory for this process's inputs, removed by cleanupTargets(). */
function dir(): string {
  workDir ??= tempDir('flotilla-fuzz-');
  return workDir;
}

export function cleanupTargets(): void {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
  workDir = undefined;
}

let counter = 0;

/** Writes `files` (name -> text) under a fresh directory; returns that directory. */
export function writeTree(files: Record<string, string | Buffer>): string {
  const root = join(dir(), String(counter++));
  for (const [name, text] of Object.entries(files)) {
    const file = join(root, name);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, text);
  }
  return root;
}

const templar = new Templar({ omitToken: '__omit_place_holder__fuzz' });
const TEMPLATE_VARS = { name: 'web', n: 3, items: [1, 2, 3], d: { a: 1, b: [true, null] }, s: 'a,b' };

export const TARGETS: Record<TargetName, Target> = {
  ini: {
    name: 'ini',
    fromFile: true,
    run(input) {
      const root = writeTree({ hosts: input });
      const inv = loadInventory([join(root, 'hosts')], { strict: true });
      selectHosts(inv, 'all');
    },
  },
  'yaml-inventory': {
    name: 'yaml-inventory',
    fromFile: true,
    run(input) {
      const root = writeTree({ 'hosts.yml': input });
      const inv = loadInventory([join(root, 'hosts.yml')], { strict: true });
      selectHosts(inv, 'all');
    },
  },
  playbook: {
    name: 'playbook',
    fromFile: true,
    run(input) {
      const root = writeTree({ 'site.yml': input, 'tasks.yml': '- debug: msg=included\n' });
      loadPlaybook(join(root, 'site.yml'));
    },
  },
  yaml: {
    name: 'yaml',
    fromFile: false,
    run(input) {
      parseAnsibleYaml(input);
      parseAnsibleYamlAll(input);
    },
  },
  template: {
    name: 'template',
    fromFile: false,
    run(input) {
      templar.render(input, TEMPLATE_VARS);
    },
  },
};
