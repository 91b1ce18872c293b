/**
 * vitest global setup: compile src/ to dist/ so tests that run bin/xmb.js test the current code.
 * tsc writes dist/ even when it finds type errors; those are the type-check step's to report
 * (`npm run typecheck`, run by CI before the tests), so they don't stop the tests here.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) console.warn('build-once: tsc reported type errors (see `npm run typecheck`); testing what it emitted.');
}
