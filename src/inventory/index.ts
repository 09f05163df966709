export { groupHosts, groupNames, groupsMagic, sortGroups } from './groups.js';
export { type LoadInventoryOptions, loadInventory } from './load.js';
export * from './model.js';
export { applyLimit, type LimitOptions, LOCALHOST_NAMES, selectHosts, splitHostPattern } from './patterns.js';
export { renderInventoryGraph, renderInventoryHost, renderInventoryList, toAnsibleJson } from './render.js';
export { getHostVars, type HostVarsOptions, loadPlaybookVarsDirs, loadPlaybookVarsLayer } from './vars.js';
