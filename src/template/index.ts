/** Public surface of the template layer. */
export type { ConditionalResult, RenderOptions, TemplarOptions, VarsLike } from './templar.js';
export { Templar } from './templar.js';
