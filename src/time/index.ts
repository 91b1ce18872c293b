/** Week and period maths in the configured time zone (see week.ts and period.ts). */
export * from './week.js';
export * from './period.js';
export * from './now.js';
