/**
 * 序时进度 lights (notice 三(二): 按要求完成季度目标和年度目标; 四(四): 通报表扬、通报批评): for one
 * project's row, how far its investment is behind the time of the year. Pure functions; the
 * settings come from the config's `lights` (config/schema.ts), with the defaults below.
 *
 *   完成率   = 截至完成投资 / 年度计划投资 (附件2) or 本年计划投资 (附件3/4), in percent, 1 decimal;
 *   序时进度 = the share of the year elapsed at the 填表日期 (day of the year / days in the year), in
 *             percent, 1 decimal; with `quarterTargets` (the cumulative share of the annual plan due
 *             by the end of each quarter, e.g. [20, 45, 75, 100]) the target rises linearly through
 *             each quarter from the previous quarter's target to its own;
 *   gap      = 序时进度 − 完成率 in points, from the two printed (rounded) figures, so that what a
 *             reader computes from the sheet is what decided the light;
 *   绿 when gap ≤ greenWithin (10), 黄 when greenWithin < gap ≤ redBeyond (30), 红 when gap > redBeyond.
 *
 * No light but 数据存疑 when the figures cannot be trusted: 截至完成投资 fell since the project's
 * previous report, it exceeds the plan, or it has not changed for `stuckWeeks` (3) weeks or more —
 * the same figure in the report of this week and in the reports of the last 3 weeks (counted in
 * calendar weeks from the first report that has it). No light at all without a plan (blank or 0)
 * or without 截至完成投资.
 */
import { weekLabel } from '../time/index.js';

export type LightColour = 'green' | 'yellow' | 'red';

export interface LightSettings {
  /** 绿 while 完成率 is at most this many points below 序时进度. */
  greenWithin: number;
  /** 红 when 完成率 is more than this many points below 序时进度; 黄 in between. */
  redBeyond: number;
  /** 数据存疑 when 截至完成投资 has not changed for this many weeks or more. */
  stuckWeeks: number;
  /** Cumulative % of the annual plan due by the end of Q1…Q4, or null for the share of the year elapsed. */
  quarterTargets: readonly [number, number, number, number] | null;
}

export const DEFAULT_LIGHT_SETTINGS: LightSettings = { greenWithin: 10, redBeyond: 30, stuckWeeks: 3, quarterTargets: null };

export type DoubtReason =
  | { code: 'fell'; before: number; beforeWeek: string }
  | { code: 'over-plan' }
  | { code: 'stuck'; weeks: number; since: string };

export type Light =
  | { state: 'light'; colour: LightColour; rate: number; schedule: number; gap: number }
  | { state: 'doubt'; rate: number; schedule: number; gap: number; reasons: DoubtReason[] }
  | { state: 'none'; reason: 'no-plan' | 'no-completed'; schedule: number };

/** An earlier report of the same project: its week ("2022-W08") and 截至完成投资 (万元, null when blank). */
export interface EarlierReport {
  week: string;
  completed: number | null;
}

export interface LightInput {
  /** 截至完成投资, 万元. */
  completed: number | null;
  /** 年度/本年计划投资, 万元. */
  plan: number | null;
  /** The 填表日期 the 序时进度 is taken at, "YYYY-MM-DD" (Asia/Shanghai calendar date). */
  date: string;
  /** The week of this report. */
  week: string;
  /** The project's earlier reports (any order; later weeks than `week` are ignored). */
  history: readonly EarlierReport[];
}

/** The printed words: 红 / 黄 / 绿 / 存疑 (black-and-white prints read the word, not the fill). */
export const LIGHT_WORDS: Record<LightColour | 'doubt', string> = { red: '红', yellow: '黄', green: '绿', doubt: '存疑' };

/** One decimal, without binary noise (17.25 → 17.3). */
export function round1(value: number): number {
  return Math.round((value + Number.EPSILON) * 10) / 10;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function parseDate(iso: string): { y: number; m: number; d: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`not a date: ${iso}`);
  return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
}

/** 1 for 1 January … 365 (366) for 31 December. */
export function dayOfYear(iso: string): number {
  const { y, m, d } = parseDate(iso);
  return Math.round((Date.UTC(y, m - 1, d) - Date.UTC(y, 0, 1)) / 86_400_000) + 1;
}

/**
 * 序时进度 at a date, in percent with 1 decimal: day of the year / days in the year (2022-03-04 →
 * 63 / 365 = 17.3), or, with quarter targets, the previous quarter's target plus the share of this
 * quarter elapsed times the rise to this quarter's target.
 */
export function scheduleShare(iso: string, settings: Pick<LightSettings, 'quarterTargets'> = DEFAULT_LIGHT_SETTINGS): number {
  const { y, m } = parseDate(iso);
  const days = isLeap(y) ? 366 : 365;
  const day = dayOfYear(iso);
  const targets = settings.quarterTargets;
  if (!targets) return round1((day / days) * 100);
  const quarter = Math.floor((m - 1) / 3);
  const start = dayOfYear(`${y}-${String(quarter * 3 + 1).padStart(2, '0')}-01`);
  const end = quarter === 3 ? days : dayOfYear(`${y}-${String(quarter * 3 + 4).padStart(2, '0')}-01`) - 1;
  const before = quarter === 0 ? 0 : targets[quarter - 1]!;
  const share = (day - start + 1) / (end - start + 1);
  return round1(before + (targets[quarter]! - before) * share);
}

/** 完成率 in percent, 1 decimal: 截至完成投资 / 计划投资 × 100. */
export function completionRate(completed: number, plan: number): number {
  return round1((completed / plan) * 100);
}

/** Monday of an ISO week as a UTC day number, for counting weeks between two weeks. */
function weekIndex(week: string): number {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!m) throw new Error(`not a week: ${week}`);
  const year = Number(m[1]);
  const jan4 = Date.UTC(year, 0, 4);
  const jan4Weekday = (new Date(jan4).getUTCDay() + 6) % 7; // Monday 0
  const mondayOfWeek1 = jan4 / 86_400_000 - jan4Weekday;
  return (mondayOfWeek1 + (Number(m[2]) - 1) * 7) / 7;
}

/** Weeks from `a` to `b` (b later → positive): 2022-W06 → 2022-W09 is 3. */
export function weeksBetween(a: string, b: string): number {
  return Math.round(weekIndex(b) - weekIndex(a));
}

const CENT = 0.005;

/** The light of one row. */
export function progressLight(input: LightInput, settings: LightSettings = DEFAULT_LIGHT_SETTINGS): Light {
  const schedule = scheduleShare(input.date, settings);
  if (input.plan === null || !(input.plan > 0)) return { state: 'none', reason: 'no-plan', schedule };
  if (input.completed === null) return { state: 'none', reason: 'no-completed', schedule };
  const completed = input.completed;
  const rate = completionRate(completed, input.plan);
  const gap = round1(schedule - rate);
  const earlier = input.history.filter((h) => h.week < input.week && h.completed !== null).sort((a, b) => (a.week < b.week ? 1 : -1));
  const reasons: DoubtReason[] = [];
  const previous = earlier[0];
  if (previous && previous.completed! > completed + CENT) reasons.push({ code: 'fell', before: previous.completed!, beforeWeek: previous.week });
  if (completed > input.plan + CENT) reasons.push({ code: 'over-plan' });
  let since = input.week;
  for (const h of earlier) {
    if (Math.abs(h.completed! - completed) > CENT) break;
    since = h.week;
  }
  const still = weeksBetween(since, input.week);
  if (still >= settings.stuckWeeks) reasons.push({ code: 'stuck', weeks: still, since });
  if (reasons.length > 0) return { state: 'doubt', rate, schedule, gap, reasons };
  const colour: LightColour = gap <= settings.greenWithin ? 'green' : gap <= settings.redBeyond ? 'yellow' : 'red';
  return { state: 'light', colour, rate, schedule, gap };
}

/** 红 / 黄 / 绿 / 存疑, or '' for no light. */
export function lightWord(light: Light): string {
  return light.state === 'light' ? LIGHT_WORDS[light.colour] : light.state === 'doubt' ? LIGHT_WORDS.doubt : '';
}

function amount(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** Why a light is what it is, in one Chinese phrase (for 说明 columns). */
export function lightNote(light: Light, settings: LightSettings = DEFAULT_LIGHT_SETTINGS): string {
  if (light.state === 'none') return light.reason === 'no-plan' ? '未填年度计划投资，不亮灯' : '未填截至完成投资，不亮灯';
  if (light.state === 'doubt')
    return light.reasons
      .map((r) =>
        r.code === 'fell'
          ? `截至完成投资比上次（${weekLabel(r.beforeWeek)}，${amount(r.before)}万元）减少`
          : r.code === 'over-plan'
            ? '截至完成投资超过年度计划投资'
            : `截至完成投资已连续${r.weeks}周未变化（自${weekLabel(r.since)}起）`,
      )
      .join('；');
  if (light.gap <= 0) return `完成率高于序时进度${round1(-light.gap)}个百分点`;
  const colour = light.colour === 'green' ? '' : light.colour === 'yellow' ? `（超过${settings.greenWithin}个百分点）` : `（超过${settings.redBeyond}个百分点）`;
  return `完成率低于序时进度${light.gap}个百分点${colour}`;
}

/** The bands in one Chinese sentence (under tables, in the README's words). */
export function lightsLegend(settings: LightSettings): string {
  const schedule = settings.quarterTargets
    ? `序时进度按季度目标（累计完成年度计划的 ${settings.quarterTargets.join('%、')}%）在季度内平均推进`
    : '序时进度＝填表日期已过全年天数的比例';
  return (
    `${schedule}；完成率＝截至完成投资÷计划投资。绿：低于序时进度不超过${settings.greenWithin}个百分点；` +
    `黄：低于${settings.greenWithin}–${settings.redBeyond}个百分点；红：低于超过${settings.redBeyond}个百分点；` +
    `存疑：截至完成投资比上次减少、超过计划投资或连续${settings.stuckWeeks}周以上未变化`
  );
}
