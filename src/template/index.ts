/** Public surface of the template layer. */

// Pieces of Ansible's plugins that other layers reuse.
export { mergeHash } from './filters/collections.js';
export { humanBytes } from './filters/math.js';
export { inventoryHostnames, WITH_LOOP_LOOKUP, type WithLoopRequest } from './lookups.js';
export type { ConditionalResult, RenderOptions, TemplarOptions, VarsLike } from './templar.js';
export { Templar } from './templar.js';
