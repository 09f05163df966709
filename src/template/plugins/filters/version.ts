/** The `version` test as a filter too (`version_compare` is its old name). */
import { def, type FilterDef } from '../../runtime/define.js';
import { versionTest } from '../tests/version.js';

const versionFilter = def(['version', 'operator', 'strict'], (value, [version, operator = 'eq']) =>
  versionTest(value, version, operator),
);

/** The filters of this file, by Ansible name (assembled in ../registry.ts). */
export const filters: Readonly<Record<string, FilterDef>> = {
  version: versionFilter,
  version_compare: versionFilter,
};
