/**
 * The 月报's line on the 问题台账 (issue 12 item 3; notice 三(四) 督要素保障): in 三、督导服务, one
 * sentence per month — 新增 X、解决 Y、4周以上未解决 Z, and the 要素 with the most open problems.
 *
 * Which weeks are the month's: those whose deadline (the Friday, config deadlines) falls in the
 * report's 统计时段 (21st of the previous month … the 20th, period.ts), up to the week of `now` (this
 * week too, as `xmb problems --month` does) — so every week belongs to exactly one report, as every
 * day does. The ledger is the same as
 * `xmb problems` makes for these weeks (src/problems/from-inbox.ts, seen from the last one): the
 * numbers in the 月报 are those of the ledger's sheets.
 */
import type { Config } from '../config/schema.js';
import type { Submission } from '../merge/submission.js';
import { ledgerFromSubmissions, LOOK_BACK_WEEKS } from '../problems/from-inbox.js';
import { openByElement, type LedgerRow, type ProblemLedger } from '../problems/ledger.js';
import { dateInZone, isoWeekOf, isoWeekOfDate, nextWeek, parseWeekId, weekDeadline, type WeekId } from '../time/index.js';
import type { DateRange } from './sources.js';

/**
 * The weeks of a 月报 period: deadline (Asia/Shanghai date) within [period.start, period.end] and
 * the week not after the week of `now`; oldest first. Empty when `now` is before the period's first
 * week.
 */
export function reportWeeks(period: DateRange, config: Pick<Config, 'deadlines' | 'timeZone'>, now: Date): WeekId[] {
  const current = isoWeekOf(now, config.timeZone);
  const last = isoWeekOfDate(period.end);
  const weeks: WeekId[] = [];
  for (let w = isoWeekOfDate(period.start); w <= last && w <= current; w = nextWeek(w, config.timeZone)) {
    const deadline = dateInZone(weekDeadline(w, config), config.timeZone);
    if (deadline >= period.start && deadline <= period.end) weeks.push(w);
  }
  return weeks;
}

/**
 * The first day whose tables the line may need: the tracking of `xmb problems` looks back
 * LOOK_BACK_WEEKS weeks before the period's first week, and that week may begin up to six days
 * before the period (its Friday is inside it) — so a week more. `weeks` another span (status --year).
 * "YYYY-MM-DD".
 */
export function problemLookBackStart(period: Pick<DateRange, 'start'>, weeks = LOOK_BACK_WEEKS + 1): string {
  const day = new Date(`${period.start}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 7 * weeks);
  return day.toISOString().slice(0, 10);
}

/** "2022年第12周至第15周", "2021年第51周至2022年第3周", "2022年第12周". */
export function weekSpanText(from: WeekId, to: WeekId): string {
  const a = parseWeekId(from);
  const b = parseWeekId(to);
  if (from === to) return `${a.year}年第${a.week}周`;
  return a.year === b.year ? `${a.year}年第${a.week}周至第${b.week}周` : `${a.year}年第${a.week}周至${b.year}年第${b.week}周`;
}

export interface ProblemLineFigures {
  /** The weeks counted, oldest first. */
  weeks: WeekId[];
  newInPeriod: number;
  solvedInPeriod: number;
  /** Open at the last week for `longOpenWeeks` weeks or more (the ledger's 4周以上未解决 sheet). */
  longOpen: number;
  longOpenWeeks: number;
  /** Open at the last week. */
  open: number;
  /** The 要素 with the most open problems (ties: all, in the notice's order), and how many each. */
  mostOpenElements: string[];
  mostOpenCount: number;
  /**
   * The ledger's counts for the 督导服务 table (absent in figures built by hand): each problem once
   * however it was worded; per group as `status --year` counts them.
   */
  counts?: LedgerProblemCounts;
}

/**
 * The problems of the 督导服务 table, from the ledger (so that they agree with the 问题跟踪 line):
 * - reported: problems listed in some week of the period (a problem listed every week, or reworded, once);
 * - solved: problems solved in the period (= the line's 解决);
 * - per group: the problems the group listed in the period, and those solved in the period in a week
 *   the group reported them (LedgerRow.groupsInPeriod / solvedGroupsInPeriod, as `status --year`).
 */
export interface LedgerProblemCounts {
  reported: number;
  solved: number;
  groups: Map<number, { reported: number; solved: number }>;
}

/** The ledger's counts of `rows` (see LedgerProblemCounts). */
export function ledgerProblemCounts(rows: readonly LedgerRow[]): LedgerProblemCounts {
  const groups = new Map<number, { reported: number; solved: number }>();
  const of = (g: number) => {
    let c = groups.get(g);
    if (!c) groups.set(g, (c = { reported: 0, solved: 0 }));
    return c;
  };
  let reported = 0;
  let solved = 0;
  for (const r of rows) {
    if (r.groupsInPeriod.length > 0) reported++;
    if (r.solvedInPeriod) solved++;
    for (const g of r.groupsInPeriod) of(g).reported++;
    for (const g of r.solvedGroupsInPeriod) of(g).solved++;
  }
  return { reported, solved, groups };
}

/** The figures of the line, from the ledger of the month's weeks. */
export function problemLineFigures(ledger: ProblemLedger): ProblemLineFigures {
  const most = openByElement(ledger.rows);
  return {
    weeks: ledger.weeks,
    newInPeriod: ledger.counts.newInPeriod,
    solvedInPeriod: ledger.counts.solvedInPeriod,
    longOpen: ledger.counts.longOpen,
    longOpenWeeks: ledger.longOpenWeeks,
    open: ledger.rows.filter((r) => r.state !== 'solved').length,
    mostOpenElements: most.most,
    mostOpenCount: most.mostCount,
    counts: ledgerProblemCounts(ledger.rows),
  };
}

/**
 * The figures of a 月报 period from the inbox's submissions (every table read, of any date: tracking
 * looks back before the period, as `xmb problems` does); null when no week of the period has begun.
 */
export function monthProblemFigures(submissions: Submission[], config: Config, period: DateRange, now: Date): ProblemLineFigures | null {
  const weeks = reportWeeks(period, config, now);
  if (weeks.length === 0) return null;
  const { ledger } = ledgerFromSubmissions(submissions, config, { from: weeks[0]!, to: weeks[weeks.length - 1]! });
  return problemLineFigures(ledger);
}

/**
 * The sentence, e.g. “问题跟踪：本月（2022年第12周至第15周）各组反映的问题新增3个、解决6个，4周以上未解决5个；
 * 截至第15周尚未解决的7个问题中，用地方面最多（2个）。” Null figures (no week of the period has begun):
 * “问题跟踪：本统计时段的报送周尚未开始。”
 */
export function problemLineText(figures: ProblemLineFigures | null): string {
  if (!figures || figures.weeks.length === 0) return '问题跟踪：本统计时段的报送周尚未开始。';
  const from = figures.weeks[0]!;
  const to = figures.weeks[figures.weeks.length - 1]!;
  const head =
    `问题跟踪：本月（${weekSpanText(from, to)}）各组反映的问题新增${figures.newInPeriod}个、解决${figures.solvedInPeriod}个，` +
    `${figures.longOpenWeeks}周以上未解决${figures.longOpen}个`;
  if (figures.open === 0) return `${head}；截至第${parseWeekId(to).week}周已无未解决的问题。`;
  const each = figures.mostOpenElements.length > 1 ? '各' : '';
  const elements = figures.mostOpenElements.map((e) => (e === '其他' ? '其他要素' : `${e}方面`)).join('、');
  return `${head}；截至第${parseWeekId(to).week}周尚未解决的${figures.open}个问题中，${elements}最多（${each}${figures.mostOpenCount}个）。`;
}
