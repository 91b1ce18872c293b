/**
 * xmb validate as a clerk runs it on the bundled sample files (fixtures/validate, made by
 * `npm run fixtures`): the §5 JSON contract, exit codes, and --annotate leaving the inputs alone.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { validateOutputSchema } from '../../src/validate/result-schema.js';
import { REPO_ROOT, runCli } from '../support/cli.js';

const SAMPLES = join(REPO_ROOT, 'fixtures', 'validate');
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
/** The samples are dated 2022-03-04: validate them as received that day (else every one is filldate-stale). */
const SAMPLE_DAY = { XMB_NOW: '2022-03-04T18:00:00+08:00' };

describe('xmb validate on fixtures/validate', () => {
  it('--json prints one §5 document whose findings match each file’s expected codes; exit 1', () => {
    const run = runCli(['validate', '--json', SAMPLES], { env: SAMPLE_DAY });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const output = validateOutputSchema.parse(JSON.parse(run.stdout));
    const expected: { file: string; codes: string[] }[] = JSON.parse(readFileSync(join(SAMPLES, 'expected.json'), 'utf8'));
    for (const { file, codes } of expected) {
      const results = output.results.filter((r) => r.file.endsWith(file));
      expect(results.length, file).toBeGreaterThan(0);
      expect([...new Set(results.flatMap((r) => r.issues.map((i) => i.code)))].sort(), file).toEqual([...new Set(codes)].sort());
    }
    const errors = output.results.flatMap((r) => r.issues).filter((i) => i.severity === 'error').length;
    expect(output.summary.errors).toBe(errors);
    expect(output.summary.files).toBe(readdirSync(SAMPLES).filter((f) => f.endsWith('.xlsx')).length);
  });

  it('a clean file exits 0 and says so in Chinese', () => {
    const run = runCli(['validate', join(SAMPLES, '第三组-高新区-进度滞后-两行表头（正确）.xlsx')], { env: SAMPLE_DAY });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('第三组（高新区）');
    expect(run.stdout).toMatch(/共 1 个文件；识别出 1 张表（合格 1 张，不合格 0 张）；错误 0 个，警告 0 个。/);
  });

  it('--annotate writes 原文件名_批注.xlsx with the flagged cell coloured and noted, and leaves the input unchanged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xmb-annotate-'));
    const input = join(dir, '第十二组-航空港区-进度滞后-完成投资超过总投资.xlsx');
    cpSync(join(SAMPLES, '第十二组-航空港区-进度滞后-完成投资超过总投资.xlsx'), input);
    const before = sha256(input);
    const run = runCli(['validate', input, '--annotate', join(dir, '退回')]);
    expect(run.code).toBe(1);
    expect(sha256(input)).toBe(before);
    const out = join(dir, '退回', '第十二组-航空港区-进度滞后-完成投资超过总投资_批注.xlsx');
    expect(run.stdout).toContain(out);
    const json = validateOutputSchema.parse(JSON.parse(runCli(['validate', '--json', input]).stdout));
    const finding = json.results[0]!.issues.find((i) => i.code === 'completed-exceeds-total')!;
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    expect(book.worksheets[0]!.name).toBe('校验结果');
    const sheet = book.getWorksheet(json.results[0]!.sheet!)!;
    const cell = sheet.getCell(finding.cell!);
    expect((cell.fill as ExcelJS.FillPattern).fgColor?.argb).toMatch(/C7CE$/i);
    expect(JSON.stringify(cell.note)).toContain('超过总投资');
  });
});
