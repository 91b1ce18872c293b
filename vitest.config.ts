import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The release build (single executables, offline package) is `npm run test:dist`.
    exclude: [...configDefaults.exclude, 'test/release/**'],
    // The CLI tests run bin/xmb.js, which runs the compiled dist/: build it once before any test.
    globalSetup: ['test/support/build-once.ts'],
    // Generous limits: these are safety nets on a busy 2-core machine, not speed assertions
    // (speed is measured by `npm run bench`).
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
