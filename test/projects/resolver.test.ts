import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import { compareParsed, nameContext, nameSimilarity, parseName, resolveProjects, type ProjectRecord } from '../../src/projects/index.js';

const context = nameContext(DEFAULT_CONFIG.city, DEFAULT_CONFIG.groups.map((g) => g.district), DEFAULT_CONFIG.districtAliases);
const period = (startYear: number, startMonth: number, endYear: number, endMonth: number) => ({ startYear, startMonth, endYear, endMonth, yearOnly: false });
let serial = 0;
function rec(over: Partial<ProjectRecord> & { name: string }): ProjectRecord {
  const week = over.week ?? '2022-W09';
  const group = over.group ?? 1;
  const kind = over.kind ?? 'lagging';
  return {
    id: over.id ?? `r${++serial}`,
    week,
    kind,
    group,
    table: over.table ?? `${week}/${group}/${kind}`,
    district: '中原区',
    total: 30000,
    plan: 8000,
    completed: 1200,
    period: period(2021, 3, 2023, 12),
    ...over,
  };
}
const parsed = (r: ProjectRecord) => ({ record: r, name: parseName(r.name, r.district, context) });
const verdict = (a: ProjectRecord, b: ProjectRecord) => compareParsed(parsed(a), parsed(b)).verdict;

describe('name keys', () => {
  it.each([
    ['郑州市中原区人民医院新院区建设项目', '中原区', '人民医院新院区', ''],
    ['中原人民医院新院区项目', '中原区', '人民医院新院区', ''],
    ['人民医院新院区 建设项目', '中原区', '人民医院新院区', ''],
    ['ＸＸ智能制造产业园（一期）', '高新区', 'XX智能制造产业园', '1'],
    ['XX智能制造产业园一期工程', '高新区', 'XX智能制造产业园', '1'],
    ['【华豫】总部基地项目 第二期', '高新区', '华豫总部基地', '2'],
    ['郑州高新区数字经济产业园（一、二期）', '高新区', '数字经济产业园', '1,2'],
    ['管城区城市更新安置房项目', '管城回族区', '城市更新安置房', ''],
    ['郑州南三环东延快速化工程', '管城回族区', '南三环东延快速化', ''],
    ['分期建设的污水处理厂', '中原区', '分期建设的污水处理厂', ''],
  ])('%s (%s) → %s, phase %s', (name, district, key, phase) => {
    const p = parseName(name, district, context);
    expect(p.localKey).toBe(key);
    expect(p.phase).toBe(phase);
  });

  it('similarity: equal cores 1, unrelated names near 0', () => {
    const a = parseName('华豫年产10万套智能传感器项目', '高新区', context);
    const b = parseName('华豫智能传感器生产基地项目', '高新区', context);
    const c = parseName('城乡供水一体化工程', '高新区', context);
    expect(nameSimilarity(a, a)).toBe(1);
    expect(nameSimilarity(a, b)).toBeGreaterThan(0.3);
    expect(nameSimilarity(a, c)).toBeLessThan(0.1);
  });
});

describe('two rows with equal names (rule 2)', () => {
  it.each([
    ['full-width, spaces, 郑州市 and district prefix', rec({ name: '郑州市中原区 人民医院新院区建设项目' }), rec({ name: '人民医院新院区项目', group: 2 }), 'same'],
    ['一期 and 二期', rec({ name: '中原数字经济产业园（一期）' }), rec({ name: '中原数字经济产业园（二期）', week: '2022-W10' }), 'distinct'],
    ['a phase written once', rec({ name: '中原数字经济产业园' }), rec({ name: '中原数字经济产业园一期', week: '2022-W10' }), 'possible'],
    ['same district, 总投资 differs', rec({ name: '体育中心建设项目' }), rec({ name: '体育中心建设项目', week: '2022-W10', total: 42000 }), 'possible'],
    ['same district, 起止年限 differs', rec({ name: '体育中心建设项目' }), rec({ name: '体育中心建设项目', week: '2022-W10', period: period(2022, 1, 2024, 6) }), 'possible'],
    ['two districts, 总投资 differs', rec({ name: '郑州京广路快速化改造工程' }), rec({ name: '郑州京广路快速化改造工程', group: 4, district: '新密市', total: 51000 }), 'distinct'],
    ['two districts, same 总投资 and 起止年限 (a road across both)', rec({ name: '郑州南三环东延快速化工程' }), rec({ name: '郑州南三环东延快速化工程', group: 14, district: '经开区' }), 'same'],
    ['two districts, no figures (白名单)', rec({ name: '人民医院新院区', kind: 'whitelist', total: null, period: null }), rec({ name: '人民医院新院区', kind: 'whitelist', group: 2, district: '二七区', total: null, period: null }), 'possible'],
    ['the 白名单 row of a 附件2 project', rec({ name: '人民医院新院区建设项目' }), rec({ name: '人民医院新院区建设项目', kind: 'whitelist', total: null, plan: null, completed: null, period: null }), 'same'],
    ['district prefix only drops for the own district', rec({ name: '中原人民医院' }), rec({ name: '人民医院', group: 2, district: '二七区' }), 'distinct'],
    ['two rows of one table', rec({ name: '体育中心建设项目', table: 't' }), rec({ name: '体育中心建设项目', table: 't' }), 'distinct'],
  ])('%s → %s', (_name, a, b, expected) => {
    expect(verdict(a, b)).toBe(expected);
    expect(verdict(b, a)).toBe(expected);
  });
});

describe('resolveProjects', () => {
  it('one project across weeks, groups and tables; look-alikes stay apart', () => {
    const rows = [
      rec({ id: 'a1', name: '中原数字经济产业园（一期）', week: '2022-W08' }),
      rec({ id: 'a2', name: '中原数字经济产业园(一期)', week: '2022-W09' }),
      rec({ id: 'a3', name: '郑州市中原区数字经济产业园一期', week: '2022-W09', kind: 'provincial', completed: 1300 }),
      rec({ id: 'a4', name: '中原数字经济产业园 一期', week: '2022-W09', kind: 'whitelist', total: null, plan: null, completed: null, period: null }),
      rec({ id: 'b1', name: '中原数字经济产业园（二期）', week: '2022-W09', total: 45000 }),
      rec({ id: 'c1', name: '中原数字经济产业园（一期）', week: '2022-W09', group: 2, district: '二七区', total: 18000 }),
    ];
    const r = resolveProjects(rows, { names: context });
    const of = (id: string) => r.projectOf.get(id);
    expect(of('a2')).toBe(of('a1'));
    expect(of('a3')).toBe(of('a1'));
    expect(of('a4')).toBe(of('a1'));
    expect(of('b1')).not.toBe(of('a1'));
    expect(of('c1')).not.toBe(of('a1'));
    expect(r.projects).toHaveLength(3);
  });

  it('a rename: lost and gained in one table, equal figures, alike names', () => {
    const rows = [
      rec({ id: 'old', name: '华豫年产10万套智能传感器项目', week: '2022-W08', district: '高新区', group: 3 }),
      rec({ id: 'new', name: '华豫智能传感器生产基地项目', week: '2022-W09', district: '高新区', group: 3, completed: 1500 }),
      rec({ id: 'other', name: '高新体育中心建设项目', week: '2022-W09', district: '高新区', group: 3, total: 20000 }),
      rec({ id: 'other0', name: '高新体育中心建设项目', week: '2022-W08', district: '高新区', group: 3, total: 20000 }),
    ];
    const r = resolveProjects(rows, { names: context });
    expect(r.projectOf.get('new')).toBe(r.projectOf.get('old'));
    expect(r.renames).toEqual([
      expect.objectContaining({ group: 3, kind: 'lagging', fromWeek: '2022-W08', week: '2022-W09', from: '华豫年产10万套智能传感器项目', to: '华豫智能传感器生产基地项目' }),
    ]);
    expect(r.possible).toEqual([]);
  });

  it('equal figures but unalike names: 待核实, not merged', () => {
    const rows = [
      rec({ id: 'old', name: '城市更新安置房项目', week: '2022-W08' }),
      rec({ id: 'new', name: '幸福里小区建设项目', week: '2022-W09' }),
    ];
    const r = resolveProjects(rows, { names: context });
    expect(r.projectOf.get('new')).not.toBe(r.projectOf.get('old'));
    expect(r.renames).toEqual([]);
    expect(r.possible).toEqual([expect.objectContaining({ type: 'rename' })]);
  });

  it('two lost and two gained with the same figures: 待核实, nothing merged', () => {
    const rows = [
      rec({ id: 'o1', name: '中原智能制造产业园', week: '2022-W08' }),
      rec({ id: 'o2', name: '中原现代物流园', week: '2022-W08' }),
      rec({ id: 'n1', name: '中原智能制造产业园区', week: '2022-W09' }),
      rec({ id: 'n2', name: '中原现代物流园区', week: '2022-W09' }),
    ];
    const r = resolveProjects(rows, { names: context });
    expect(new Set(r.projectOf.values()).size).toBe(4);
    expect(r.renames).toEqual([]);
    expect(r.possible.length).toBeGreaterThanOrEqual(2);
  });

  it('alike names but a figure differs: 待核实 with the reason', () => {
    const rows = [rec({ id: 'o', name: '中原科技创新园', week: '2022-W08' }), rec({ id: 'n', name: '中原科技创新园区', week: '2022-W09', total: 36000 })];
    const r = resolveProjects(rows, { names: context });
    expect(r.projectOf.get('o')).not.toBe(r.projectOf.get('n'));
    expect(r.possible).toEqual([expect.objectContaining({ type: 'rename', reasons: [expect.stringContaining('总投资不同')] })]);
  });

  it('a chain of “same” pairs never joins what rule 2 keeps apart', () => {
    // x and z are in different districts with different totals; y (白名单, no figures, no district) matches both.
    const rows = [
      rec({ id: 'x', name: '人民医院新院区', week: '2022-W09' }),
      rec({ id: 'z', name: '人民医院新院区', week: '2022-W09', group: 2, district: '二七区', total: 50000 }),
      rec({ id: 'y', name: '人民医院新院区', week: '2022-W09', group: 5, kind: 'whitelist', district: null, total: null, plan: null, completed: null, period: null }),
    ];
    const r = resolveProjects(rows, { names: context });
    expect(r.projectOf.get('x')).not.toBe(r.projectOf.get('z'));
  });

  it('gives the same answer for the records in any order', () => {
    const rows = [
      rec({ id: 'a', name: '中原现代物流园', week: '2022-W08' }),
      rec({ id: 'b', name: '中原现代物流园项目', week: '2022-W09' }),
      rec({ id: 'c', name: '华豫总部基地', week: '2022-W08', total: 12000 }),
      rec({ id: 'd', name: '华豫区域总部基地', week: '2022-W09', total: 12000 }),
      rec({ id: 'e', name: '中原现代物流园', week: '2022-W09', group: 4, district: '新密市', total: 9000 }),
    ];
    const one = resolveProjects(rows, { names: context });
    const two = resolveProjects([...rows].reverse(), { names: context });
    expect([...two.projectOf.entries()].sort()).toEqual([...one.projectOf.entries()].sort());
    expect(two.renames).toEqual(one.renames);
    expect(two.possible).toEqual(one.possible);
  });
});
