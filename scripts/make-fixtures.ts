/**
 * `npm run fixtures`: regenerates fixtures/ deterministically (same bytes on every run and machine):
 *   fixtures/inbox/     the sample inbox (2022-W08 … 2022-W11 + 月报素材) as `xmb receive` files it
 *   fixtures/validate/  one file per typical mistake, plus clean hard layouts
 *   fixtures/season/    eight weeks of four groups with problems planted for the 问题台账, and their truth
 * Usage: tsx scripts/make-fixtures.ts [OUT_DIR]   (default: fixtures/ beside this script's repo)
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSampleInbox } from './fixtures/sample.js';
import { writeValidateSamples } from './fixtures/validate-samples.js';
import { SEASON_TRUTH, writeSeasonInbox } from './fixtures/season.js';

export async function makeFixtures(root: string): Promise<void> {
  const inbox = join(root, 'inbox');
  const validate = join(root, 'validate');
  const season = join(root, 'season');
  rmSync(inbox, { recursive: true, force: true });
  rmSync(validate, { recursive: true, force: true });
  rmSync(season, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  await writeSampleInbox(inbox);
  const expected = await writeValidateSamples(validate);
  writeFileSync(join(validate, 'expected.json'), `${JSON.stringify(expected, null, 2)}\n`);
  await writeSeasonInbox(join(season, 'inbox'));
  writeFileSync(join(season, 'truth.json'), `${JSON.stringify(SEASON_TRUTH, null, 2)}\n`);
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures'));
  await makeFixtures(root);
  console.log(`已生成样例文件：${root}`);
}
