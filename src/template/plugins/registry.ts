/**
 * The one registry of template plugins. Each plugin file exports its plugins as tables by
 * Ansible name (`filters`, `tests`, `lookups`); this list of files is the only place they are
 * assembled. Adding a plugin: a function and a table entry in its file; adding a plugin file:
 * one line in PLUGIN_FILES. A name declared twice is an error at load.
 */
import type { FilterDef, TestDef } from '../runtime/define.js';
import * as ansibleExtraFilters from './filters/ansible-extra.js';
import * as collectionFilters from './filters/collections.js';
import * as coreFilters from './filters/core.js';
import * as datetimeFilters from './filters/datetime.js';
import * as encodingFilters from './filters/encoding.js';
import * as hashingFilters from './filters/hashing.js';
import * as jinjaExtraFilters from './filters/jinja-extra.js';
import * as mathFilters from './filters/math.js';
import * as pathFilters from './filters/paths.js';
import * as randomFilters from './filters/random.js';
import * as regexFilters from './filters/regex.js';
import * as urlFilters from './filters/url.js';
import * as urlizeFilters from './filters/urlize.js';
import * as vaultFilters from './filters/vault.js';
import * as versionFilters from './filters/version.js';
import * as collectionLookups from './lookups/collections.js';
import * as configLookups from './lookups/config.js';
import * as controllerLookups from './lookups/controller.js';
import * as dataFileLookups from './lookups/data-files.js';
import * as fileLookups from './lookups/files.js';
import * as passwordLookups from './lookups/password.js';
import type { LookupPlugin } from './lookups/plugin.js';
import * as sequenceLookups from './lookups/sequence.js';
import * as variableLookups from './lookups/variables.js';
import * as coreTests from './tests/core.js';

/** What a plugin file exports: any of the three tables. */
export interface PluginFile {
  readonly filters?: Readonly<Record<string, FilterDef>>;
  readonly tests?: Readonly<Record<string, TestDef>>;
  readonly lookups?: Readonly<Record<string, LookupPlugin>>;
}

const PLUGIN_FILES: readonly PluginFile[] = [
  coreFilters,
  collectionFilters,
  regexFilters,
  encodingFilters,
  pathFilters,
  hashingFilters,
  randomFilters,
  mathFilters,
  urlFilters,
  datetimeFilters,
  ansibleExtraFilters,
  jinjaExtraFilters,
  vaultFilters,
  urlizeFilters,
  versionFilters,
  coreTests,
  collectionLookups,
  configLookups,
  controllerLookups,
  dataFileLookups,
  fileLookups,
  passwordLookups,
  sequenceLookups,
  variableLookups,
];

function assemble<K extends keyof PluginFile>(kind: K): Readonly<NonNullable<PluginFile[K]>> {
  const table: Record<string, unknown> = {};
  for (const file of PLUGIN_FILES) {
    for (const [name, plugin] of Object.entries(file[kind] ?? {})) {
      if (Object.hasOwn(table, name)) throw new Error(`template ${kind}: '${name}' is declared twice`);
      table[name] = plugin;
    }
  }
  return table as NonNullable<PluginFile[K]>;
}

/** Every filter by its Ansible name (without the ansible.builtin. prefix). */
export const FILTERS = assemble('filters');
/** Every test by its Ansible name (without the ansible.builtin. prefix). */
export const TESTS = assemble('tests');
/** Every lookup plugin by its Ansible name (without a collection prefix). */
export const LOOKUPS = assemble('lookups');
