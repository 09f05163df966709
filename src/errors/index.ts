export * from './edit-distance.js';
export * from './flotilla-error.js';
