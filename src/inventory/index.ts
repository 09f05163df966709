export {
  type AppliedChange,
  applyInventoryChange,
  INVALID_GROUP_CHARS_WARNING,
  isInvalidGroupName,
  loadNewEntityVars,
} from './dynamic.js';
export { groupHosts, groupNames, groupsMagic, sortGroups } from './groups.js';
export {
  type InventoryPlugins,
  type LoadInventoryOptions,
  loadInventory,
  type PluginInventory,
} from './load.js';
export * from './model.js';
export {
  applyLimit,
  checkLimitLeavesHosts,
  type LimitOptions,
  LOCALHOST_NAMES,
  type SelectOptions,
  selectHosts,
  splitHostPattern,
  unmatchedPatternWarning,
} from './patterns.js';
export {
  type GraphOptions,
  type RenderOptions,
  renderGroupVars,
  renderInventoryGraph,
  renderInventoryHost,
  renderInventoryList,
  renderInventoryYaml,
  toAnsibleJson,
  toAnsibleYaml,
} from './render.js';
export { getHostVars, type HostVarsOptions, loadPlaybookVarsDirs, loadPlaybookVarsLayer } from './vars.js';
