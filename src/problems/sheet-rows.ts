/**
 * What each line of 问题台账.xlsx says, as text: week labels (第9周), the 协调解决情况 of each week
 * (repeats in consecutive weeks written once: “第9—11周：正在协调中”), the note (how it was solved,
 * when it came back, since when its project is silent, its first wording), and the 要素 × 区县 table.
 * The workbook writer (src/writers/problem-ledger-workbook.ts) only lays these out.
 */
import type { Config } from '../config/schema.js';
import { groupName } from '../config/group-name.js';
import { shortWeekName } from '../merge/select.js';
import type { WeekId } from '../time/index.js';
import { ELEMENTS, type Element } from './keywords.js';
import { SOLVED_BY_LABELS, STATE_LABELS, type LedgerRow, type ProblemLedger, type ProblemState } from './ledger.js';

export interface LedgerLine {
  row: LedgerRow;
  project: string;
  group: string;
  district: string;
  element: Element;
  problem: string;
  units: string;
  firstWeek: string;
  lastWeek: string;
  weeksOpen: number;
  state: string;
  coordination: string;
  note: string;
}

/** “第9周”, with the year when it is not the ledger's last week's. */
function week(w: WeekId, to: WeekId): string {
  return shortWeekName(w, to);
}

/** “第9—11周” / “第9周” for a run of weeks (the year as in `week`). */
function span(first: WeekId, last: WeekId, to: WeekId): string {
  if (first === last) return week(first, to);
  const a = week(first, to);
  const b = week(last, to);
  const sameYear = first.slice(0, 4) === last.slice(0, 4);
  return sameYear && a.startsWith('第') ? `${a.replace(/周$/, '')}—${b.replace(/^第/, '')}` : `${a}—${b}`;
}

/**
 * The 协调解决情况 of each week the problem was listed, one line per run of consecutive tracked
 * weeks with the same text; “（未填写）” for a week without one, “（表中无此栏）” when it was listed only
 * in tables without the column (省/市领导联系). `weeks`: the tracked weeks, in order.
 */
export function coordinationHistory(row: LedgerRow, weeks: readonly WeekId[], to: WeekId): string {
  const index = new Map(weeks.map((w, i) => [w, i]));
  const lines: string[] = [];
  let run: { first: WeekId; last: WeekId; text: string } | null = null;
  const flush = () => {
    if (run) lines.push(`${span(run.first, run.last, to)}：${run.text}`);
  };
  for (const { week: w, text, column } of row.coordination) {
    const t = text ?? (column ? '（未填写）' : '（表中无此栏）');
    if (run && run.text === t && index.get(w) === index.get(run.last)! + 1) {
      run.last = w;
      continue;
    }
    flush();
    run = { first: w, last: w, text: t };
  }
  flush();
  return lines.join('\n');
}

/** The 说明 of a line: solved how and when, came back when, project silent since, first wording, several groups. */
export function ledgerNote(row: LedgerRow, to: WeekId): string {
  const notes: string[] = [];
  if (row.solvedWeek && row.solvedBy) notes.push(`${week(row.solvedWeek, to)}${SOLVED_BY_LABELS[row.solvedBy]}`);
  if (row.reopenedWeeks.length > 0) notes.push(`${row.reopenedWeeks.map((w) => week(w, to)).join('、')}重新出现（${week(row.firstWeek, to)}首次报送）`);
  if (row.projectSilentSince) notes.push(`项目${week(row.projectSilentSince, to)}以后未再报送，问题未见解决情况`);
  if (row.firstText !== row.text) notes.push(`首次表述：${row.firstText}`);
  if (row.groups.length > 1) notes.push(`${row.groups.map(groupName).join('、')}均报送`);
  return notes.join('；');
}

/** The lines of the ledger sheet, in the ledger's order. `weeks`: the tracked weeks. */
export function ledgerLines(ledger: ProblemLedger, weeks: readonly WeekId[]): LedgerLine[] {
  const to = ledger.weeks[ledger.weeks.length - 1]!;
  return ledger.rows.map((row) => ({
    row,
    project: row.project,
    group: groupName(row.group),
    district: row.district,
    element: row.element,
    problem: row.text,
    units: row.units.join('、'),
    firstWeek: week(row.firstWeek, to),
    lastWeek: week(row.lastWeek, to),
    weeksOpen: row.weeksOpen,
    state: STATE_LABELS[row.state],
    coordination: coordinationHistory(row, weeks, to),
    note: ledgerNote(row, to),
  }));
}

/** The problems open `longOpenWeeks` or more, longest first (then the ledger's order). */
export function longOpenLines(lines: readonly LedgerLine[]): LedgerLine[] {
  return lines
    .map((line, i) => ({ line, i }))
    .filter(({ line }) => line.row.longOpen)
    .sort((a, b) => b.line.weeksOpen - a.line.weeksOpen || a.i - b.i)
    .map(({ line }) => line);
}

export interface OverviewTable {
  /** The districts, as columns: the roster's, then any other a row names. */
  districts: string[];
  /** Per 要素 (ELEMENTS order), the problems per district, then 合计, 未解决, 已解决, 4周以上未解决. */
  rows: { element: Element | '合计'; perDistrict: number[]; total: number; open: number; solved: number; longOpen: number }[];
}

/** The 要素 × 区县 table of the ledger's problems (the last row is 合计). */
export function overviewTable(ledger: ProblemLedger, config: Pick<Config, 'groups'>): OverviewTable {
  const districts = config.groups.map((g) => g.district);
  for (const r of ledger.rows) if (r.district && !districts.includes(r.district)) districts.push(r.district);
  const make = (element: Element | '合计', rows: readonly LedgerRow[]) => {
    const state = (s: ProblemState) => rows.filter((r) => r.state === s).length;
    return {
      element,
      perDistrict: districts.map((d) => rows.filter((r) => r.district === d).length),
      total: rows.length,
      open: rows.length - state('solved'),
      solved: state('solved'),
      longOpen: rows.filter((r) => r.longOpen).length,
    };
  };
  return {
    districts,
    rows: [...ELEMENTS.map((e) => make(e, ledger.rows.filter((r) => r.element === e))), make('合计', ledger.rows)],
  };
}
