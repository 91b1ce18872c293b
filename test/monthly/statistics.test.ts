import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import { monthPeriod } from '../../src/monthly/period.js';
import { computeStatistics, yearStatistics } from '../../src/monthly/statistics.js';
import { chineseNumber, groupName } from '../../src/config/group-name.js';
import { makeTable, sampleMonth, source } from './helpers.js';

const march = monthPeriod('2022-03', DEFAULT_CONFIG);

describe('group names', () => {
  it('writes numbers as the roster does', () => {
    expect([1, 10, 11, 16, 20, 21].map(chineseNumber)).toEqual(['一', '十', '十一', '十六', '二十', '二十一']);
    expect(groupName(3)).toBe('第三组');
  });
});

describe('statistics over generated weeks', () => {
  const stats = computeStatistics(sampleMonth(), DEFAULT_CONFIG, march);
  const g = (n: number) => stats.groups.find((x) => x.group === n)!;

  it('lists all 16 groups in roster order, even those that sent nothing', () => {
    expect(stats.groups.map((x) => x.group)).toEqual(DEFAULT_CONFIG.groups.map((x) => x.number));
    expect(g(5)).toMatchObject({ district: '巩义市', projectsServed: 0, problemsReported: 0, compliant: false });
  });

  it('counts distinct projects and distinct problems, once however many weeks repeat them', () => {
    // lagging 甲 and 乙, provincial, municipal, whitelist = 5 projects
    expect(g(1).projectsServed).toBe(5);
    // 甲's land problem (4 weeks, same text), 乙's power problem (week 4), municipal 资金缺口 = 3
    expect(g(1).problemsReported).toBe(3);
    // only 甲's problem got a coordination result
    expect(g(1).problemsCoordinated).toBe(1);
  });

  it('counts weekly submissions by week and 月报素材 by item', () => {
    expect(g(1).submissions).toEqual({ lagging: 4, provincial: 4, municipal: 4, whitelist: 4, monthly: 2 });
    expect(g(9).submissions.whitelist).toBe(1);
    expect(g(7).submissions.provincial).toBe(0);
  });

  it('tells compliance per group and kind', () => {
    expect(g(1).compliant).toBe(true);
    expect(g(9).compliant).toBe(true);
    expect(g(7).missingKinds).toEqual(['provincial']);
    expect(g(11).missingKinds).toEqual(['monthly']);
    expect(g(5).missingKinds).toEqual(['lagging', 'provincial', 'municipal', 'whitelist', 'monthly']);
    expect(stats.totals.compliantGroups).toBe(13);
  });

  it('adds the totals up; with no project shared between groups the city-wide count is the sum', () => {
    expect(stats.totals.submissions.lagging).toBe(15 * 4);
    expect(stats.totals.byGroups.projectsServed).toBe(stats.groups.reduce((a, x) => a + x.projectsServed, 0));
    expect(stats.totals.projectsServed).toBe(stats.totals.byGroups.projectsServed);
    expect(stats.sharedProjects).toEqual([]);
  });
});

describe('projects reported by several groups (issue 8 item 2)', () => {
  // The same road reported by three groups, spelled three ways; one problem reported by two of them.
  const sources = [
    source(makeTable('lagging', 3, '2022-03-04', [
      { name: '郑州中州大道快速化改造工程（一期）', problems: '管线迁改滞后', coordination: '已协调' },
      { name: '高新区甲项目', problems: '用地手续' },
    ])),
    source(makeTable('municipal', 10, '2022-03-04', [{ name: '郑州中州大道快速化改造工程(一期)', leader: '某', problems: '管线迁改滞后' }])),
    source(makeTable('lagging', 11, '2022-03-11', [{ name: ' 郑州中州大道 快速化改造工程一期', problems: '资金缺口' }])),
    source(makeTable('provincial', 11, '2022-03-11', [{ name: '荥阳乙项目', leader: '某' }])),
  ];
  const stats = computeStatistics(sources, DEFAULT_CONFIG, march);
  const g = (n: number) => stats.groups.find((x) => x.group === n)!;

  it('counts each project once city-wide, once per group in the group rows', () => {
    expect([g(3).projectsServed, g(10).projectsServed, g(11).projectsServed]).toEqual([2, 1, 2]);
    expect(stats.totals.byGroups.projectsServed).toBe(5);
    expect(stats.totals.projectsServed).toBe(3);
  });

  it('counts a problem two groups reported about the same project once city-wide', () => {
    expect(stats.totals.byGroups.problemsReported).toBe(4);
    expect(stats.totals.problemsReported).toBe(3);
    expect(stats.totals.problemsCoordinated).toBe(1);
  });

  it('lists the shared projects with their groups, under the name the first group wrote', () => {
    expect(stats.sharedProjects).toEqual([{ name: '郑州中州大道快速化改造工程（一期）', groups: [3, 10, 11] }]);
  });

  it('counts a name written with and without brackets once within a group too', () => {
    const one = computeStatistics(
      [source(makeTable('lagging', 6, '2022-03-04', [{ name: '登封食品产业园（一期）' }, { name: '登封食品产业园一期' }]))],
      DEFAULT_CONFIG,
      march,
    );
    expect(one.groups.find((x) => x.group === 6)!.projectsServed).toBe(1);
  });

  it('takes another project-identity function in place of the default', () => {
    const byFirstFour = computeStatistics(sources, DEFAULT_CONFIG, march, { projectKey: (name) => name.trim().slice(0, 4) });
    // '高新区甲项目' and '荥阳乙项目' stay apart; ' 郑州中州…' trimmed joins the other two.
    expect(byFirstFour.totals.projectsServed).toBe(3);
    const everyNameApart = computeStatistics(sources, DEFAULT_CONFIG, march, { projectKey: (name) => name });
    expect(everyNameApart.totals.projectsServed).toBe(5);
    expect(everyNameApart.sharedProjects).toEqual([]);
  });

  it('counts the tables with errors of each group', () => {
    const s = computeStatistics([...sources, source(makeTable('whitelist', 3, '2022-03-10', []), { valid: false })], DEFAULT_CONFIG, march);
    expect(s.groups.find((x) => x.group === 3)!.invalidTables).toBe(1);
    expect(s.groups.find((x) => x.group === 10)!.invalidTables).toBe(0);
  });
});

describe('what counts', () => {
  it('takes weekly tables by date: the 20th in, the 21st out', () => {
    const sources = [
      source(makeTable('lagging', 2, '2022-03-20', [{ name: '甲', problems: '问题' }])),
      source(makeTable('provincial', 2, '2022-03-21', [{ name: '乙', leader: '某' }])),
      source(makeTable('municipal', 2, '2022-02-20', [{ name: '丙', leader: '某' }])),
    ];
    const s = computeStatistics(sources, DEFAULT_CONFIG, march).groups.find((x) => x.group === 2)!;
    expect(s.submissions).toMatchObject({ lagging: 1, provincial: 0, municipal: 0 });
    expect(s.projectsServed).toBe(1);
  });

  it('counts a table sent twice in one week once, and an empty table as submitted', () => {
    const sources = [
      source(makeTable('whitelist', 4, '2022-03-01', [])),
      source(makeTable('whitelist', 4, '2022-03-03', [])),
      source(makeTable('whitelist', 4, '2022-03-08', [])),
    ];
    expect(computeStatistics(sources, DEFAULT_CONFIG, march).groups.find((x) => x.group === 4)!.submissions.whitelist).toBe(2);
  });

  it('leaves out tables with errors and tables of no known group', () => {
    const sources = [
      source(makeTable('lagging', 6, '2022-03-04', [{ name: '甲', problems: '问题' }]), { valid: false }),
      source(makeTable('lagging', null, '2022-03-04', [{ name: '乙', problems: '问题' }])),
    ];
    const s = computeStatistics(sources, DEFAULT_CONFIG, march);
    expect(s.totals.projectsServed).toBe(0);
    expect(s.totals.submissions.lagging).toBe(0);
  });

  it('treats placeholders as blank problems', () => {
    const sources = [source(makeTable('municipal', 8, '2022-03-04', [{ name: '甲', leader: '某', problems: '无' }, { name: '乙', leader: '某', problems: '—' }]))];
    expect(computeStatistics(sources, DEFAULT_CONFIG, march).groups.find((x) => x.group === 8)!.problemsReported).toBe(0);
  });

  it('gives the year figures for status --year', () => {
    const sources = [
      source(makeTable('lagging', 3, '2022-01-07', [{ name: '甲', problems: '问题一', coordination: '已解决' }])),
      source(makeTable('lagging', 3, '2022-06-03', [{ name: '乙', problems: '问题二' }])),
      source(makeTable('lagging', 3, '2023-01-06', [{ name: '丙', problems: '问题三' }])),
      source(makeTable('monthly', 3, '2022-05-10', [{ column: '项目动态', title: '标题', content: '内容', date: '2022-05-09' }])),
    ];
    const y = yearStatistics(sources, DEFAULT_CONFIG, 2022).groups.find((x) => x.group === 3)!;
    expect(y).toMatchObject({ problemsReported: 2, problemsCoordinated: 1, projectsServed: 2 });
    expect(y.submissions).toMatchObject({ lagging: 2, monthly: 1 });
  });
});

describe('sourceFromTable (the bridge for status --year)', () => {
  it('dates a table by its 填表日期, else by its receipt day in the zone', async () => {
    const { sourceFromTable } = await import('../../src/monthly/sources.js');
    const withDate = makeTable('lagging', 1, '2022-03-04', []);
    const without = makeTable('lagging', 1, null, []);
    const receivedAt = new Date('2022-03-20T17:30:00Z'); // 21 March 01:30 in Shanghai
    expect(sourceFromTable({ file: 'a', table: withDate, valid: true, receivedAt, receivedFrom: 'ledger' }, 'Asia/Shanghai')).toMatchObject({ date: '2022-03-04', dateSource: 'filldate' });
    expect(sourceFromTable({ file: 'b', table: without, valid: true, receivedAt, receivedFrom: 'ledger' }, 'Asia/Shanghai')).toMatchObject({ date: '2022-03-21', dateSource: 'ledger' });
    expect(sourceFromTable({ file: 'c', table: null, valid: false, receivedAt, receivedFrom: 'mtime' }, 'Asia/Shanghai')).toBeNull();
  });
});
