import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import { chineseNumber, districtIn, groupNumberIn, tellGroup, type GroupEvidence } from '../../src/table/group.js';
import { detect, laggingRow, laggingSheet, workbook } from './helpers.js';

describe('chineseNumber and groupNumberIn', () => {
  it.each([
    ['一', 1],
    ['三', 3],
    ['十', 10],
    ['十一', 11],
    ['十六', 16],
    ['二十', 20],
    ['二十三', 23],
  ])('%s → %i', (text, n) => expect(chineseNumber(text)).toBe(n));
  it.each(['', '十十', '一二', '零', 'a'])('%j is not a number', (text) => expect(chineseNumber(text)).toBeNull());

  it.each([
    ['第三组', 3],
    ['第3组', 3],
    ['第03组', 3],
    ['3组', 3],
    ['三组', 3],
    ['第十六组', 16],
    ['第十三组（金水区）', 13],
    ['第 3 组', 3],
    ['第３组', 3],
    ['2022-03-04 第三组 进度滞后', 3],
    ['W09_第12组', 12],
  ])('%j → %i', (text, n) => expect(groupNumberIn(text)).toBe(n));
  it.each(['组长', '小组', '进度滞后项目', '2022年3月4日', '工作组', '123组'])('%j names no group', (text) =>
    expect(groupNumberIn(text)).toBeNull(),
  );
});

describe('districtIn', () => {
  it.each([
    ['高新区', '高新区'],
    ['郑州市高新区重点办', '高新区'],
    ['高新技术产业开发区', '高新区'],
    ['管城区进度滞后项目', '管城回族区'],
    ['郑州航空港经济综合实验区', '航空港区'],
    ['港区周报', '航空港区'],
    ['中牟', '中牟县'],
    ['郑东新区', '郑东新区'],
  ])('%j → %s', (text, district) => expect(districtIn(text, DEFAULT_CONFIG)).toBe(district));
  it.each(['进度滞后项目', '', '郑州市'])('%j names no district', (text) => expect(districtIn(text, DEFAULT_CONFIG)).toBeNull());
});

describe('tellGroup', () => {
  const base: GroupEvidence = { reportingUnit: null, file: '收件/报表.xlsx', districtTexts: [] };
  const cases: [string, Partial<GroupEvidence>, number | null, string | null][] = [
    ['override wins over everything', { groupOverride: 5, reportingUnit: '第三组', file: '第三组.xlsx' }, 5, 'override'],
    ['报送单位 第三组（高新区）', { reportingUnit: '第三组（高新区）' }, 3, 'cell'],
    ['报送单位 第3组', { reportingUnit: '第3组' }, 3, 'cell'],
    ['报送单位 3组', { reportingUnit: '3组' }, 3, 'cell'],
    ['报送单位 第十六组', { reportingUnit: '第十六组' }, 16, 'cell'],
    ['报送单位 a district alias', { reportingUnit: '郑州市管城区重点项目办' }, 8, 'cell'],
    ['报送单位 beats the file name', { reportingUnit: '第一组', file: '第三组.xlsx' }, 1, 'cell'],
    ['an unreadable 报送单位 falls back to the file name', { reportingUnit: '重点办', file: '第三组.xlsx' }, 3, 'filename'],
    ['a group not in the roster falls back', { reportingUnit: '第十七组', file: '3组.xlsx' }, 3, 'filename'],
    ['file 第三组-进度滞后', { file: '收件/第三组-进度滞后.xlsx' }, 3, 'filename'],
    ['file 第03组', { file: '第03组_lagging.xlsx' }, 3, 'filename'],
    ['file 3组', { file: '3组.xlsx' }, 3, 'filename'],
    ['file 三组', { file: '三组周报.xlsx' }, 3, 'filename'],
    ['file 第十六组', { file: '第十六组.xlsx' }, 16, 'filename'],
    ['file with a district', { file: '管城区进度滞后项目.xlsx' }, 8, 'filename'],
    ['file with an alias', { file: '港区-白名单.xlsx' }, 12, 'filename'],
    ['only the base name counts', { file: '第五组/报表.xlsx', districtTexts: [] }, null, null],
    ['a Windows path', { file: 'C:\\收件\\第五组\\高新区.xlsx' }, 3, 'filename'],
    ['the district column when all rows agree', { districtTexts: ['中原区', '中原区', ''] }, 1, 'column'],
    ['aliases in the column count as the same district', { districtTexts: ['管城区', '管城回族区'] }, 8, 'column'],
    ['rows that disagree tell nothing', { districtTexts: ['中原区', '金水区'] }, null, null],
    ['an unknown district tells nothing', { districtTexts: ['中原区', '火星区'] }, null, null],
    ['no rows tell nothing', { districtTexts: [] }, null, null],
  ];
  it.each(cases)('%s', (_name, evidence, group, source) => {
    const result = tellGroup({ ...base, ...evidence }, DEFAULT_CONFIG);
    expect(result.group).toBe(group);
    expect(result.groupSource).toBe(source);
    expect(result.district).toBe(group === null ? null : DEFAULT_CONFIG.groups.find((g) => g.number === group)!.district);
  });
});

describe('the sending group of a detected table', () => {
  it('from the 报送单位 cell', () => {
    const [table] = detect(
      workbook(laggingSheet([laggingRow(1, '甲', 1)], { fillDateRow: ['填表日期：2022年3月4日  报送单位：第三组（高新区）'] })),
      '收件/报表.xlsx',
    );
    expect(table).toMatchObject({ group: 3, district: '高新区', groupSource: 'cell', reportingUnit: '第三组（高新区）' });
  });
  it('from the district column', () => {
    const [table] = detect(workbook(laggingSheet([laggingRow(1, '甲', 1, '金水区'), laggingRow(2, '乙', 1, '金水区')])), '报表.xlsx');
    expect(table).toMatchObject({ group: 13, district: '金水区', groupSource: 'column' });
  });
  it('from --group', () => {
    const [table] = detect(workbook(laggingSheet([laggingRow(1, '甲', 1, '金水区')])), '第三组.xlsx', 7);
    expect(table).toMatchObject({ group: 7, district: '郑东新区', groupSource: 'override' });
  });
  it('unknown', () => {
    const [table] = detect(workbook(laggingSheet([laggingRow(1, '甲', 1, '金水区'), laggingRow(2, '乙', 1, '中原区')])), '报表.xlsx');
    expect(table).toMatchObject({ group: null, district: null, groupSource: null });
  });
});
