/** Public API of the playbook loader. */

export { type ListOptions, listTasks, renderListHosts, renderListing, renderListTasks } from './list.js';
export { loadPlaybook, loadTaskFile, type TaskFileOptions } from './load.js';
export { type LoadDeprecation, listenForLoadDeprecations } from './load-notices.js';
export type * from './model.js';
export { loadRole, resolveRoleDir, roleSearchPaths } from './roles.js';
export { taskMatchesTags } from './tags.js';
