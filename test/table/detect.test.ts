import { describe, expect, it } from 'vitest';
import type { FieldId } from '../../src/schema/kinds.js';
import {
  LAGGING_HEADER,
  LEADER_HEADER,
  MONTHLY_HEADER,
  WHITELIST_HEADER,
  detect,
  laggingRow,
  laggingSheet,
  sheet,
  workbook,
  type Input,
} from './helpers.js';

const fieldsAt = (table: { columns: { field: FieldId; col: number }[] }) =>
  Object.fromEntries(table.columns.map((c) => [c.field, c.col]));

describe('findTables: the usual district file', () => {
  const tables = detect(
    workbook(laggingSheet([laggingRow(1, '甲项目', 48000), laggingRow(2, '乙项目', '12,000')])),
    '收件/第三组-高新区-进度滞后项目.xlsx',
  );
  it('finds one lagging table with its header, title and rows', () => {
    expect(tables).toHaveLength(1);
    const table = tables[0]!;
    expect(table.kind).toBe('lagging');
    expect(table.sheet).toBe('Sheet1');
    expect(table.file).toBe('收件/第三组-高新区-进度滞后项目.xlsx');
    expect(table.title).toBe('进度滞后的省市重点项目进展情况统计表');
    expect(table.headerRows).toEqual([3]);
    expect(table.missingFields).toEqual([]);
    expect(table.extraColumns).toEqual([]);
    expect(table.duplicateColumns).toEqual([]);
    expect(table.rows.map((r) => r.row)).toEqual([4, 5]);
    expect(table.totalRow).toBeNull();
  });
  it('maps every column and normalises its cells', () => {
    const table = tables[0]!;
    expect(fieldsAt(table)).toEqual({
      serial: 0,
      name: 1,
      overview: 2,
      period: 3,
      total: 4,
      plan: 5,
      completed: 6,
      progress: 7,
      problems: 8,
      coordination: 9,
      district: 10,
    });
    const second = table.rows[1]!.cells;
    expect(second.total).toEqual({
      ref: 'E5',
      row: 5,
      raw: { type: 'string', text: '12,000' },
      display: '12,000',
      value: { kind: 'number', value: 12000, fromText: true },
    });
    expect(second.period?.value).toMatchObject({ kind: 'period', startYear: 2021, endMonth: 12 });
    expect(second.district?.value).toEqual({ kind: 'text', text: '高新区' });
  });
  it('reads 填表日期 and the group from the file name', () => {
    const table = tables[0]!;
    expect(table.fillDate).toEqual({ ref: 'A2', display: '2022年3月4日', iso: '2022-03-04' });
    expect(table).toMatchObject({ group: 3, district: '高新区', groupSource: 'filename' });
  });
});

describe('findTables: header labels in all their spellings', () => {
  const variants: [string, Input[]][] = [
    ['template labels with line breaks', LAGGING_HEADER],
    [
      'full-width brackets and no line breaks',
      ['序号', '项目名称', '项目概况', '起止年限（年月-年月）', '总投资（万元）', '年度计划投资（万元）', '截至完成投资（万元）', '进展情况', '存在问题及涉及单位', '协调解决情况', '所在区（县）'],
    ],
    [
      'units absent, 总投资额, 项目所在地',
      ['序号', '项目名称', '项目概况', '起止年限', '总投资额', '年度计划投资', '截至完成投资', '进展情况', '存在问题及涉及单位', '协调解决情况', '项目所在地'],
    ],
    [
      'spaces inside labels, 万元 without brackets, 所在区县',
      ['序 号', '项 目 名 称', '项目概况', '起止年限', '总投资万元', '年度计划投资 万元', '截止完成投资', '进展情况', '存在问题及涉及单位', '协调解决情况', '所在区县'],
    ],
    [
      'columns reordered',
      ['所在区(县)', '项目名称', '序号', '进展情况', '总投资(万元)', '起止年限', '项目概况', '截至完成投资', '年度计划投资', '协调解决情况', '存在问题及涉及单位'],
    ],
  ];
  it.each(variants)('%s', (_name, header) => {
    const row = (header as string[]).map((label) => {
      const key = label.replace(/\s/g, '');
      if (key.startsWith('项目名称')) return '甲项目';
      if (key.startsWith('总投资')) return 5000;
      if (key.startsWith('起止')) return '2021.03-2023.12';
      if (key.startsWith('所在') || key.startsWith('项目所在')) return '高新区';
      return '文字';
    });
    const [table] = detect(workbook(sheet([['进度滞后的省市重点项目进展情况统计表'], header, row])));
    expect(table?.kind).toBe('lagging');
    expect(table!.missingFields).toEqual([]);
    expect(table!.extraColumns).toEqual([]);
    const byField = fieldsAt(table!);
    expect(table!.rows[0]!.cells.name?.value).toEqual({ kind: 'text', text: '甲项目' });
    expect(table!.rows[0]!.cells.total?.value).toEqual({ kind: 'number', value: 5000, fromText: false });
    expect(table!.rows[0]!.cells.district?.value).toEqual({ kind: 'text', text: '高新区' });
    expect(byField.name).toBe((header as string[]).findIndex((l) => l.replace(/\s/g, '').startsWith('项目名称')));
  });

  it('an unknown label is an extra column, a field twice a duplicate, an absent field missing', () => {
    const header = [...LAGGING_HEADER.slice(0, 10), '联系人', '项目名称'];
    const [table] = detect(workbook(sheet([header])));
    expect(table?.kind).toBe('lagging');
    expect(table!.extraColumns).toEqual([{ col: 10, label: '联系人' }]);
    expect(table!.duplicateColumns).toEqual([{ field: 'name', col: 11, label: '项目名称' }]);
    expect(table!.missingFields).toEqual(['district']);
    expect(table!.rows).toEqual([]);
  });

  it('a header with no rows is a table with no rows', () => {
    const [table] = detect(workbook(sheet([LAGGING_HEADER])));
    expect(table?.rows).toEqual([]);
    expect(table?.headerRows).toEqual([1]);
  });
});

describe('findTables: telling the kinds apart', () => {
  const row11: Input[] = [1, '张三', '甲项目', '概况', '施工中', '无', 2000, 1000, 5000, '2021.03-2023.12', '高新区'];
  const cases: [string, Input[][], string][] = [
    ['附件3 by 省分管领导', [['2022年省领导联系重点项目进展情况统计表'], LEADER_HEADER('省分管领导'), row11], 'provincial'],
    ['附件4 by 市分管领导', [['2022年市领导联系重点项目进展情况统计表'], LEADER_HEADER('市分管领导'), row11], 'municipal'],
    ['a generic 分管领导 told by the title (省)', [['2022年省领导联系重点项目进展情况统计表'], LEADER_HEADER('分管领导'), row11], 'provincial'],
    ['a generic 分管领导 told by the title (市)', [['2022年市领导联系重点项目进展情况统计表'], LEADER_HEADER('分管领导'), row11], 'municipal'],
    ['附件2 without a title', [LAGGING_HEADER, laggingRow(1, '甲项目', 5000)], 'lagging'],
    ['白名单', [['省重点项目建设“白名单”落实情况统计表'], WHITELIST_HEADER, [1, '甲项目', '概况', '高新区', '已落实', '', '', '']], 'whitelist'],
    ['月报素材', [['月度工作情况（月报素材）'], MONTHLY_HEADER, [1, '领导动态', '标题', '内容', '2022-03-04', '']], 'monthly'],
  ];
  it.each(cases)('%s', (_name, grid, kind) => {
    const tables = detect(workbook(sheet(grid)));
    expect(tables.map((t) => t.kind)).toEqual([kind]);
    expect(tables[0]!.rows).toHaveLength(1);
  });

  it('附件3 and 附件4 as two sheets give two tables', () => {
    const tables = detect(
      workbook(
        sheet([['2022年省领导联系重点项目进展情况统计表'], ['填表日期：2022-03-04'], LEADER_HEADER('省分管领导'), row11], { name: '附件3' }),
        sheet([['2022年市领导联系重点项目进展情况统计表'], ['填表日期：2022-03-04'], LEADER_HEADER('市分管领导'), row11, row11], { name: '附件4' }),
      ),
    );
    expect(tables.map((t) => [t.sheet, t.kind, t.rows.length])).toEqual([
      ['附件3', 'provincial', 1],
      ['附件4', 'municipal', 2],
    ]);
  });

  it('a hidden sheet and an empty sheet are skipped', () => {
    const tables = detect(
      workbook(
        sheet([LAGGING_HEADER, laggingRow(1, '甲项目', 5000)], { name: '隐藏', hidden: true }),
        sheet([], { name: '空' }),
        sheet([[null, null], [null]], { name: '空白' }),
        sheet([LAGGING_HEADER, laggingRow(1, '乙项目', 5000)], { name: '可见' }),
      ),
    );
    expect(tables.map((t) => t.sheet)).toEqual(['可见']);
  });

  it('a stranger’s sheet gives no table', () => {
    const grid: Input[][] = [
      ['员工花名册'],
      ['姓名', '性别', '部门', '电话'],
      ['张三', '男', '办公室', '123'],
    ];
    expect(detect(workbook(sheet(grid)))).toEqual([]);
  });

  it('two fields and a name are not enough', () => {
    expect(detect(workbook(sheet([['序号', '项目名称', '备注'], [1, '甲', '']])))).toEqual([]);
  });
});

describe('findTables: two-row headers', () => {
  const top: Input[] = ['序号', '项目名称', '项目概况', '起止年限\n(年月-年月)', '投资情况（万元）', null, null, '进展情况', '存在问题及\n涉及单位', '协调解\n决情况', '所在区\n(县)'];
  const sub: Input[] = [null, null, null, null, '总投资', '年度计划投资', '截至完成投资', null, null, null, null];
  const merges = ['A1:K1', 'E3:G3', 'A3:A4', 'B3:B4', 'C3:C4', 'D3:D4', 'H3:H4', 'I3:I4', 'J3:J4', 'K3:K4'];
  const [table] = detect(
    workbook(sheet([['进度滞后的省市重点项目进展情况统计表'], ['填表日期：2022.3.4'], top, sub, laggingRow(1, '甲项目', 48000)], { merges })),
  );
  it('reads the group label and its sub-labels as one header', () => {
    expect(table?.kind).toBe('lagging');
    expect(table!.headerRows).toEqual([3, 4]);
    expect(table!.missingFields).toEqual([]);
    expect(table!.extraColumns).toEqual([]);
    expect(fieldsAt(table!)).toMatchObject({ serial: 0, name: 1, total: 4, plan: 5, completed: 6, district: 10 });
    expect(table!.columns.find((c) => c.field === 'total')!.label).toBe('投资情况（万元）/总投资');
  });
  it('starts the data after the second header row', () => {
    expect(table!.rows.map((r) => r.row)).toEqual([5]);
    expect(table!.rows[0]!.cells.total?.value).toEqual({ kind: 'number', value: 48000, fromText: false });
    expect(table!.fillDate?.iso).toBe('2022-03-04');
  });
  it('every label merged down over two rows, no group label: the second row is header, not the end of the data', () => {
    const tall = ['A3:A4', 'B3:B4', 'C3:C4', 'D3:D4', 'E3:E4', 'F3:F4', 'G3:G4', 'H3:H4', 'I3:I4', 'J3:J4', 'K3:K4'];
    const labels: Input[] = ['序号', '项目名称', '项目概况', '起止年限', '总投资(万元)', '年度计划投资(万元)', '截至完成投资(万元)', '进展情况', '存在问题及涉及单位', '协调解决情况', '所在区(县)'];
    const [merged] = detect(
      workbook(sheet([['进度滞后的省市重点项目进展情况统计表'], ['填表日期：2022.3.4'], labels, [], laggingRow(1, '甲项目', 48000), laggingRow(2, '乙项目', 5000)], { merges: ['A1:K1', ...tall] })),
    );
    expect(merged?.headerRows).toEqual([3, 4]);
    expect(merged!.rows.map((r) => r.row)).toEqual([5, 6]);
    // A blank row under a header that is NOT merged down still ends the table (no rows).
    const [unmerged] = detect(workbook(sheet([labels, [], laggingRow(1, '甲项目', 48000)])));
    expect(unmerged?.headerRows).toEqual([1]);
    expect(unmerged!.rows).toHaveLength(0);
  });
  it('also without vertical merges (labels only in the top row)', () => {
    const [plain] = detect(workbook(sheet([top, sub, laggingRow(1, '甲项目', 48000)], { merges: ['E1:G1'] })));
    expect(plain?.headerRows).toEqual([1, 2]);
    expect(plain!.missingFields).toEqual([]);
    expect(plain!.rows).toHaveLength(1);
  });
});

describe('findTables: 填表日期 and 报送单位', () => {
  const cases: [string, Input[], { ref: string | null; display: string; iso: string | null } | null, string | null][] = [
    ['same cell', ['填表日期：2022年3月4日'], { ref: 'A2', display: '2022年3月4日', iso: '2022-03-04' }, null],
    ['same cell, half-width colon, ISO', ['填表日期:2022-03-04'], { ref: 'A2', display: '2022-03-04', iso: '2022-03-04' }, null],
    ['next cell, text', ['填表日期：', null, '2022.3.4'], { ref: 'C2', display: '2022.3.4', iso: '2022-03-04' }, null],
    [
      'next cell, a date cell',
      ['填表日期：', { type: 'date', iso: '2022-03-04T00:00:00', serial: 44624 }],
      { ref: 'B2', display: '2022-03-04', iso: '2022-03-04' },
      null,
    ],
    ['next cell, a serial number', ['填表日期', 44624], { ref: 'B2', display: '44624', iso: '2022-03-04' }, null],
    ['empty', ['填表日期：'], { ref: 'A2', display: '', iso: null }, null],
    ['a blank form “年 月 日”', ['填表日期：    年   月   日'], { ref: 'A2', display: '', iso: null }, null],
    ['not a date', ['填表日期：三月初'], { ref: 'A2', display: '三月初', iso: null }, null],
    ['an impossible date', ['填表日期：2022年2月30日'], { ref: 'A2', display: '2022年2月30日', iso: null }, null],
    ['missing', ['单位：万元'], null, null],
    [
      'with 报送单位 in the same cell',
      ['填表日期：2022年3月4日   报送单位：第三组（高新区）'],
      { ref: 'A2', display: '2022年3月4日', iso: '2022-03-04' },
      '第三组（高新区）',
    ],
    [
      '报送单位 beside it',
      ['填表日期：2022-03-04', null, null, null, null, null, null, null, '报送单位：第三组（高新区）'],
      { ref: 'A2', display: '2022-03-04', iso: '2022-03-04' },
      '第三组（高新区）',
    ],
    [
      '报送单位 label with the value in the next cell, 填表日期 after it',
      ['报送单位：', '第十六组', null, null, null, null, null, null, '填表日期：', '2022/3/4'],
      { ref: 'J2', display: '2022/3/4', iso: '2022-03-04' },
      '第十六组',
    ],
  ];
  it.each(cases)('%s', (_name, fillDateRow, fillDate, unit) => {
    const [table] = detect(workbook(laggingSheet([laggingRow(1, '甲项目', 5000)], { fillDateRow })));
    expect(table?.fillDate).toEqual(fillDate);
    expect(table?.reportingUnit).toBe(unit);
    expect(table?.title).toBe('进度滞后的省市重点项目进展情况统计表');
  });

  it('填表日期 in the footer when it is not above the header', () => {
    const [table] = detect(
      workbook(sheet([LAGGING_HEADER, laggingRow(1, '甲项目', 5000), [], ['填表人：张三', null, null, '填表日期：2022年3月4日']])),
    );
    expect(table?.fillDate).toEqual({ ref: 'D4', display: '2022年3月4日', iso: '2022-03-04' });
    expect(table?.title).toBeNull();
  });

  it('附件 marks and unit notes are not the title', () => {
    const [table] = detect(workbook(sheet([['附件2'], ['进度滞后的省市重点项目进展情况统计表'], ['单位：万元'], LAGGING_HEADER])));
    expect(table?.title).toBe('进度滞后的省市重点项目进展情况统计表');
    expect(table?.fillDate).toBeNull();
  });
});

describe('findTables: where the data ends', () => {
  const rows = (...extra: Input[][]) => [laggingRow(1, '甲项目', 5000), laggingRow(2, '乙项目', 3000), ...extra];
  it('合计 becomes the total row and does not count as data', () => {
    const [table] = detect(workbook(laggingSheet(rows(['合计', null, null, null, 8000, 4000, 2000]))));
    expect(table!.rows.map((r) => r.row)).toEqual([4, 5]);
    expect(table!.totalRow?.row).toBe(6);
    expect(table!.totalRow?.cells.total?.value).toEqual({ kind: 'number', value: 8000, fromText: false });
  });
  it('合计 written in the name column, with spaces', () => {
    const [table] = detect(workbook(laggingSheet(rows([null, '合  计', null, null, '8,000']))));
    expect(table!.totalRow?.cells.total?.value).toEqual({ kind: 'number', value: 8000, fromText: true });
    expect(table!.rows).toHaveLength(2);
  });
  it('a 合计 row right under the header, data after it', () => {
    const [table] = detect(workbook(laggingSheet([['合计', null, null, null, 8000], ...rows()])));
    expect(table!.totalRow?.row).toBe(4);
    expect(table!.rows.map((r) => r.row)).toEqual([5, 6]);
  });
  it('several 小计 rows and no 合计: no total row', () => {
    const [table] = detect(workbook(laggingSheet([...rows(['小计', null, null, null, 8000]), laggingRow(3, '丙项目', 1), ['小计', null, null, null, 1]])));
    expect(table!.totalRow).toBeNull();
    expect(table!.rows).toHaveLength(3);
  });
  const enders: [string, Input[]][] = [
    ['填表人', ['填表人：张三', null, null, '联系电话：123']],
    ['审核人', ['审核人：李四']],
    ['联系电话 in a later cell', [null, null, '联系电话：13800000000']],
    ['制表人', ['制表人：王五']],
    ['备注：', ['备注：以上数据截至3月4日']],
    ['a blank row', []],
    ['a row blank within the table (a note far right)', [null, null, null, null, null, null, null, null, null, null, null, null, null, '说明']],
  ];
  it.each(enders)('%s ends the table', (_name, ender) => {
    const [table] = detect(workbook(laggingSheet([...rows(ender), laggingRow(9, '不应读入', 1)])));
    expect(table!.rows.map((r) => r.cells.name?.display)).toEqual(['甲项目', '乙项目']);
    expect(table!.totalRow).toBeNull();
  });
  it('whitespace-only cells count as blank', () => {
    const [table] = detect(workbook(laggingSheet(rows([' ', '\u3000', '\n'], laggingRow(9, '不应读入', 1)))));
    expect(table!.rows).toHaveLength(2);
  });
});

describe('findTables: merged cells', () => {
  it('a district merged down over data rows fills each row', () => {
    const [table] = detect(
      workbook(
        laggingSheet([laggingRow(1, '甲项目', 5000), laggingRow(2, '乙项目', 3000, null), laggingRow(3, '丙项目', 1000, null)], {
          merges: ['A1:K1', 'K4:K6'],
        }),
      ),
    );
    expect(table!.rows.map((r) => r.cells.district?.value)).toEqual([
      { kind: 'text', text: '高新区' },
      { kind: 'text', text: '高新区' },
      { kind: 'text', text: '高新区' },
    ]);
    expect(table!.rows[2]!.cells.district?.ref).toBe('K4');
    expect(table!.rows[2]!.cells.district?.row).toBe(6);
  });
  it('a merge over the whole sheet neither hangs nor fills the header into the data', () => {
    const big = { top: 0, left: 0, bottom: 1_048_575, right: 16_383 };
    const tables = detect(workbook(laggingSheet([laggingRow(1, '甲项目', 5000)], { merges: [big] })));
    expect(tables.map((t) => [t.kind, t.rows.length])).toEqual([['lagging', 1]]);
    expect(tables[0]!.rows[0]!.cells.name?.value).toEqual({ kind: 'text', text: '甲项目' });
  });
  it('a merge that starts in the header does not fill data cells', () => {
    const [table] = detect(workbook(laggingSheet([laggingRow(1, '甲项目', 5000, null)], { merges: ['A1:K1', 'K3:K4'] })));
    expect(table!.rows[0]!.cells.district?.value).toEqual({ kind: 'blank' });
  });
});

describe('findTables: a column-numbering row under the header', () => {
  const numbering: [string, Input[]][] = [
    ['numbers', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]],
    ['bracketed text', ['(1)', '(2)', '(3)', '（4）', '5', null, null, null, null, null, null]],
  ];
  it.each(numbering)('%s are not a data row', (_name, row) => {
    const [table] = detect(workbook(laggingSheet([row, laggingRow(1, '甲项目', 5000)])));
    expect(table!.rows.map((r) => r.row)).toEqual([5]);
  });
  it('a data row that starts with 1 is still data', () => {
    const [table] = detect(workbook(laggingSheet([[1, 2, 3, '2021.03-2023.12', 5000, 2000, 1000, '施工', '问题', '', '高新区']])));
    expect(table!.rows.map((r) => r.row)).toEqual([4]);
  });
});

describe('findTables: notes in odd places', () => {
  it('填表日期 and 报送单位 written in the header row are not columns', () => {
    const [table] = detect(workbook(sheet([['进度滞后的省市重点项目进展情况统计表'], [...LAGGING_HEADER, '填表日期：2022.3.4', '报送单位：第五组'], laggingRow(1, '甲', 1, '巩义市')])));
    expect(table!.extraColumns).toEqual([]);
    expect(table!.fillDate?.iso).toBe('2022-03-04');
    expect(table).toMatchObject({ reportingUnit: '第五组', group: 5, groupSource: 'cell' });
  });
  it('统计时间 is not the 填表日期', () => {
    const [table] = detect(workbook(sheet([['统计时间：截至2022年2月底'], LAGGING_HEADER, laggingRow(1, '甲', 1)])));
    expect(table!.fillDate).toBeNull();
    expect(table!.title).toBe('统计时间：截至2022年2月底');
  });
  it('an annex mark before the title is dropped', () => {
    const [table] = detect(workbook(sheet([['附件2：进度滞后的省市重点项目进展情况统计表'], LAGGING_HEADER])));
    expect(table!.title).toBe('进度滞后的省市重点项目进展情况统计表');
  });
});

describe('findTables: several tables in one sheet, and rows after a stray blank row', () => {
  const leaderRow = (n: number, leader: string, name: string): Input[] => [n, leader, name, '概况', '进展', '', 2000, 1000, 48000, '2021.03-2023.12', '高新区'];

  it('附件3 over 附件4 in one sheet gives two tables; the second takes the sheet’s 填表日期 and 报送单位', () => {
    const tables = detect(
      workbook(
        sheet([
          ['2022年省领导联系重点项目进展情况统计表'],
          ['填表日期：2022年3月4日', null, null, null, null, null, null, null, '报送单位：第三组（高新区）'],
          LEADER_HEADER('省分管领导'),
          leaderRow(1, '王省长', '甲项目'),
          leaderRow(2, '王省长', '乙项目'),
          [],
          ['2022年市领导联系重点项目进展情况统计表'],
          LEADER_HEADER('市分管领导'),
          leaderRow(1, '李市长', '丙项目'),
        ]),
      ),
    );
    expect(tables.map((t) => [t.kind, t.rows.map((r) => r.row)])).toEqual([
      ['provincial', [4, 5]],
      ['municipal', [9]],
    ]);
    expect(tables[1]!.title).toBe('2022年市领导联系重点项目进展情况统计表');
    expect(tables[1]!.fillDate?.iso).toBe('2022-03-04');
    expect(tables[1]!.group).toBe(3);
    expect(tables[0]!.rowsAfterBlank).toBeNull();
  });

  it('project rows below a stray blank row are reported, not silently dropped', () => {
    const [table] = detect(
      workbook(laggingSheet([laggingRow(1, '甲项目', 5000), laggingRow(2, '乙项目', 6000), [], laggingRow(3, '丙项目', 7000), laggingRow(4, '丁项目', 8000), [], ['填表人：张三']])),
    );
    expect(table!.rows.map((r) => r.row)).toEqual([4, 5]);
    expect(table!.rowsAfterBlank).toEqual({ first: 7, last: 8, blankRow: 6 });
  });

  it('a footer, a note or a second table below the blank row is not stray data', () => {
    const footerOnly = detect(workbook(laggingSheet([laggingRow(1, '甲项目', 5000), [], ['填表人：张三', null, null, '联系电话：12345678'], ['注：金额单位为万元']])));
    expect(footerOnly[0]!.rowsAfterBlank).toBeNull();
    const noteBlock = detect(workbook(laggingSheet([laggingRow(1, '甲项目', 5000), [], ['填表说明：', '1. 金额以万元为单位；', '2. 起止年限写年月']])));
    expect(noteBlock[0]!.rowsAfterBlank).toBeNull();
  });
});

describe('findTables: header rows of any depth', () => {
  it('a unit row （万元） under single labels belongs to the header', () => {
    const [table] = detect(
      workbook(
        sheet([
          ['进度滞后的省市重点项目进展情况统计表'],
          ['填表日期：2022年3月4日'],
          ['序号', '项目名称', '项目概况', '起止年限', '总投资', '年度计划投资', '截至完成投资', '进展情况', '存在问题及涉及单位', '协调解决情况', '所在区(县)'],
          [null, null, null, null, '（万元）', '（万元）', '（万元）'],
          laggingRow(1, '甲项目', 5000),
        ]),
      ),
    );
    expect(table!.headerRows).toEqual([3, 4]);
    expect(table!.rows.map((r) => r.row)).toEqual([5]);
  });

  it('a blank row under the header still ends the table', () => {
    const [table] = detect(workbook(laggingSheet([[], laggingRow(1, '甲项目', 5000)])));
    expect(table!.headerRows).toEqual([3]);
    expect(table!.rows).toEqual([]);
    expect(table!.rowsAfterBlank).toEqual({ first: 5, last: 5, blankRow: 4 });
    expect(table!.unreadRows).toEqual([5]);
  });

  it('an unmerged group label (WPS without merges) over its sub-labels', () => {
    const [table] = detect(
      workbook(
        sheet([
          ['序号', '项目名称', '项目概况', '起止年限', '投资情况（万元）', null, null, '进展情况', '存在问题及涉及单位', '协调解决情况', '所在区(县)'],
          [null, null, null, null, '总投资', '年度计划投资', '截至完成投资'],
          laggingRow(1, '甲项目', 5000),
        ]),
      ),
    );
    expect(table!.headerRows).toEqual([1, 2]);
    expect(table!.missingFields).toEqual([]);
    expect(table!.rows.map((r) => r.row)).toEqual([3]);
  });
});
