export * from './labels.js';
export * from './profiles/index.js';
export * from './measures.js';
export * from './periods.js';
export * from './cells.js';
export * from './contracts.js';
export * from './disclosure.js';
