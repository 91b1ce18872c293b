import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import { collectItems } from '../../src/monthly/items.js';
import { monthPeriod } from '../../src/monthly/period.js';
import { buildMonthlyReport, EMPTY_SECTION, groupsAsNotice, totalIssueNumber } from '../../src/monthly/report-model.js';
import { makeTable, sampleMonth, source } from './helpers.js';

const march = monthPeriod('2022-03', DEFAULT_CONFIG);

describe('items', () => {
  it('takes rows by their 日期, else by the table date; the 20th in, the 21st out', () => {
    const t = makeTable('monthly', 3, '2022-03-19', [
      { column: '项目动态', title: '甲', content: '甲内容', date: '2022-03-20' },
      { column: '项目动态', title: '乙', content: '乙内容', date: '2022-03-21' },
      { column: '项目动态', title: '丙', content: '丙内容' },
      { column: '项目动态', title: '丁', content: '丁内容', date: '2022-02-20' },
    ]);
    const items = collectItems([source(t)], DEFAULT_CONFIG, march);
    expect(items.map((i) => [i.title, i.date, i.dateFromRow])).toEqual([
      ['丙', '2022-03-19', false],
      ['甲', '2022-03-20', true],
    ]);
  });

  it('a table dated after the period still gives its rows dated inside it', () => {
    const t = makeTable('monthly', 3, '2022-03-22', [{ column: '领导动态', title: '甲', content: '内容', date: '2022-03-18' }, { column: '领导动态', title: '乙', content: '内容' }]);
    expect(collectItems([source(t)], DEFAULT_CONFIG, march).map((i) => i.title)).toEqual(['甲']);
  });

  it('dedupes an item sent twice, by one group or by two', () => {
    const row = { column: '重大活动', title: '集中开工', content: '全市集中开工。', date: '2022-03-16' };
    const sources = [
      source(makeTable('monthly', 3, '2022-03-17', [row], 'a.xlsx')),
      source(makeTable('monthly', 3, '2022-03-18', [{ ...row, content: ' 全市集中开工。 ' }], 'b.xlsx')),
      source(makeTable('monthly', 1, '2022-03-18', [row], 'c.xlsx')),
    ];
    const items = collectItems(sources, DEFAULT_CONFIG, march);
    expect(items).toHaveLength(1);
    expect(items[0]!.groups).toEqual([
      { number: 1, district: '中原区' },
      { number: 3, district: '高新区' },
    ]);
    expect(items[0]!.sources).toHaveLength(3);
  });

  it('orders by date, then group, then title', () => {
    const sources = [
      source(makeTable('monthly', 9, '2022-03-10', [{ column: '项目动态', title: 'B', content: 'x', date: '2022-03-05' }, { column: '项目动态', title: 'A', content: 'y', date: '2022-03-05' }])),
      source(makeTable('monthly', 2, '2022-03-10', [{ column: '项目动态', title: '丙', content: 'z', date: '2022-03-05' }, { column: '项目动态', title: '丁', content: 'w', date: '2022-02-28' }])),
    ];
    expect(collectItems(sources, DEFAULT_CONFIG, march).map((i) => i.title)).toEqual(['丁', '丙', 'A', 'B']);
  });

  it('ignores tables with errors', () => {
    const t = makeTable('monthly', 3, '2022-03-10', [{ column: '项目动态', title: '甲', content: 'x' }]);
    expect(collectItems([source(t, { valid: false })], DEFAULT_CONFIG, march)).toEqual([]);
  });
});

describe('the report model', () => {
  it('has the masthead, the period and the issue', () => {
    const r = buildMonthlyReport([], DEFAULT_CONFIG, { month: '2022-03' });
    expect(r).toMatchObject({
      centre: '郑州市重点项目建设中心',
      issue: 1,
      issueText: '2022年第1期',
      totalIssue: null,
      totalIssueText: '',
      mark: '',
      issueDate: '2022-03-20',
      issueDateText: '2022年3月20日',
      periodLine: '统计时段：2022年2月21日至2022年3月20日',
      fileName: '2022年第1期重点项目建设协调服务工作月报.docx',
    });
    expect(buildMonthlyReport([], DEFAULT_CONFIG, { month: '2022-05', issue: 7 }).fileName).toBe('2022年第7期重点项目建设协调服务工作月报.docx');
    expect(buildMonthlyReport([], DEFAULT_CONFIG, { month: '2023-01' }).fileName).toBe('2023年第1期重点项目建设协调服务工作月报.docx');
  });

  it('keeps the five sections of 附件5 in order, and an empty one says 本月无', () => {
    const r = buildMonthlyReport([], DEFAULT_CONFIG, { month: '2022-03' });
    expect(r.sections.map((s) => s.heading)).toEqual(['一、领导动态', '二、重大活动', '三、督导服务', '四、县区风采', '五、项目动态']);
    for (const s of r.sections) {
      if (s.supervision) expect(s.empty).toBeNull();
      else expect(s.empty).toBe(EMPTY_SECTION);
    }
    expect(EMPTY_SECTION).toBe('本月无。');
  });

  it('names the groups that missed 每组每月报送各类信息均不少于1条', () => {
    const r = buildMonthlyReport(sampleMonth(), DEFAULT_CONFIG, { month: '2022-03' });
    const s = r.sections[2]!.supervision!;
    expect(s.statistics.groups).toHaveLength(16);
    expect(s.missed.map((m) => m.group)).toEqual([5, 7, 11]);
    expect(s.missedText).toContain('第七组（郑东新区，缺报省领导联系）');
    expect(s.missedText).toContain('第十一组（荥阳市，缺报月报素材）');
    expect(s.summary).toContain('13个组达到');
  });

  it('says so when every group met it', () => {
    const sources = [];
    for (const g of DEFAULT_CONFIG.groups)
      for (const kind of ['lagging', 'provincial', 'municipal', 'whitelist'] as const) sources.push(source(makeTable(kind, g.number, '2022-03-04', [])));
    for (const g of DEFAULT_CONFIG.groups) sources.push(source(makeTable('monthly', g.number, '2022-03-04', [{ column: '县区风采', title: `标题${g.number}`, content: '内容' }])));
    const s = buildMonthlyReport(sources, DEFAULT_CONFIG, { month: '2022-03' }).sections[2]!.supervision!;
    expect(s.missed).toEqual([]);
    expect(s.missedText).toBe('本月各组均达到“每组每月报送各类信息均不少于1条”的要求。');
  });

  it('numbers items within a section, 督导服务 after its statistics, each with its group', () => {
    const r = buildMonthlyReport(sampleMonth(), DEFAULT_CONFIG, { month: '2022-03' });
    const supervision = r.sections[2]!;
    expect(supervision.supervision!.heading).toBe('（一）各组督导服务情况');
    expect(supervision.items[0]!.number).toBe('（二）');
    expect(supervision.items[0]!.groupsText).toBe('（第一组 中原区）');
    const news = r.sections[4]!;
    expect(news.items[0]!.number).toBe('（一）');
    expect(news.items[0]!.body).toMatch(/（第九组 惠济区，3月1日）$/);
    const dates = news.items.map((i) => i.item.date);
    expect([...dates].sort()).toEqual(dates);
  });
});

describe('涉及项目', () => {
  it('is added when the content does not name the project, and not repeated when it does', () => {
    const t = makeTable('monthly', 4, '2022-03-10', [
      { column: '项目动态', title: '甲', content: '某项目主体封顶', projects: '新密市民中心', date: '2022-03-01' },
      { column: '项目动态', title: '乙', content: '新密市民中心主体封顶。', projects: '新密市民中心', date: '2022-03-02' },
    ]);
    const items = buildMonthlyReport([source(t)], DEFAULT_CONFIG, { month: '2022-03' }).sections[4]!.items;
    expect(items[0]!.body).toBe('某项目主体封顶。涉及项目：新密市民中心。（第四组 新密市，3月1日）');
    expect(items[1]!.body).toBe('新密市民中心主体封顶。（第四组 新密市，3月2日）');
  });
});

describe('masthead and 版记 (issue 8 items 4, 5)', () => {
  const withMonthly = (monthly: Partial<typeof DEFAULT_CONFIG.monthly>) => ({ ...DEFAULT_CONFIG, monthly: { ...DEFAULT_CONFIG.monthly, ...monthly } });

  it('writes the issue with its year, as the file name does', () => {
    const r = buildMonthlyReport([], DEFAULT_CONFIG, { month: '2023-02' });
    expect(r.issueText).toBe('2023年第2期');
    expect(r.fileName.startsWith(r.issueText)).toBe(true);
  });

  it('counts the 总期号 by month from the configured start, across years', () => {
    const config = withMonthly({ totalIssueStart: 25 });
    expect(totalIssueNumber('2022-03', config)).toBe(25);
    expect(totalIssueNumber('2023-01', config)).toBe(35);
    expect(totalIssueNumber('2022-03', DEFAULT_CONFIG)).toBeNull();
    expect(totalIssueNumber('2021-01', withMonthly({ totalIssueStart: 3 }))).toBeNull();
    expect(buildMonthlyReport([], config, { month: '2022-05', issue: 9 })).toMatchObject({ issueText: '2022年第9期', totalIssueText: '（总第27期）' });
  });

  it('carries the configured mark', () => {
    expect(buildMonthlyReport([], withMonthly({ mark: ' 内部资料 ' }), { month: '2022-03' }).mark).toBe('内部资料');
  });

  it('has the 版记 lines from the config, each ending with 。, the centre as 印发机关 by default', () => {
    const r = buildMonthlyReport([], DEFAULT_CONFIG, { month: '2022-03', issueDate: '2022-03-05' });
    expect(r.colophon.lines.map((l) => l.label)).toEqual(['报', '送', '发']);
    for (const l of r.colophon.lines) expect(l.to).toMatch(/[^。]。$/);
    expect(r.colophon.issuer).toBe('郑州市重点项目建设中心');
    expect(r.colophon.issuedText).toBe('2022年3月5日印发');
  });

  it('takes 抄送 lines and another 印发机关, and mends their punctuation', () => {
    const config = withMonthly({
      colophon: { lines: [{ label: '抄送', to: '市发展改革委办公室，' }, { label: '发', to: '各工作组.' }], issuer: '郑州市重点项目建设中心办公室' },
    });
    const r = buildMonthlyReport([], config, { month: '2022-12' });
    expect(r.colophon.lines).toEqual([
      { label: '抄送', to: '市发展改革委办公室。' },
      { label: '发', to: '各工作组。' },
    ]);
    expect(r.colophon).toMatchObject({ issuer: '郑州市重点项目建设中心办公室', issuedText: '2022年12月20日印发' });
  });
});

describe('groups written as the notice does (issue 8 item 7)', () => {
  it.each([
    ['第3组深入高新区', '第三组深入高新区'],
    ['第03组、第１６组', '第三组、第十六组'],
    ['第 10 组', '第十组'],
    ['第17组', '第17组'],
    ['第三组', '第三组'],
  ])('%s → %s', (input, output) => expect(groupsAsNotice(input, DEFAULT_CONFIG)).toBe(output));

  it('in the report, no group is written with digits', () => {
    const r = buildMonthlyReport(sampleMonth(), DEFAULT_CONFIG, { month: '2022-03' });
    const text = JSON.stringify(r.sections.map((s) => [s.heading, s.items.map((i) => [i.title, i.body]), s.supervision?.summary, s.supervision?.missedText]));
    expect(text).toContain('第十二组深入一线');
    expect(text).not.toMatch(/第\s*[0-9０-９]+\s*组/);
  });
});

describe('city-wide totals (issue 8 item 2)', () => {
  it('says how many projects were served city-wide, and the note says which figures count per group', () => {
    const sources = [
      source(makeTable('lagging', 3, '2022-03-04', [{ name: '郑州中州大道快速化改造工程', problems: '管线迁改' }])),
      source(makeTable('lagging', 14, '2022-03-04', [{ name: '郑州中州大道快速化改造工程', problems: '管线迁改' }, { name: '经开区乙项目' }])),
    ];
    const s = buildMonthlyReport(sources, DEFAULT_CONFIG, { month: '2022-03' }).sections[2]!.supervision!;
    expect(s.summary).toMatch(/^本月16个工作组共服务项目2个（其中1个项目由2个以上工作组共同服务，只计1次），反映存在问题1个/);
    expect(s.note).toContain('“全市”一行按全市计');
    expect(s.note).toContain('各组之和：服务项目3个，反映问题2个');
  });
});

describe('who sent nothing (issue 8 item 1)', () => {
  it('lists the groups with nothing counted, and counts what was', () => {
    const sources = [
      source(makeTable('lagging', 1, '2022-03-04', [{ name: '甲' }])),
      source(makeTable('lagging', 2, '2022-03-04', [{ name: '乙' }]), { valid: false }),
      source(makeTable('monthly', 3, '2022-03-04', [{ column: '县区风采', title: '标题', content: '内容' }])),
    ];
    const r = buildMonthlyReport(sources, DEFAULT_CONFIG, { month: '2022-03' });
    expect(r.silentGroups.map((g) => g.group)).toEqual([2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    expect(r.silentGroups[0]).toEqual({ group: 2, groupName: '第二组', district: '二七区', invalidTables: 1 });
    expect(r.counted).toEqual({ weeklySubmissions: 1, items: 1, invalidTables: 1 });
    expect(buildMonthlyReport([], DEFAULT_CONFIG, { month: '2022-03' }).counted).toEqual({ weeklySubmissions: 0, items: 0, invalidTables: 0 });
  });
});
