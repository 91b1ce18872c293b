/**
 * A short fuzz run inside `npm test` (the long one is `npm run fuzz`): mutated fixtures at byte,
 * zip and XML level must each end in results on the JSON contract — every finding with a known code
 * and a Chinese message — and never an exception (what the CLI turns into exit 3).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeCase, runCase, seedFiles } from '../../scripts/fuzz.js';

const dir = mkdtempSync(join(tmpdir(), 'xmb-fuzz-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const seeds = seedFiles();
const SEED = 20221104;

describe('fuzz (short run, seed 20221104)', () => {
  it('has seed files of every kind', () => {
    expect(seeds.length).toBeGreaterThan(15);
    expect(seeds.some((s) => s.name.endsWith('.csv'))).toBe(true);
  });

  it.each(Array.from({ length: 60 }, (_, i) => i))('case %i', async (index) => {
    const c = makeCase(SEED, index, seeds);
    const outcome = await runCase(c, dir);
    expect(outcome.problem, `${c.seedFile}: ${c.mutation}`).toBeUndefined();
    expect(outcome.ok).toBe(true);
  });

  it('the same seed and index give the same bytes', () => {
    expect(makeCase(SEED, 7, seeds).bytes).toEqual(makeCase(SEED, 7, seeds).bytes);
    expect(makeCase(SEED, 7, seeds).mutation).toBe(makeCase(SEED, 7, seeds).mutation);
  });
});
