/** Every filter by its Ansible name. */
import { versionTest } from '../version.js';
import { collectionFilters } from './collections.js';
import { coreFilters } from './core.js';
import { def, type FilterDef } from './define.js';
import { encodingFilters } from './encoding.js';
import { hashingFilters } from './hashing.js';
import { pathFilters } from './paths.js';
import { randomFilters } from './random.js';
import { regexFilters } from './regex.js';

const versionFilter = def(['version', 'operator', 'strict'], (value, [version, operator = 'eq']) =>
  versionTest(value, version, operator),
);

export const ansibleFilters: Record<string, FilterDef> = {
  ...coreFilters,
  ...collectionFilters,
  ...regexFilters,
  ...encodingFilters,
  ...pathFilters,
  ...hashingFilters,
  ...randomFilters,
  version: versionFilter,
  version_compare: versionFilter,
};
