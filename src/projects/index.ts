/** Project identity across weeks, groups and tables: see resolver.ts (how it decides) and name.ts (name keys). */
export * from './name.js';
export * from './resolver.js';
