/**
 * Every stranger's file in ../shared/corpus must give a workbook or a failure code with a Chinese
 * message — never a throw. Run without conversion so it stays fast; conversion has its own test.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readWorkbook } from '../../src/reader/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const corpus = resolve(here, '../../../shared/corpus');
const present = existsSync(corpus);
if (!present) console.log(`corpus test skipped: ${corpus} is absent`);

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = join(dir, name);
      return statSync(full).isDirectory() ? walk(full) : [full];
    });
}

const files = present ? walk(corpus) : [];

describe.skipIf(!present)('corpus of strangers’ files', () => {
  it('holds files', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it.each(files.map((f) => [relative(corpus, f), f]))('%s resolves to a workbook or a failure with a Chinese message', async (_name, file) => {
    const outcome = await readWorkbook(file, { convert: false });
    if (outcome.ok) {
      expect(Array.isArray(outcome.workbook.sheets)).toBe(true);
      for (const sheet of outcome.workbook.sheets) expect(typeof sheet.name).toBe('string');
    } else {
      expect(['file-unreadable', 'file-encrypted', 'file-format-unsupported', 'file-too-large']).toContain(outcome.code);
      expect(outcome.message).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('knows the password-protected files', async () => {
    for (const name of ['msoffcrypto/example_password.xlsx', 'msoffcrypto/rc4cryptoapi_password.xls', 'sheetjs/password_2002_40_xor.xls', 'sheetjs/password_2002_128_strong.xls']) {
      const file = join(corpus, name);
      if (!existsSync(file)) continue;
      expect(await readWorkbook(file, { convert: false }), name).toMatchObject({ ok: false, code: 'file-encrypted' });
    }
  });

  it('reads values the way the files were written', async () => {
    const errors = await readWorkbook(join(corpus, 'sheetjs/ErrorTypes.xlsx'), { convert: false });
    if (!errors.ok) throw new Error(errors.message);
    expect(errors.workbook.sheets[0]?.rows[4]?.[0]?.value).toEqual({ type: 'error', error: '#REF!' });

    const d1904 = await readWorkbook(join(corpus, 'sheetjs/1904_1904.xlsx'), { convert: false });
    if (!d1904.ok) throw new Error(d1904.message);
    expect(d1904.workbook.date1904).toBe(true);
    // The file's own formula column (TEXT of the date) says what the date is.
    const row = d1904.workbook.sheets[0]?.rows[4];
    const shown = row?.[2]?.value;
    expect(row?.[1]?.value).toMatchObject({ type: 'date', iso: shown?.type === 'string' ? shown.text : 'missing' });

    const hidden = await readWorkbook(join(corpus, 'sheetjs/sheet_visibility_strict.xlsx'), { convert: false });
    if (!hidden.ok) throw new Error(hidden.message);
    expect(hidden.workbook.sheets.map((s) => s.hidden)).toEqual([false, true, true]);

    const phonetic = await readWorkbook(join(corpus, 'sheetjs/phonetic_text.xlsx'), { convert: false });
    if (!phonetic.ok) throw new Error(phonetic.message);
    expect(phonetic.workbook.sheets[0]?.rows[0]?.[0]?.value).toEqual({ type: 'string', text: '漢字' });
  });
});
