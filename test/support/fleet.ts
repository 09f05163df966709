/**
 * The fleet helper moved to tools/fleet/ (the benches and the demo use it too). This re-export
 * only keeps test files written against the old path (branches still in flight) working: import
 * tools/fleet/index.js in new code, and delete this file once nothing imports it.
 */
export * from '../../tools/fleet/index.js';
