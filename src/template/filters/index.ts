/** Every filter by its Ansible name. */
import { versionTest } from '../version.js';
import { ansibleExtraFilters } from './ansible-extra.js';
import { collectionFilters } from './collections.js';
import { coreFilters } from './core.js';
import { datetimeFilters } from './datetime.js';
import { def, type FilterDef } from './define.js';
import { encodingFilters } from './encoding.js';
import { hashingFilters } from './hashing.js';
import { jinjaExtraFilters } from './jinja-extra.js';
import { mathFilters } from './math.js';
import { pathFilters } from './paths.js';
import { randomFilters } from './random.js';
import { regexFilters } from './regex.js';
import { urlFilters } from './url.js';
import { urlizeFilters } from './urlize.js';
import { vaultFilters } from './vault.js';

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
  ...mathFilters,
  ...urlFilters,
  ...datetimeFilters,
  ...ansibleExtraFilters,
  ...jinjaExtraFilters,
  ...vaultFilters,
  ...urlizeFilters,
  version: versionFilter,
  version_compare: versionFilter,
};
