/** Conversion by LibreOffice: runs only where `soffice` is installed. */
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { findSoffice } from '../../src/reader/convert.js';
import { readWorkbook } from '../../src/reader/index.js';
import { tempDir } from './helpers.js';

const hasSoffice = findSoffice() !== undefined;
if (!hasSoffice) console.log('conversion tests skipped: LibreOffice (soffice) is not on PATH');

const here = dirname(fileURLToPath(import.meta.url));
/** An old .xls with merged cells (SheetJS test files, Apache-2.0), kept in the repo. */
const xls = resolve(here, '../cases/reader/merge_cells.xls');
const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** A temporary root of this test's own: what conversion leaves behind shows here and nowhere else. */
function ownTempRoot(name: string): string {
  const root = join(tmp.dir, name);
  mkdirSync(root, { recursive: true });
  return root;
}

describe('conversion with LibreOffice', () => {
  it.skipIf(!hasSoffice)(
    'converts an .xls in a folder with Chinese and spaces, reads it, and leaves no temporary folder behind',
    async () => {
      const path = join(tmp.dir, '第三组 高新区', '进度 滞后.xls');
      mkdirSync(dirname(path), { recursive: true });
      copyFileSync(xls, path);
      const tempRoot = ownTempRoot('temp-one');
      const outcome = await readWorkbook(path, { tempRoot });
      expect(outcome.ok).toBe(true);
      if (!outcome.ok) return;
      expect(outcome.convertedFrom).toBe('xls');
      expect(outcome.workbook.sheets.length).toBeGreaterThan(0);
      expect(outcome.workbook.sheets[0]?.merges.length).toBeGreaterThan(0);
      expect(readdirSync(tempRoot)).toEqual([]);
      // Nothing written beside the input (no lock file, no output).
      expect(readdirSync(dirname(path))).toEqual(['进度 滞后.xls']);
    },
    180_000,
  );

  it.skipIf(!hasSoffice)(
    'two conversions at the same time each clean up their own temporary root',
    async () => {
      const roots = [ownTempRoot('temp-a'), ownTempRoot('temp-b')];
      const outcomes = await Promise.all(roots.map((tempRoot) => readWorkbook(xls, { tempRoot })));
      expect(outcomes.map((o) => o.ok)).toEqual([true, true]);
      for (const root of roots) expect(readdirSync(root)).toEqual([]);
    },
    240_000,
  );

  it.skipIf(!hasSoffice)('the work folder goes under the root it is given', async () => {
    // A root that does not exist: the conversion cannot make its folder there and says so, which
    // shows that the system's temporary folder was not used instead.
    const outcome = await readWorkbook(xls, { tempRoot: join(tmp.dir, 'no-such-root') });
    expect(outcome).toMatchObject({ ok: false, code: 'file-format-unsupported' });
  });

  it('without conversion, an .xls gets file-format-unsupported with the save-as advice', async () => {
    const outcome = await readWorkbook(xls, { convert: false });
    expect(outcome).toMatchObject({ ok: false, code: 'file-format-unsupported' });
    if (!outcome.ok) expect(outcome.message).toContain('另存为 Excel 工作簿(*.xlsx)');
  });
});
