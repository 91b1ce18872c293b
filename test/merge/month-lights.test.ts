/**
 * The 月报's 督导服务 lights (merge/month-lights.ts): per district the counts of the group's latest
 * weekly report of the month, and the projects 红 in two or more of the month's weekly reports —
 * against figures worked out by hand below (June 2022, plan 1000 万元 for every project).
 *
 *   填表日期     day  序时进度            红 when 完成率 < 序时 − 30
 *   2022-06-03  154  154/365 = 42.19 → 42.2   < 12.2
 *   2022-06-10  161  161/365 = 44.11 → 44.1   < 14.1
 *   2022-06-17  168  168/365 = 46.03 → 46.0   < 16.0
 *   2022-06-24  175  175/365 = 47.95 → 47.9   < 17.9
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import { monthLights, persistentRedText, type MonthLights } from '../../src/merge/month-lights.js';
import { strFromU8, unzipSync } from 'fflate';
import { buildMonthlyReport } from '../../src/monthly/report-model.js';
import { estimateLayout, writeMonthlyReportDocx } from '../../src/writers/monthly-report-docx.js';
import type { KindId } from '../../src/schema/kinds.js';
import { submission, type RowSpec } from './support.js';

const config = DEFAULT_CONFIG;
const WEEKS = ['2022-W22', '2022-W23', '2022-W24', '2022-W25'];
const FRIDAYS = ['2022-06-03', '2022-06-10', '2022-06-17', '2022-06-24'];
const DISTRICTS = ['中原区', '二七区', '高新区'];

/** A project row: plan 1000, 总投资 5000, 2021.03-2023.12, in the group's district. */
function row(group: number, name: string, completed: number, extra: RowSpec = {}): RowSpec {
  return { name, total: 5000, plan: 1000, completed, period: '2021.03-2023.12', district: DISTRICTS[group - 1]!, ...extra };
}

function table(group: number, week: number, rows: RowSpec[], kind: KindId = 'lagging') {
  return submission({ group, kind, receivedAt: `${FRIDAYS[week]!}T10:00:00+08:00`, rows, file: `收件/第${group}组_${kind}_${week}.xlsx` });
}

// 第一组 (中原区), every week:
//   甲  50 → 60 → 70 → 300:   5.0 红, 6.0 红, 7.0 红, 30.0 (gap 17.9) 黄     — 红 3 weeks
//   乙  —  → —  → 100 → 120:  10.0 红 (gap 36.0), 12.0 红 (gap 35.9)          — 红 2 weeks
//   丙  100 → 400 → 410 → 420: 10.0 红 (gap 32.2), then 绿                     — 红 once: not listed
//   丁  —  → —  → —  → 1200:  over the plan: 存疑
// 第二组 (二七区) reports W22 and W23 only; its project is renamed in W23:
//   示范路 50 红 (W22) → 示范路（北段） 60 红 (W23)                            — one project, 红 2 weeks
// 第三组 (高新区) W24 and W25: one project in 附件2 and 附件3, 红 both weeks        — counted once, 红 2 weeks
const g1 = [
  [row(1, '中原区甲项目', 50), row(1, '中原区丙项目', 100)],
  [row(1, '中原区甲项目', 60), row(1, '中原区丙项目', 400)],
  [row(1, '中原区甲项目', 70), row(1, '中原区乙项目', 100), row(1, '中原区丙项目', 410)],
  [row(1, '中原区甲项目', 300), row(1, '中原区乙项目', 120), row(1, '中原区丙项目', 420), row(1, '中原区丁项目', 1200)],
];
const submissions = [
  ...g1.map((rows, w) => table(1, w, rows)),
  table(2, 0, [row(2, '二七区示范路建设项目', 50)]),
  table(2, 1, [row(2, '二七区示范路（北段）建设项目', 60)]),
  ...[2, 3].flatMap((w) => [
    table(3, w, [row(3, '高新区科创中心项目', 100 + w)]),
    table(3, w, [row(3, '高新区科创中心项目', 100 + w, { leader: '某省领导' })], 'provincial'),
  ]),
];

describe('monthLights: per district counts and the projects 红 two periods or more', () => {
  const lights = monthLights(submissions, WEEKS, config);
  const group = (n: number) => lights.groups.find((g) => g.group === n)!;

  it('counts each group by its latest report of the month', () => {
    expect(group(1).week).toBe('2022-W25');
    expect(group(1).counts).toEqual({ red: 1, yellow: 1, green: 1, doubt: 1, none: 0 });
    expect(group(2).week).toBe('2022-W23');
    expect(group(2).counts).toEqual({ red: 1, yellow: 0, green: 0, doubt: 0, none: 0 });
    // one project in 附件2 and 附件3 counts once
    expect(group(3).week).toBe('2022-W25');
    expect(group(3).counts).toEqual({ red: 1, yellow: 0, green: 0, doubt: 0, none: 0 });
  });

  it('lists every group of the roster; a group without reports has no week and zeros', () => {
    expect(lights.groups.map((g) => g.group)).toEqual(config.groups.map((g) => g.number));
    expect(group(16)).toMatchObject({ week: null, counts: { red: 0, yellow: 0, green: 0, doubt: 0, none: 0 }, persistentRed: [] });
    expect(lights.total).toEqual({ red: 3, yellow: 1, green: 1, doubt: 1, none: 0 });
  });

  it('lists the projects 红 in two weeks or more, most weeks first, once per project', () => {
    expect(group(1).persistentRed.map((r) => [r.name, r.redWeeks])).toEqual([
      ['中原区甲项目', 3],
      ['中原区乙项目', 2],
    ]);
    // renamed: one project, named as last written
    expect(group(2).persistentRed.map((r) => [r.name, r.redWeeks])).toEqual([['二七区示范路（北段）建设项目', 2]]);
    // in two tables the same week: one week, listed by its 附件2 row
    expect(group(3).persistentRed.map((r) => [r.name, r.redWeeks, r.kind])).toEqual([['高新区科创中心项目', 2, 'lagging']]);
    expect(persistentRedText(group(1).persistentRed[0]!)).toBe('中原区甲项目（红灯3期，进度滞后）');
  });

  it('a 红 before the month does not count towards the month', () => {
    const later = monthLights(submissions, WEEKS.slice(1), config);
    expect(later.groups.find((g) => g.group === 1)!.persistentRed.map((r) => [r.name, r.redWeeks])).toEqual([
      ['中原区甲项目', 2],
      ['中原区乙项目', 2],
    ]);
    // 第二组 was 红 in W22 and W23; from W23 on only once
    expect(later.groups.find((g) => g.group === 2)!.persistentRed).toEqual([]);
  });

  it('without weeks: nothing counted', () => {
    const none = monthLights(submissions, [], config);
    expect(none.weeks).toEqual([]);
    expect(none.total).toEqual({ red: 0, yellow: 0, green: 0, doubt: 0, none: 0 });
  });

  it('the 月报 model says it in words, with the bands from the config', () => {
    const report = buildMonthlyReport([], config, { month: '2022-06', lights });
    const block = report.sections.find((s) => s.column === '督导服务')!.supervision!.lights!;
    expect(block.summary).toBe(
      '按各组本月最后一次报送的进度滞后、省市领导联系项目统计，红灯3个、黄灯1个、绿灯1个、数据存疑1个；2022年第22周至第25周中2期以上亮红灯的项目4个，列在表中。',
    );
    expect(block.redTexts.get(1)).toEqual(['中原区甲项目（红灯3期，进度滞后）', '中原区乙项目（红灯2期，进度滞后）']);
    expect(block.note).toContain('不超过10个百分点为绿灯，10至30个百分点为黄灯，超过30个百分点为红灯');
    const strict = buildMonthlyReport([], { ...config, lights: { ...config.lights, greenWithin: 5, redBeyond: 20 } }, { month: '2022-06', lights });
    expect(strict.sections.find((s) => s.column === '督导服务')!.supervision!.lights!.note).toContain('不超过5个百分点为绿灯，5至20个百分点为黄灯');
  });
});

describe('the 月报 .docx shows the lights table in 督导服务', async () => {
  const lights = monthLights(submissions, WEEKS, config);
  const withLights = await writeMonthlyReportDocx(buildMonthlyReport([], config, { month: '2022-06', lights }));
  const without = await writeMonthlyReportDocx(buildMonthlyReport([], config, { month: '2022-06' }));
  const textOf = (bytes: Uint8Array) =>
    [...strFromU8(unzipSync(bytes)['word/document.xml']!).matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
  const text = textOf(withLights);

  it('after the 督导服务 statistics, before 四、县区风采: caption, words for the colours, a row per group, 合计', () => {
    const at = (s: string) => text.indexOf(s);
    const order = ['三、督导服务', '各区县重点项目序时进度亮灯情况表', '红灯黄灯绿灯数据存疑2期以上红灯的项目', '第一组中原区1111中原区甲项目（红灯3期，进度滞后）中原区乙项目（红灯2期，进度滞后）', '第二组二七区1000二七区示范路（北段）建设项目（红灯2期，进度滞后）', '合计31114个', '四、县区风采'];
    const positions = order.map(at);
    expect(positions.every((p) => p >= 0), JSON.stringify(order.filter((s) => at(s) < 0))).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(text).toContain('第十六组');
  });

  it('is absent when the command gave no lights', () => {
    expect(textOf(without)).not.toContain('亮灯情况表');
  });
});

describe('the 合计 row of the 月报 tables never begins a page alone under the repeated header', () => {
  /** Lights where group i (roster order) has reds[i] projects 红 two weeks or more. */
  function lightsWith(reds: number[]): MonthLights {
    const groups = config.groups.map((g, i) => ({
      group: g.number,
      district: g.district,
      week: '2022-W25',
      counts: { red: reds[i] ?? 0, yellow: 1, green: 2, doubt: 0, none: 0 },
      persistentRed: Array.from({ length: reds[i] ?? 0 }, (_, k) => ({ project: `p${i}-${k}`, name: `${g.district}第${k + 1}号重点建设项目`, kind: 'lagging' as const, redWeeks: 2 })),
    }));
    return { weeks: WEEKS, groups, total: { red: reds.reduce((a, b) => a + b, 0), yellow: 16, green: 32, doubt: 0, none: 0 } };
  }
  // 0 … 3 red projects per group, spread over the groups: the table grows a line at a time, so for
  // some n the 合计 row would be the first row of a page (n = 14 did, before).
  const cases = Array.from({ length: 48 }, (_, n) => Array.from({ length: 16 }, (_, i) => Math.floor(n / 16) + (i < n % 16 ? 1 : 0)));

  it('by the page estimate, as Word, the widest and the tightest reader set it', () => {
    const alone: string[] = [];
    for (const reds of cases) {
      const layout = estimateLayout(buildMonthlyReport([], config, { month: '2022-06', lights: lightsWith(reds) }));
      for (const [how, e] of Object.entries(layout)) if (e.pageStarts.includes('合计')) alone.push(`${reds.join('')} ${how}`);
    }
    expect(alone).toEqual([]);
  });

  it('in the docx: every paragraph of the row above 合计 (and above 全市) keeps with the next, no other row does', async () => {
    const bytes = await writeMonthlyReportDocx(buildMonthlyReport([], config, { month: '2022-06', lights: lightsWith(cases[14]!) }));
    const xml = strFromU8(unzipSync(bytes)['word/document.xml']!);
    const tables = [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)]
      .filter((t) => /合计|全市（不重复计）/.test(t[0]))
      .map((t) => [...t[0].matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((r) => r[0]));
    expect(tables).toHaveLength(2);
    for (const rows of tables) {
      const kept = rows.map((r, i) => [i, (r.match(/<w:p[ >]/g) ?? []).length, (r.match(/<w:keepNext\/>/g) ?? []).length] as const).filter(([, , k]) => k > 0);
      expect(kept).toHaveLength(1);
      const [index, paragraphs, keeps] = kept[0]!;
      expect(index).toBe(rows.length - 2);
      expect(keeps).toBe(paragraphs);
      expect(rows[rows.length - 1]).toMatch(/合计|全市（不重复计）/);
    }
  });
});
