/** Public surface of the template layer. */

// Pieces of Ansible's plugins that other layers reuse.
export { mergeHash } from './plugins/filters/collections.js';
export { humanBytes } from './plugins/filters/math.js';
export { inventoryHostnames, WITH_LOOP_LOOKUP, type WithLoopRequest } from './plugins/lookups/run.js';
export type { ConditionalResult, RenderOptions, TemplarOptions, VarsLike } from './runtime/templar.js';
export { Templar } from './runtime/templar.js';
