/**
 * Table shapes of issue 7 on every kind, generated the way districts fill them
 * (scripts/fixtures/district-workbook.ts): headers of one to four rows with group labels, 栏次 rows,
 * category rows with 小计, 合计 at the top, formulas saved without results, hidden rows and columns.
 * Each variant must give exactly its projects, with their amounts, and only the findings it should.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import type { KindId } from '../../src/schema/kinds.js';
import { validateFile } from '../../src/validate/pipeline.js';
import {
  buildDistrictWorkbook,
  type DistrictWorkbookSpec,
  type FixtureRow,
  type FormulaResults,
  type SheetOptions,
} from '../../scripts/fixtures/district-workbook.js';
import { tempDir } from '../reader/helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
let counter = 0;

const BASE: SheetOptions = { fillDate: '填表日期：2022年3月4日', reportingUnit: '报送单位：第三组（高新区）' };

/** Three correct projects of each kind, sent by 第三组（高新区）. */
function rowsOf(kind: KindId): FixtureRow[] {
  const names = ['高新区智能传感器产业园一期', '高新区数字港二期', '高新区污水处理厂扩建'];
  const amounts = [
    [48000, 32000, 30000],
    [36000, 16000, 15000],
    [9000, 6000, 2000],
  ] as const;
  return names.map((name, i) => {
    const [total, plan, completed] = amounts[i]!;
    switch (kind) {
      case 'lagging':
        return { name, overview: '厂房及配套', period: '2021.03-2023.12', total, plan, completed, progress: '主体施工', problems: '土地手续未办结；市自然资源局', coordination: '正在协调', district: '高新区' };
      case 'provincial':
      case 'municipal':
        return { leader: '赵明远', name, overview: '厂房及配套', progress: '主体施工', problems: '无', plan, completed, total, period: '2021.03-2023.12', district: '高新区' };
      case 'whitelist':
        return { name, overview: '厂房及配套', district: '高新区', status: (['已落实', '部分落实', '未落实'] as const)[i]!, problems: '用地指标', coordination: '已协调' };
      case 'monthly':
        return { column: '项目动态', title: `${name}开工`, content: `${name}本月开工建设。`, date: new Date(`2022-03-0${i + 1}T00:00:00Z`), projects: name };
    }
  });
}

const KEY: Record<KindId, 'name' | 'title'> = { lagging: 'name', provincial: 'name', municipal: 'name', whitelist: 'name', monthly: 'title' };

async function validate(kind: KindId, options: SheetOptions, rows = rowsOf(kind), formulaResults?: FormulaResults) {
  const spec: DistrictWorkbookSpec = { sheets: [{ name: '报表', kind, rows, options: { ...BASE, ...options } }], formulaResults };
  const path = tmp.file(`第三组-${kind}-${++counter}.xlsx`, await buildDistrictWorkbook(spec));
  const validated = await validateFile(path, { config: DEFAULT_CONFIG, convert: false });
  expect(validated).toHaveLength(1);
  const { result, table } = validated[0]!;
  expect(table, JSON.stringify(result.issues)).not.toBeNull();
  return { result, table: table! };
}

function names(table: { rows: { cells: Record<string, { display: string } | undefined> }[] }, key: string): string[] {
  return table.rows.map((r) => r.cells[key]?.display ?? '');
}

/** Deep headers of each kind: group labels merged across, labels merged down. */
const DEEP: [string, KindId, NonNullable<SheetOptions['headerGroups']>][] = [
  [
    '附件2, three rows: 基本情况 / 投资情况（万元） / 进展 over 2022年 over 计划、完成',
    'lagging',
    {
      depth: 3,
      groups: [
        [
          { label: '基本情况', from: 'serial', to: 'period' },
          { label: '投资情况（万元）', from: 'total', to: 'completed' },
          { label: '进展及问题', from: 'progress', to: 'coordination' },
        ],
        [{ label: '2022年', from: 'plan', to: 'completed' }],
      ],
    },
  ],
  ['附件2, four rows: 投资情况 over labels merged down three rows', 'lagging', { depth: 4, groups: [[{ label: '投资情况（万元）', from: 'total', to: 'completed' }]] }],
  ['附件2, two rows: 投资情况 merged across, the rest merged down', 'lagging', { depth: 2, groups: [[{ label: '投资情况（万元）', from: 'total', to: 'completed' }]] }],
  [
    '附件3, three rows: 项目基本情况 and 投资情况',
    'provincial',
    {
      depth: 3,
      groups: [
        [
          { label: '项目基本情况', from: 'leader', to: 'overview' },
          { label: '投资情况（万元）', from: 'plan', to: 'total' },
        ],
      ],
    },
  ],
  ['附件4, two rows: 投资情况', 'municipal', { depth: 2, groups: [[{ label: '投资情况（万元）', from: 'plan', to: 'total' }]] }],
  [
    '白名单, two rows: 基本情况 and 推进情况',
    'whitelist',
    {
      depth: 2,
      groups: [
        [
          { label: '基本情况', from: 'serial', to: 'district' },
          { label: '推进情况', from: 'status', to: 'coordination' },
        ],
      ],
    },
  ],
  ['月报素材, three rows: 信息内容 over 标题、内容', 'monthly', { depth: 3, groups: [[{ label: '信息内容', from: 'title', to: 'content' }]] }],
];

describe('headers of any depth, on every kind', () => {
  it.each(DEEP)('%s', async (_name, kind, headerGroups) => {
    const { result, table } = await validate(kind, { headerGroups });
    expect(table.headerRows).toEqual(Array.from({ length: headerGroups.depth }, (_, i) => 3 + i));
    expect(table.kind).toBe(kind);
    expect(names(table, KEY[kind])).toEqual(rowsOf(kind).map((r) => String(r[KEY[kind]])));
    expect(table.missingFields).toEqual([]);
    expect(result.issues).toEqual([]);
  });

  it('a deep header with a 合计 (SUM) at the top and at the bottom', async () => {
    for (const totalAt of ['top', 'bottom'] as const) {
      const { result, table } = await validate('lagging', { headerGroups: DEEP[0]![2], totalRow: 'formula', totalAt });
      expect(table.rows).toHaveLength(3);
      expect(table.totalRow?.cells.total?.value).toMatchObject({ kind: 'number', value: 93000 });
      expect(result.issues).toEqual([]);
    }
  });
});

describe('栏次 rows in any style are not projects', () => {
  it.each(['stems', 'numbers', 'bracketed', 'label'] as const)('%s', async (numberingRow) => {
    for (const kind of ['lagging', 'whitelist', 'monthly'] as const) {
      const { result, table } = await validate(kind, { numberingRow, headerStyle: kind === 'lagging' ? 'two-row' : 'template' });
      expect(table.numberingRows, kind).toHaveLength(1);
      expect(names(table, KEY[kind])).toEqual(rowsOf(kind).map((r) => String(r[KEY[kind]])));
      expect(result.issues, kind).toEqual([]);
    }
  });
});

describe('category rows, 小计 and 合计', () => {
  it('categories in the 项目名称 column, each with a 小计, and a 合计 at the top', async () => {
    const { result, table } = await validate('lagging', {
      totalRow: 'formula',
      totalAt: 'top',
      categories: [
        { before: 0, label: '（一）续建项目', subtotal: true },
        { before: 2, label: '（二）新开工项目', subtotal: true },
      ],
    });
    expect(table.rows.map((r) => r.category)).toEqual([['（一）续建项目'], ['（一）续建项目'], ['（二）新开工项目']]);
    expect(table.sums?.map((s) => [s.kind, s.covers.length])).toEqual([
      ['total', 3],
      ['subtotal', 2],
      ['subtotal', 1],
    ]);
    expect(result.issues).toEqual([]);
    expect(result.categories?.map((c) => [c.label, c.level, c.rows.length])).toEqual([
      ['（一）续建项目', 2, 2],
      ['（二）新开工项目', 2, 1],
    ]);
  });

  it('nested categories merged across the table', async () => {
    const { result, table } = await validate('provincial', {
      categories: [
        { before: 0, label: '一、产业项目（2个）', merged: true },
        { before: 0, label: '1.制造业', merged: true },
        { before: 1, label: '2.数字经济', merged: true },
        { before: 2, label: '二、基础设施项目（1个）', merged: true },
      ],
    });
    expect(table.rows.map((r) => r.category)).toEqual([['一、产业项目（2个）', '1.制造业'], ['一、产业项目（2个）', '2.数字经济'], ['二、基础设施项目（1个）']]);
    expect(result.issues).toEqual([]);
  });

  it('a 小计 that skipped an amount typed as text is checked against its own rows', async () => {
    const rows = rowsOf('lagging');
    rows[1] = { ...rows[1], plan: '16,000' };
    const { result } = await validate('lagging', { categories: [{ before: 0, label: '一、产业项目', subtotal: true }] }, rows);
    const codes = result.issues.map((i) => [i.code, i.cell]);
    expect(codes).toContainEqual(['total-mismatch', 'F8']);
    expect(result.issues.find((i) => i.code === 'total-mismatch')!.message).toContain('小计行');
    expect(codes).toContainEqual(['number-as-text', 'F6']);
  });
});

describe('formulas saved without a trustworthy result', () => {
  const formulaRows = (): FixtureRow[] => {
    const rows = rowsOf('lagging');
    rows[0] = { ...rows[0], completed: { formula: 'E4-18000', result: 30000 } };
    rows[1] = { ...rows[1], completed: { formula: 'ROUND(E5*5/12,0)', result: 15000 } };
    return rows;
  };
  it.each(['none', 'zero-recalc'] as const)('%s: plain arithmetic and SUM are computed', async (formulaResults) => {
    const { result, table } = await validate('lagging', { totalRow: 'formula' }, formulaRows(), formulaResults);
    expect(table.rows.map((r) => r.cells.completed?.value)).toEqual([
      { kind: 'number', value: 30000, fromText: false },
      { kind: 'number', value: 15000, fromText: false },
      { kind: 'number', value: 2000, fromText: false },
    ]);
    expect(table.totalRow?.cells.completed?.value).toMatchObject({ value: 47000 });
    expect(result.issues).toEqual([]);
  });

  it.each(['none', 'zero-recalc'] as const)('%s: a lookup cannot be known — an error at the cell', async (formulaResults) => {
    const rows = rowsOf('lagging');
    rows[2] = { ...rows[2], completed: { formula: 'VLOOKUP(B6,数据!A:C,3,0)', result: 2000 } };
    const { result } = await validate('lagging', { totalRow: 'formula' }, rows, formulaResults);
    expect(result.valid).toBe(false);
    expect(result.issues.map((i) => [i.code, i.cell])).toEqual([
      ['formula-uncalculated', 'G6'],
      ['formula-uncalculated', 'G7'],
    ]);
    expect(result.issues[0]!.message).toContain('请用 Excel 或 WPS 打开、保存后重新报送');
  });

  it('a formula that is itself an error (#REF!*0.3) is formula-error, however it was saved', async () => {
    for (const formulaResults of ['saved', 'none', 'zero-recalc'] as const) {
      const rows = rowsOf('lagging');
      rows[1] = { ...rows[1], plan: { formula: '#REF!*0.3', result: 4800 } };
      const { result } = await validate('lagging', {}, rows, formulaResults);
      expect(result.issues.map((i) => [i.code, i.cell]), formulaResults).toEqual([['formula-error', 'F5']]);
    }
  });

  it('#REF! saved as a text result is formula-error, not “not a number”', async () => {
    const rows = rowsOf('lagging');
    rows[1] = { ...rows[1], total: '#REF!' };
    const { result } = await validate('lagging', {}, rows);
    expect(result.issues.map((i) => [i.code, i.cell])).toEqual([['formula-error', 'E5']]);
  });
});

describe('hidden rows, hidden columns, rows hidden by a filter', () => {
  it('are read, and a warning names each', async () => {
    const { result, table } = await validate('lagging', { hiddenRows: [1, 2], hiddenColumns: ['overview'] });
    expect(table.rows).toHaveLength(3);
    expect(result.issues.map((i) => [i.code, i.cell])).toEqual([
      ['hidden-cells', 'C3'],
      ['hidden-cells', 'B5'],
    ]);
    expect(result.issues.map((i) => i.message).join('\n')).toMatch(/C 列“项目概况”是隐藏列[\s\S]*第5行、第6行是隐藏行/);
    expect(result.valid).toBe(true);
  });

  it('rows hidden inside an autofilter are said to be filtered out', async () => {
    const { result, table } = await validate('monthly', { filteredRows: [0, 2] });
    expect(table.rows).toHaveLength(3);
    expect(result.issues.map((i) => [i.code, i.cell])).toEqual([['hidden-cells', 'C4']]);
    expect(result.issues[0]!.message).toContain('第4行、第6行被筛选隐藏');
  });

  it('on a deep header with categories too', async () => {
    const { result, table } = await validate('whitelist', {
      headerGroups: DEEP[5]![2],
      categories: [{ before: 0, label: '一、续建项目' }],
      hiddenRows: [0],
    });
    expect(table.rows).toHaveLength(3);
    expect(result.issues.map((i) => [i.code, i.cell])).toEqual([['hidden-cells', 'B6']]);
  });
});

describe('a header followed by rows that were all set aside is never a clean 0-row table', () => {
  it('categories only, and a 合计 with figures', async () => {
    const spec: DistrictWorkbookSpec = {
      sheets: [
        {
          name: '报表',
          raw: [
            ['进度滞后的省市重点项目进展情况统计表'],
            ['填表日期：2022年3月4日'],
            ['序号', '项目名称', '项目概况', '起止年限', '总投资(万元)', '年度计划投资(万元)', '截至完成投资(万元)', '进展情况', '存在问题及涉及单位', '协调解决情况', '所在区(县)'],
            ['合计', null, null, null, 93000, 54000, 47000],
            [null, '一、产业项目（2个）'],
            [null, '二、基础设施项目（1个）'],
          ],
        },
      ],
    };
    const path = tmp.file(`第三组-空表-${++counter}.xlsx`, await buildDistrictWorkbook(spec));
    const validated = await validateFile(path, { config: DEFAULT_CONFIG, convert: false });
    const result = validated[0]!.result;
    expect(result.rows).toBe(0);
    expect(result.valid).toBe(false);
    expect(result.issues.map((i) => [i.code, i.row])).toContainEqual(['rows-unread', 4]);
  });

  it('a header alone, or with a 合计 of zeros, is still “nothing this week”', async () => {
    const { result } = await validate('lagging', { totalRow: 'typed' }, []);
    expect(result.rows).toBe(0);
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });
});
