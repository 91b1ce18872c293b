import { describe, expect, it } from 'vitest';
import type { FieldId, KindId } from '../../src/schema/kinds.js';
import { matchField, normaliseLabel } from '../../src/values/labels.js';

describe('normaliseLabel', () => {
  it.each([
    ['总投资\n(万元)', '总投资'],
    ['总投资（万元）', '总投资'],
    ['总 投 资 万元', '总投资'],
    ['所在区\n（县）', '所在区(县)'],
    ['起止年限【年月-年月】', '起止年限(年月-年月)'],
    ['*项目名称：', '项目名称'],
    ['总投资(单位：万元)', '总投资'],
  ])('%j → %j', (label, expected) => {
    expect(normaliseLabel(label)).toBe(expected);
  });
});

describe('matchField', () => {
  const cases: [string, KindId, FieldId | null][] = [
    ['序号', 'lagging', 'serial'],
    ['项目\n名称', 'lagging', 'name'],
    ['项目名称', 'monthly', null],
    ['起止年限\n(年月-年月)', 'lagging', 'period'],
    ['起止年限（年月－年月）', 'lagging', 'period'],
    ['起止年限(年月)', 'lagging', 'period'],
    ['起止年限', 'provincial', 'period'],
    ['总投资(万元)', 'lagging', 'total'],
    ['总投资（万元）', 'lagging', 'total'],
    ['总投资', 'lagging', 'total'],
    ['总投资额', 'lagging', 'total'],
    ['总投资额（万元）', 'provincial', 'total'],
    ['总投资\n（万元）', 'municipal', 'total'],
    ['总投资(亿元)', 'lagging', null],
    ['年度计划投资(万元)', 'lagging', 'plan'],
    ['本年计划投资（万元）', 'provincial', 'plan'],
    ['2022年计划投资', 'municipal', 'plan'],
    ['截至完成投资\n(万元)', 'lagging', 'completed'],
    ['截止完成投资', 'lagging', 'completed'],
    ['截至2月底完成投资', 'lagging', 'completed'],
    ['进展情况', 'lagging', 'progress'],
    ['存在问题及\n涉及单位', 'lagging', 'problems'],
    ['协调解\n决情况', 'lagging', 'coordination'],
    ['所在区\n(县)', 'lagging', 'district'],
    ['所在区（县）', 'lagging', 'district'],
    ['所在区县', 'lagging', 'district'],
    ['项目所在地', 'lagging', 'district'],
    ['项目所在地', 'provincial', 'district'],
    ['所在区(县)', 'provincial', 'district'],
    ['省分管领导', 'provincial', 'leader'],
    ['省分管领导', 'municipal', null],
    ['市分管领导', 'municipal', 'leader'],
    ['市分管领导', 'provincial', null],
    ['分管领导', 'provincial', 'leader'],
    ['分管领导', 'municipal', 'leader'],
    ['分管领导', 'lagging', null],
    ['落实情况', 'whitelist', 'status'],
    ['备注', 'whitelist', 'remark'],
    ['备注', 'lagging', null],
    ['栏目', 'monthly', 'column'],
    ['标题', 'monthly', 'title'],
    ['内容', 'monthly', 'content'],
    ['日期', 'monthly', 'date'],
    ['涉及项目', 'monthly', 'projects'],
    ['投资情况（万元）', 'lagging', null],
    ['', 'lagging', null],
    ['联系人', 'lagging', null],
  ];
  it.each(cases)('%j in %s → %s', (label, kind, field) => {
    expect(matchField(label, kind)).toBe(field);
  });
});
