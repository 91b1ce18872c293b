/**
 * Per-group statistics over a date range: the 督导服务 table of the monthly report and the year's
 * figures of `xmb status --year` (notice 四(四): 解决问题好、报送信息多). Plain data, no document.
 *
 * Definitions (same for a month and a year):
 * - Tables with errors (valid = false) and tables whose group is unknown are left out.
 * - A weekly table (lagging, provincial, municipal, whitelist) belongs to the range by its date
 *   (填表日期, else receipt).
 * - projectsServed: distinct 项目名称 (whitespace ignored) across the group's weekly tables.
 * - problemsReported: distinct (项目名称, 存在问题及涉及单位) pairs whose problem is not blank, across
 *   the group's weekly tables — a problem reported again every week counts once.
 * - problemsCoordinated: of those, the ones for which some row carries a 协调解决情况.
 * - submissions per kind ("报送各类信息"): for a weekly kind, the number of ISO weeks in which the
 *   group sent at least one valid table of that kind (a re-sent or corrected table in the same week
 *   counts once, as in the merge; a table with a header and no rows counts, as §4 says); for
 *   月报素材, the number of distinct items (rows) dated in the range (see items.ts).
 * - The requirement 每组每月报送各类信息均不少于1条 (notice 四(三)) is met when every required kind
 *   (by default all five) has at least one submission.
 */
import { groupName } from '../config/group-name.js';
import { TZDate } from '@date-fns/tz';
import { getISOWeek } from 'date-fns/getISOWeek';
import { getISOWeekYear } from 'date-fns/getISOWeekYear';
import type { Config } from '../config/schema.js';
import { KIND_ORDER, type KindId } from '../schema/kinds.js';
import type { TableCell } from '../table/model.js';
import { collectItems, type MonthlyItem } from './items.js';
import { normaliseKey, type DateRange, type SourceTable } from './sources.js';

/** The kinds that 每组每月报送各类信息均不少于1条 applies to: all five. */
export const REQUIRED_KINDS: readonly KindId[] = KIND_ORDER;

export const WEEKLY_KINDS: readonly KindId[] = ['lagging', 'provincial', 'municipal', 'whitelist'];

export type KindCounts = Record<KindId, number>;

export interface GroupStatistics {
  group: number;
  /** "第三组". */
  groupName: string;
  district: string;
  projectsServed: number;
  problemsReported: number;
  problemsCoordinated: number;
  /** Weeks submitted for the weekly kinds, items for monthly. */
  submissions: KindCounts;
  /** Required kinds with no submission, in KIND_ORDER. */
  missingKinds: KindId[];
  compliant: boolean;
}

export interface Statistics {
  range: DateRange;
  requiredKinds: KindId[];
  /** Every group of the roster, in roster order. */
  groups: GroupStatistics[];
  totals: {
    projectsServed: number;
    problemsReported: number;
    problemsCoordinated: number;
    submissions: KindCounts;
    compliantGroups: number;
  };
}

export interface StatisticsOptions {
  requiredKinds?: readonly KindId[];
  /** The items of the range, when already collected (else collected here). */
  items?: MonthlyItem[];
}


export function zeroCounts(): KindCounts {
  return { lagging: 0, provincial: 0, municipal: 0, whitelist: 0, monthly: 0 };
}

function filled(cell: TableCell | undefined): string {
  if (!cell || cell.value.kind === 'blank') return '';
  return normaliseKey(cell.value.kind === 'text' ? cell.value.text : cell.display);
}

/** The ISO week of a calendar date, "2022-W09". */
export function isoWeekOfDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const day = new TZDate(y!, m! - 1, d!, 'UTC');
  return `${getISOWeekYear(day)}-W${String(getISOWeek(day)).padStart(2, '0')}`;
}

export function computeStatistics(
  sources: SourceTable[],
  config: Pick<Config, 'groups'>,
  range: DateRange,
  options: StatisticsOptions = {},
): Statistics {
  const requiredKinds = [...(options.requiredKinds ?? REQUIRED_KINDS)];
  const items = options.items ?? collectItems(sources, config, range);

  interface Acc {
    projects: Set<string>;
    problems: Set<string>;
    coordinated: Set<string>;
    weeks: Record<KindId, Set<string>>;
    items: number;
  }
  const acc = new Map<number, Acc>();
  const get = (group: number): Acc => {
    let a = acc.get(group);
    if (!a) {
      a = {
        projects: new Set(),
        problems: new Set(),
        coordinated: new Set(),
        weeks: { lagging: new Set(), provincial: new Set(), municipal: new Set(), whitelist: new Set(), monthly: new Set() },
        items: 0,
      };
      acc.set(group, a);
    }
    return a;
  };

  for (const source of sources) {
    const { table } = source;
    if (!source.valid || table.group === null || table.kind === 'monthly') continue;
    if (source.date < range.start || source.date > range.end) continue;
    const a = get(table.group);
    a.weeks[table.kind].add(isoWeekOfDate(source.date));
    for (const row of table.rows) {
      const name = filled(row.cells.name);
      if (name) a.projects.add(name);
      const problem = filled(row.cells.problems);
      if (!problem) continue;
      const key = `${name}\u0000${problem}`;
      a.problems.add(key);
      if (filled(row.cells.coordination)) a.coordinated.add(key);
    }
  }
  for (const item of items) for (const g of item.groups) get(g.number).items++;

  const groups: GroupStatistics[] = config.groups.map((g) => {
    const a = get(g.number);
    const submissions = zeroCounts();
    for (const kind of WEEKLY_KINDS) submissions[kind] = a.weeks[kind].size;
    submissions.monthly = a.items;
    const missingKinds = requiredKinds.filter((k) => submissions[k] < 1);
    return {
      group: g.number,
      groupName: groupName(g.number),
      district: g.district,
      projectsServed: a.projects.size,
      problemsReported: a.problems.size,
      problemsCoordinated: a.coordinated.size,
      submissions,
      missingKinds,
      compliant: missingKinds.length === 0,
    };
  });

  const totals = {
    projectsServed: 0,
    problemsReported: 0,
    problemsCoordinated: 0,
    submissions: zeroCounts(),
    compliantGroups: 0,
  };
  for (const g of groups) {
    totals.projectsServed += g.projectsServed;
    totals.problemsReported += g.problemsReported;
    totals.problemsCoordinated += g.problemsCoordinated;
    for (const k of KIND_ORDER) totals.submissions[k] += g.submissions[k];
    if (g.compliant) totals.compliantGroups++;
  }
  return { range, requiredKinds, groups, totals };
}

/**
 * The year's figures per group for `xmb status --year` (the year-end commendation of notice 四(四)):
 * the same definitions over 1 January … 31 December of `year` (calendar dates of the tables and items).
 * Compliance here means at least one submission of each required kind in the whole year; for the
 * month-by-month requirement use computeStatistics over each month's period.
 */
export function yearStatistics(
  sources: SourceTable[],
  config: Pick<Config, 'groups'>,
  year: number,
  options: StatisticsOptions = {},
): Statistics {
  return computeStatistics(sources, config, { start: `${year}-01-01`, end: `${year}-12-31` }, options);
}
