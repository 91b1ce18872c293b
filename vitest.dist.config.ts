import { defineConfig } from 'vitest/config';

/**
 * `npm run test:dist`: the release build of issue 10 (test/release/), slow — it builds the single
 * executables and the offline package — so it is not part of `npm test`. CI runs both.
 */
export default defineConfig({
  test: {
    include: ['test/release/**/*.test.ts'],
    globalSetup: ['test/support/build-once.ts'],
    fileParallelism: false,
    testTimeout: 1_200_000,
    hookTimeout: 1_500_000,
  },
});
