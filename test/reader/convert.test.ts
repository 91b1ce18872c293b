/** Conversion by LibreOffice: runs only where `soffice` is installed. */
import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { findSoffice } from '../../src/reader/convert.js';
import { readWorkbook } from '../../src/reader/index.js';
import { tempDir } from './helpers.js';

const hasSoffice = findSoffice() !== undefined;
if (!hasSoffice) console.log('conversion tests skipped: LibreOffice (soffice) is not on PATH');

const here = dirname(fileURLToPath(import.meta.url));
const xls = resolve(here, '../../../shared/corpus/sheetjs/merge_cells.xls');
const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('conversion with LibreOffice', () => {
  it.skipIf(!hasSoffice || !existsSync(xls))(
    'converts an .xls in a folder with Chinese and spaces, reads it, and leaves no temporary folder behind',
    async () => {
      const path = join(tmp.dir, '第三组 高新区', '进度 滞后.xls');
      (await import('node:fs')).mkdirSync(dirname(path), { recursive: true });
      copyFileSync(xls, path);
      const before = new Set(readdirSync(tmpdir()).filter((n) => n.startsWith('xmb-convert-')));
      const outcome = await readWorkbook(path);
      expect(outcome.ok).toBe(true);
      if (!outcome.ok) return;
      expect(outcome.convertedFrom).toBe('xls');
      expect(outcome.workbook.sheets.length).toBeGreaterThan(0);
      expect(outcome.workbook.sheets[0]?.merges.length).toBeGreaterThan(0);
      const after = readdirSync(tmpdir()).filter((n) => n.startsWith('xmb-convert-') && !before.has(n));
      expect(after).toEqual([]);
      // Nothing written beside the input (no lock file, no output).
      expect(readdirSync(dirname(path))).toEqual(['进度 滞后.xls']);
    },
    180_000,
  );

  it('without conversion, an .xls gets file-format-unsupported with the save-as advice', async () => {
    if (!existsSync(xls)) return;
    const outcome = await readWorkbook(xls, { convert: false });
    expect(outcome).toMatchObject({ ok: false, code: 'file-format-unsupported' });
    if (!outcome.ok) expect(outcome.message).toContain('另存为 Excel 工作簿(*.xlsx)');
  });
});
