/**
 * Public surface of the template layer: the Templar, and the pieces of Ansible's plugins that
 * other layers reuse (combine's merge, human_readable, the with_<lookup> loop request). Other
 * layers import template/ only through this file.
 */
export { mergeHash } from './plugins/filters/collections.js';
export { humanBytes } from './plugins/filters/math.js';
export { inventoryHostnames, WITH_LOOP_LOOKUP, type WithLoopRequest } from './plugins/lookups/run.js';
export { PY_VALUE_CODEC } from './python-plugins/helper-script.js';
export { addTemplatePluginDirs, fromPython, pythonVariables, toPython } from './python-plugins/index.js';
export { holdsTemplate, holdsUnsafe, rendersOnRead, taintActiveRender } from './runtime/scope.js';
export { collectingWarnings } from './runtime/warnings.js';
export type { ConditionalResult, RenderOptions, TemplarOptions, VarsLike } from './templar.js';
export { Templar } from './templar.js';
