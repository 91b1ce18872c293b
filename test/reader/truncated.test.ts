/**
 * A sheet cut at the reader's row or column limit (READER_LIMITS.maxRows / maxColumns) is never cut
 * silently: `sheet-truncated` (warning) names the sheet, in the reader's notices and in validate's
 * findings, for every engine (xlsx, CSV). Without it, a row past the limit would vanish from the totals.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readWorkbook } from '../../src/reader/index.js';
import { validateFile } from '../../src/validate/pipeline.js';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import { tempDir } from './helpers.js';
import { buildDistrictWorkbook, type FixtureRow } from '../../scripts/fixtures/district-workbook.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const rows = (n: number): FixtureRow[] =>
  Array.from({ length: n }, (_, i) => ({
    name: `测试项目${i + 1}`,
    overview: '新建厂房',
    period: '2021.01-2023.12',
    total: 1000,
    plan: 500,
    completed: 200,
    progress: '主体施工',
    problems: '用地手续未办结',
    coordination: null,
    district: '高新区',
  }));

async function district(n: number): Promise<string> {
  return tmp.file(
    `district${n}.xlsx`,
    await buildDistrictWorkbook({
      sheets: [{ name: '进度滞后项目', kind: 'lagging', rows: rows(n), options: { fillDate: '填表日期：2022年3月4日', totalRow: 'formula' } }],
    }),
  );
}

describe('sheet-truncated', () => {
  it('an xlsx sheet with rows past maxRows gets the warning naming it; one within gets none', async () => {
    const path = await district(12);
    const cut = await readWorkbook(path, { convert: false, limits: { maxRows: 10 } });
    expect(cut.ok).toBe(true);
    if (cut.ok) expect(cut.workbook.notices?.filter((n) => n.code === 'sheet-truncated')).toMatchObject([{ severity: 'warning', sheet: '进度滞后项目' }]);
    const whole = await readWorkbook(path, { convert: false });
    expect(whole.ok).toBe(true);
    if (whole.ok) expect(whole.workbook.notices?.filter((n) => n.code === 'sheet-truncated') ?? []).toEqual([]);
  });

  it('a CSV with a cell past column 200 validates with the warning, the table still read', async () => {
    const header = '序号,项目名称,项目概况,起止年限,总投资,年度计划投资,截至完成投资,进展情况,存在问题及涉及单位,协调解决情况,所在区';
    const line = '1,测试项目1,新建厂房,2021.01-2023.12,1000,500,200,主体施工,用地手续未办结,,高新区';
    const far = `${line}${','.repeat(200)}在第二百多列的备注`;
    const csv = ['进度滞后的省市重点项目进展情况统计表', '填表日期：2022年3月4日', header, far, line.replace('测试项目1', '测试项目2').replace(/^1,/, '2,')].join('\n');
    const path = tmp.file('第三组-高新区-进度滞后.csv', csv);
    const [validated] = await validateFile(path, { config: DEFAULT_CONFIG, convert: false });
    const codes = validated!.result.issues.map((i) => i.code);
    expect(codes).toContain('sheet-truncated');
    expect(validated!.result.issues.find((i) => i.code === 'sheet-truncated')!.message).toContain('超出读取范围');
    expect(validated!.table?.rows.length).toBe(2);
  });
});
