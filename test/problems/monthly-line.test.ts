/**
 * The 月报's 问题台账 line and `status --year`'s problem counts, on the generated season
 * (fixtures/season) against its planted truth: the figures of each 月报 are derived from the truth's
 * timelines (what a clerk would count week by week), never typed in; then the report itself (docx
 * text, --json) and status --year through the real command line.
 */
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SeasonTruth } from '../../scripts/fixtures/problem-season.js';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import { loadInbox } from '../../src/merge/load.js';
import type { Submission } from '../../src/merge/submission.js';
import { monthPeriod } from '../../src/monthly/period.js';
import { monthProblemFigures, problemLineText, reportWeeks, weekSpanText, type ProblemLineFigures } from '../../src/monthly/problem-line.js';
import { ELEMENTS } from '../../src/problems/keywords.js';
import { buildMonthlyReport } from '../../src/monthly/report-model.js';
import { TOTALS_LABEL, writeMonthlyReportDocx } from '../../src/writers/monthly-report-docx.js';
import { ledgerFromSubmissions } from '../../src/problems/from-inbox.js';
import { sampleMonth } from '../monthly/helpers.js';
import { runCli } from '../support/cli.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'season');
const inbox = join(root, 'inbox');
const truth = JSON.parse(readFileSync(join(root, 'truth.json'), 'utf8')) as SeasonTruth;
const AFTER = new Date('2022-06-30T10:00:00+08:00');
let submissions: Submission[];

beforeAll(async () => {
  ({ submissions } = await loadInbox(inbox, DEFAULT_CONFIG));
});

/** What the truth's timelines say about the weeks [from, to] (inclusive, indexes into truth.weeks). */
function expectedFigures(from: number, to: number) {
  let newInPeriod = 0;
  let solvedInPeriod = 0;
  let longOpen = 0;
  const open: string[] = [];
  for (const p of truth.problems) {
    const first = p.timeline.findIndex((s) => s !== null);
    if (first >= from && first <= to) newInPeriod++;
    if (p.timeline.slice(from, to + 1).some((s) => s !== null && s[0] === '已解决')) solvedInPeriod++;
    const end = p.timeline[to];
    if (end && end[0] !== '已解决') {
      open.push(p.element);
      if (end[1] >= 4) longOpen++;
    }
  }
  const per = ELEMENTS.map((e) => open.filter((x) => x === e).length);
  const mostOpenCount = Math.max(0, ...per);
  const mostOpenElements = mostOpenCount === 0 ? [] : ELEMENTS.filter((_, i) => per[i] === mostOpenCount);
  return { newInPeriod, solvedInPeriod, longOpen, open: open.length, mostOpenElements, mostOpenCount };
}

describe('the weeks of a 月报', () => {
  it('are those whose Friday falls in the 统计时段 (21st … 20th), up to this week', () => {
    expect(reportWeeks(monthPeriod('2022-04', DEFAULT_CONFIG), DEFAULT_CONFIG, AFTER)).toEqual(['2022-W12', '2022-W13', '2022-W14', '2022-W15']);
    // W16's Friday is 22 April: May's report
    expect(reportWeeks(monthPeriod('2022-05', DEFAULT_CONFIG), DEFAULT_CONFIG, AFTER)).toEqual(['2022-W16', '2022-W17', '2022-W18', '2022-W19', '2022-W20']);
    // January's report begins in December of the year before
    expect(reportWeeks(monthPeriod('2022-01', DEFAULT_CONFIG), DEFAULT_CONFIG, AFTER)).toEqual(['2021-W51', '2021-W52', '2022-W01', '2022-W02']);
    expect(reportWeeks(monthPeriod('2022-04', DEFAULT_CONFIG), DEFAULT_CONFIG, new Date('2022-04-06T10:00:00+08:00'))).toEqual(['2022-W12', '2022-W13', '2022-W14']);
    expect(reportWeeks(monthPeriod('2022-04', DEFAULT_CONFIG), DEFAULT_CONFIG, new Date('2022-03-21T10:00:00+08:00'))).toEqual(['2022-W12']);
    expect(reportWeeks(monthPeriod('2022-04', DEFAULT_CONFIG), DEFAULT_CONFIG, new Date('2022-03-18T10:00:00+08:00'))).toEqual([]);
    expect(weekSpanText('2021-W51', '2022-W02')).toBe('2021年第51周至2022年第2周');
    expect(weekSpanText('2022-W12', '2022-W15')).toBe('2022年第12周至第15周');
  });
});

describe('the line of each 月报 on the season, against the planted truth', () => {
  // 2022-03: W08 … W11 (the season begins at W10); 2022-04: W12 … W15; 2022-05: W16, W17 (today is in W17).
  it.each([
    ['2022-03', 'W08', 0, 1],
    ['2022-04', 'W12', 2, 5],
    ['2022-05', 'W16', 6, 7],
  ] as const)('%s', (month, first, from, to) => {
    const now = new Date('2022-04-30T10:00:00+08:00');
    const figures = monthProblemFigures(submissions, DEFAULT_CONFIG, monthPeriod(month, DEFAULT_CONFIG), now)!;
    expect(figures.weeks[0]).toBe(`2022-${first}`);
    expect(figures.weeks[figures.weeks.length - 1]).toBe(truth.weeks[to]);
    const { weeks: _weeks, longOpenWeeks, counts, ...got } = figures;
    expect(counts!.solved).toBe(got.solvedInPeriod);
    expect(longOpenWeeks).toBe(4);
    expect(got).toEqual(expectedFigures(from, to));
  });

  it('says it in one sentence: counts, the 要素 with most open problems, ties and none', () => {
    const base: ProblemLineFigures = {
      weeks: ['2022-W12', '2022-W13', '2022-W14', '2022-W15'],
      newInPeriod: 3,
      solvedInPeriod: 6,
      longOpen: 5,
      longOpenWeeks: 4,
      open: 7,
      mostOpenElements: ['用地'],
      mostOpenCount: 2,
    };
    expect(problemLineText(base)).toBe(
      '问题跟踪：本月（2022年第12周至第15周）各组反映的问题新增3个、解决6个，4周以上未解决5个；截至第15周尚未解决的7个问题中，用地方面最多（2个）。',
    );
    expect(problemLineText({ ...base, mostOpenElements: ['用地', '其他'] })).toContain('用地方面、其他要素最多（各2个）');
    expect(problemLineText({ ...base, open: 0, longOpen: 0, mostOpenElements: [], mostOpenCount: 0 })).toMatch(/4周以上未解决0个；截至第15周已无未解决的问题。$/);
    expect(problemLineText(null)).toBe('问题跟踪：本统计时段的报送周尚未开始。');
  });
});

describe('in the report model and the docx', () => {
  it('is a paragraph of 三、督导服务 right after the summary when the figures are given, and absent otherwise', async () => {
    const figures: ProblemLineFigures = { weeks: ['2022-W09', '2022-W10', '2022-W11'], newInPeriod: 2, solvedInPeriod: 1, longOpen: 0, longOpenWeeks: 4, open: 3, mostOpenElements: ['资金', '用地'], mostOpenCount: 1 };
    const withLine = buildMonthlyReport(sampleMonth(), DEFAULT_CONFIG, { month: '2022-03', problems: figures });
    const block = withLine.sections.find((x) => x.supervision)!.supervision!;
    expect(block.problemsText).toBe(problemLineText(figures));
    expect(buildMonthlyReport(sampleMonth(), DEFAULT_CONFIG, { month: '2022-03' }).sections.find((x) => x.supervision)!.supervision!.problemsText).toBeNull();
    const xml = strFromU8(unzipSync(await writeMonthlyReportDocx(withLine))['word/document.xml']!);
    const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''));
    const at = paragraphs.indexOf(block.problemsText!);
    expect(at).toBeGreaterThan(0);
    expect(paragraphs[at - 1]).toBe(block.summary);
  });
});

describe('through the command line', () => {
  const env = { XMB_NOW: '2022-04-30T10:00:00+08:00' };

  it('xmb monthly puts the line under 三、督导服务, on screen and in --json', () => {
    const out = mkdtempSync(join(tmpdir(), 'xmb-monthly-problems-'));
    const run = runCli(['monthly', '--month', '2022-04', '--inbox', inbox, '--out', out], { env });
    expect(run.code, run.stderr).toBe(0);
    const e = expectedFigures(2, 5);
    const line = `问题跟踪：本月（2022年第12周至第15周）各组反映的问题新增${e.newInPeriod}个、解决${e.solvedInPeriod}个，4周以上未解决${e.longOpen}个；截至第15周尚未解决的${e.open}个问题中，${e.mostOpenElements.map((x) => `${x}方面`).join('、')}最多（${e.mostOpenCount}个）。`;
    expect(run.stdout).toContain(line);
    const docx = unzipSync(readFileSync(join(out, '2022年第2期重点项目建设协调服务工作月报.docx')));
    const text = [...strFromU8(docx['word/document.xml']!).matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    const at = text.indexOf(line);
    expect(at).toBeGreaterThan(text.indexOf('三、督导服务'));
    expect(at).toBeLessThan(text.indexOf('四、县区风采'));
    const json = JSON.parse(runCli(['monthly', '--month', '2022-04', '--inbox', inbox, '--out', out, '--force', '--json'], { env }).stdout);
    expect(json.problems).toEqual({ weeks: ['2022-W12', '2022-W13', '2022-W14', '2022-W15'], new: e.newInPeriod, solved: e.solvedInPeriod, longOpen: e.longOpen, longOpenWeeks: 4, open: e.open, mostOpenElements: e.mostOpenElements, mostOpenCount: e.mostOpenCount });
  });

  it('xmb monthly: the 督导服务 table counts problems on the same 问题台账 as the line (one source, no 21 against 12)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'xmb-monthly-problems-'));
    const run = runCli(['monthly', '--month', '2022-04', '--inbox', inbox, '--out', out, '--json'], { env });
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout);
    // The ledger `xmb problems` keeps for the weeks of the report, computed here on its own.
    const { ledger } = ledgerFromSubmissions(submissions, DEFAULT_CONFIG, { from: '2022-W12', to: '2022-W15' });
    const listed = ledger.rows.filter((r) => r.groupsInPeriod.length > 0);
    const e = expectedFigures(2, 5);
    expect(json.totals.problemSource).toBe('ledger');
    expect(json.totals.problemsReported).toBe(listed.length);
    expect(json.totals.problemsSolved).toBe(e.solvedInPeriod);
    expect(json.totals.problemsSolved).toBe(json.problems.solved);
    // Every problem new this month was reported this month.
    expect(json.totals.problemsReported).toBeGreaterThanOrEqual(json.problems.new);
    for (const g of json.groups as { group: number; problemsReported: number; problemsSolved: number }[]) {
      expect(g.problemsReported, `第${g.group}组`).toBe(listed.filter((r) => r.groupsInPeriod.includes(g.group)).length);
      expect(g.problemsSolved, `第${g.group}组`).toBe(ledger.rows.filter((r) => r.solvedGroupsInPeriod.includes(g.group)).length);
    }
    // The table of the docx: heads 反映问题 / 解决问题 and the 全市 row with those numbers.
    const xml = strFromU8(unzipSync(readFileSync(join(out, '2022年第2期重点项目建设协调服务工作月报.docx')))['word/document.xml']!);
    const rows = [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((m) =>
      [...m[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => [...c[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('')),
    );
    const head = rows.find((r) => r[0] === '组别')!;
    expect(head.slice(3, 5)).toEqual(['反映问题', '解决问题']);
    const city = rows.find((r) => r[0] === TOTALS_LABEL)!;
    expect(city.slice(2, 4)).toEqual([String(listed.length), String(e.solvedInPeriod)]);
    const text = rows.length ? [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('') : '';
    expect(text).toContain(`反映问题${listed.length}个，解决问题${e.solvedInPeriod}个`);
    expect(text).toContain('与上文“问题跟踪”一致');
  });

  it('xmb status --year counts, per group, the problems listed and solved as the truth plants them', () => {
    const run = runCli(['status', '--year', '2022', '--inbox', inbox, '--json'], { env });
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout);
    for (const g of doc.groups as { group: number; problemsReported: number; problemsSolved: number }[]) {
      const t = truth.year.find((y) => y.group === g.group) ?? { reported: 0, solved: 0 };
      expect([g.problemsReported, g.problemsSolved], `第${g.group}组`).toEqual([t.reported, t.solved]);
    }
    const screen = runCli(['status', '--year', '2022', '--inbox', inbox], { env }).stdout;
    expect(screen).toMatch(/反映问题\s*│\s*解决问题/);
    expect(screen).toMatch(/第三组\s*│[^\n]*│ 5\s*│ 4\s*│ 0\s*│\n/);
  });
});
