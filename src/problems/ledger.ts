/**
 * The 问题台账 of a period (a week, a month, a year): the tracked problems (track.ts) seen from the
 * period's last week, with each problem's state, weeks open and history; the counts the screen, the
 * 月报 and `status --year` print. Pure data; the workbook is src/writers/problem-ledger-workbook.ts.
 *
 * Definitions (README “问题台账”):
 * - A problem is in the period's ledger when it was open at some time in the period: reported in it,
 *   or still open from before, or solved in it. Problems solved before the period began are not.
 * - State at the period's last week: 已解决 (its last stretch ended); 新增 (open, first reported in
 *   the period); 重新出现 (open, came back in the period after being solved); 在办 (open since before).
 * - Weeks open: of its last stretch, counting the first week and the last — the period's last week
 *   while open; the week 协调解决情况 said it was solved; the week before it stopped being listed.
 * - 4周以上未解决 (long open): open at the period's end for `longOpenWeeks` (4) weeks or more.
 * - 新增 in the period: first reported in it; 解决 in the period: some stretch ended in it.
 */
import type { Element } from './keywords.js';
import { ELEMENTS } from './keywords.js';
import type { Episode, SolvedBy, TrackedProblem, Tracking } from './track.js';
import type { WeekId } from '../time/index.js';

export type ProblemState = 'new' | 'open' | 'reopened' | 'solved';

export const STATE_LABELS: Record<ProblemState, string> = {
  new: '新增',
  open: '在办',
  reopened: '重新出现',
  solved: '已解决',
};

export const SOLVED_BY_LABELS: Record<SolvedBy, string> = {
  coordination: '协调解决情况写明已解决',
  dropped: '项目仍在报送，问题不再列出',
};

/** One week's 协调解决情况 about a problem (null: the problem was listed without one). */
export interface WeekText {
  week: WeekId;
  text: string | null;
  /** Whether the table(s) that listed it have a 协调解决情况 column at all. */
  column: boolean;
}

export interface LedgerRow {
  id: number;
  /** 项目名称 as last written. */
  project: string;
  /** The group that last listed it (the first, when several did). */
  group: number;
  /** Every group that ever listed it, in the order they did. */
  groups: number[];
  district: string;
  element: Element;
  /** The problem as last worded, and as first worded. */
  text: string;
  firstText: string;
  units: string[];
  firstWeek: WeekId;
  /** The last week it was listed. */
  lastWeek: WeekId;
  weeksOpen: number;
  state: ProblemState;
  /** When the last stretch ended, and how (null while open). */
  solvedWeek: WeekId | null;
  solvedBy: SolvedBy | null;
  /** Weeks it came back in. */
  reopenedWeeks: WeekId[];
  /** Each week it was listed, with its 协调解决情况 (up to the period's last week). */
  coordination: WeekText[];
  /** Open, and its project not reported in the period's last week: the last week it was (else null). */
  projectSilentSince: WeekId | null;
  newInPeriod: boolean;
  solvedInPeriod: boolean;
  reopenedInPeriod: boolean;
  longOpen: boolean;
  /** Groups credited with solving it in the period (status --year). */
  solvedGroupsInPeriod: number[];
  /** Groups that listed it in the period. */
  groupsInPeriod: number[];
}

export interface LedgerCounts {
  total: number;
  byState: Record<ProblemState, number>;
  newInPeriod: number;
  solvedInPeriod: number;
  longOpen: number;
}

export interface ProblemLedger {
  /** The period's weeks, oldest first; the last is the week the ledger is seen from. */
  weeks: WeekId[];
  longOpenWeeks: number;
  rows: LedgerRow[];
  counts: LedgerCounts;
}

export interface LedgerOptions {
  /** Every week tracked, oldest first, consecutive (the period's weeks are its last ones, or inside it). */
  trackedWeeks: readonly WeekId[];
  /** The period: its first and last week. */
  from: WeekId;
  to: WeekId;
  longOpenWeeks: number;
  /** The groups in roster order (rows are sorted by it). */
  groupOrder: readonly number[];
}

function stretchWeeks(episode: Episode, index: Map<WeekId, number>, to: WeekId): number {
  const start = index.get(episode.start)!;
  if (episode.end === null) return index.get(to)! - start + 1;
  const end = index.get(episode.end)!;
  return episode.solvedBy === 'dropped' ? Math.max(1, end - start) : end - start + 1;
}

/** Each week the problem was listed up to `to`, with its 协调解决情况 (the writer groups repeats). */
function weekTexts(problem: TrackedProblem, to: WeekId): WeekText[] {
  return problem.sightings.filter((s) => s.week <= to).map((s) => ({ week: s.week, text: s.coordination, column: s.hasCoordination }));
}

/** The ledger of the period [from, to] (see the module comment). */
export function buildLedger(tracking: Tracking, options: LedgerOptions): ProblemLedger {
  const { from, to } = options;
  const index = new Map(options.trackedWeeks.map((w, i) => [w, i]));
  if (!index.has(to)) throw new Error(`buildLedger: week ${to} was not tracked`);
  const weeks = options.trackedWeeks.filter((w) => w >= from && w <= to);
  const inPeriod = (w: WeekId | null) => w !== null && w >= from && w <= to;
  const rows: LedgerRow[] = [];
  for (const problem of tracking.problems) {
    const episodes = problem.episodes.filter((e) => e.start <= to);
    if (episodes.length === 0) continue;
    // Seen from `to`: an end after `to` has not happened yet.
    const seen = episodes.map((e) => (e.end !== null && e.end > to ? { ...e, end: null, solvedBy: null } : e));
    const touches = seen.some((e) => e.end === null || e.end >= from);
    if (!touches) continue;
    const last = seen[seen.length - 1]!;
    const sightings = problem.sightings.filter((s) => s.week <= to);
    const first = sightings[0]!;
    const latest = sightings[sightings.length - 1]!;
    const open = last.end === null;
    const state: ProblemState = !open ? 'solved' : last.start >= from ? (seen.length === 1 ? 'new' : 'reopened') : 'open';
    const weeksOpen = stretchWeeks(last, index, to);
    const projectWeeks = (tracking.projectWeeks.get(problem.projectKey) ?? []).filter((w) => w <= to);
    const projectLast = projectWeeks[projectWeeks.length - 1] ?? null;
    const units: string[] = [];
    const groups: number[] = [];
    for (const s of sightings) {
      for (const u of s.units) if (!units.includes(u)) units.push(u);
      for (const g of s.groups) if (!groups.includes(g)) groups.push(g);
    }
    const solvedGroups = new Set<number>();
    for (const e of seen) if (inPeriod(e.end)) for (const g of e.solvedGroups) solvedGroups.add(g);
    const periodGroups = new Set<number>();
    for (const s of sightings) if (inPeriod(s.week)) for (const g of s.groups) periodGroups.add(g);
    rows.push({
      id: problem.id,
      project: latest.project,
      group: latest.groups[0]!,
      groups,
      district: latest.district,
      element: problem.element,
      text: latest.text,
      firstText: first.text,
      units,
      firstWeek: first.week,
      lastWeek: latest.week,
      weeksOpen,
      state,
      solvedWeek: open ? null : last.end,
      solvedBy: open ? null : last.solvedBy,
      reopenedWeeks: seen.slice(1).map((e) => e.start),
      coordination: weekTexts(problem, to),
      projectSilentSince: open && projectLast !== null && projectLast < to ? projectLast : null,
      newInPeriod: inPeriod(seen[0]!.start),
      solvedInPeriod: seen.some((e) => inPeriod(e.end)),
      reopenedInPeriod: seen.slice(1).some((e) => inPeriod(e.start)),
      longOpen: open && weeksOpen >= options.longOpenWeeks,
      solvedGroupsInPeriod: [...solvedGroups].sort((a, b) => a - b),
      groupsInPeriod: [...periodGroups].sort((a, b) => a - b),
    });
  }
  const order = new Map(options.groupOrder.map((g, i) => [g, i]));
  const projectFirst = new Map<string, number>();
  for (const p of tracking.problems) if (!projectFirst.has(p.projectKey)) projectFirst.set(p.projectKey, p.id);
  const keyOf = new Map(tracking.problems.map((p) => [p.id, p.projectKey]));
  rows.sort(
    (a, b) =>
      (order.get(a.group) ?? 999) - (order.get(b.group) ?? 999) ||
      projectFirst.get(keyOf.get(a.id)!)! - projectFirst.get(keyOf.get(b.id)!)! ||
      a.id - b.id,
  );
  return { weeks, longOpenWeeks: options.longOpenWeeks, rows, counts: countRows(rows) };
}

export function countRows(rows: readonly LedgerRow[]): LedgerCounts {
  const byState: Record<ProblemState, number> = { new: 0, open: 0, reopened: 0, solved: 0 };
  for (const r of rows) byState[r.state]++;
  return {
    total: rows.length,
    byState,
    newInPeriod: rows.filter((r) => r.newInPeriod).length,
    solvedInPeriod: rows.filter((r) => r.solvedInPeriod).length,
    longOpen: rows.filter((r) => r.longOpen).length,
  };
}

/** Open problems at the period's end per 要素, in ELEMENTS order; and the 要素 with the most. */
export function openByElement(rows: readonly LedgerRow[]): { counts: Record<Element, number>; most: Element[]; mostCount: number } {
  const counts = Object.fromEntries(ELEMENTS.map((e) => [e, 0])) as Record<Element, number>;
  for (const r of rows) if (r.state !== 'solved') counts[r.element]++;
  const mostCount = Math.max(0, ...Object.values(counts));
  const most = mostCount === 0 ? [] : ELEMENTS.filter((e) => counts[e] === mostCount);
  return { counts, most, mostCount };
}
