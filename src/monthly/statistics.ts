/**
 * Per-group statistics over a date range: the 督导服务 table of the monthly report and the year's
 * figures of `xmb status --year` (notice 四(四): 解决问题好、报送信息多). Plain data, no document.
 *
 * Definitions (same for a month and a year):
 * - Tables with errors (valid = false) and tables whose group is unknown are left out.
 * - A weekly table (lagging, provincial, municipal, whitelist) belongs to the range by its date
 *   (填表日期, else receipt).
 * - projectsServed: distinct projects across the group's weekly tables, a project being its 项目名称
 *   as `projectIdentity` (project-identity.ts) keys it (whitespace, full/half width, brackets ignored).
 * - problemsReported: distinct (project, 存在问题及涉及单位) pairs whose problem is not blank, across
 *   the group's weekly tables — a problem reported again every week counts once.
 * - problemsCoordinated: of those, the ones for which some row carries a 协调解决情况.
 * - City-wide totals (`totals`) count each project, problem and coordinated problem once, however
 *   many groups reported it; `totals.byGroups` holds the sums of the groups' own counts, and
 *   `sharedProjects` the projects that two groups or more reported.
 * - submissions per kind ("报送各类信息"): for a weekly kind, the number of ISO weeks in which the
 *   group sent at least one valid table of that kind (a re-sent or corrected table in the same week
 *   counts once, as in the merge; a table with a header and no rows counts, as §4 says); for
 *   月报素材, the number of distinct items (rows) dated in the range (see items.ts).
 * - The requirement 每组每月报送各类信息均不少于1条 (notice 四(三)) is met when every required kind
 *   (by default all five) has at least one submission.
 */
import { groupName } from '../config/group-name.js';
import type { Config } from '../config/schema.js';
import { KIND_ORDER, type KindId } from '../schema/kinds.js';
import type { TableCell } from '../table/model.js';
import { collectItems, type MonthlyItem } from './items.js';
import { projectIdentity, type ProjectKey } from './project-identity.js';
import { normaliseKey, type DateRange, type SourceTable } from './sources.js';
import { isoWeekOfDate as weekOfDate } from '../time/week.js';

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
  /** Tables of the group dated in the range that have errors (left out of every count). */
  invalidTables: number;
}

/** Counts of projects and problems. */
export interface ProjectCounts {
  projectsServed: number;
  problemsReported: number;
  problemsCoordinated: number;
}

/** A project that two groups or more reported in the range. */
export interface SharedProject {
  /** The name as first written (in roster order of the groups). */
  name: string;
  /** Group numbers, ascending. */
  groups: number[];
}

export interface Statistics {
  range: DateRange;
  requiredKinds: KindId[];
  /** Every group of the roster, in roster order. */
  groups: GroupStatistics[];
  /**
   * City-wide: projectsServed, problemsReported and problemsCoordinated count each project (problem)
   * once however many groups reported it; byGroups are the sums of the groups' own counts.
   * submissions and compliantGroups are sums over the groups.
   */
  totals: ProjectCounts & {
    byGroups: ProjectCounts;
    submissions: KindCounts;
    compliantGroups: number;
  };
  /** Projects reported by two groups or more: most groups first, then by name. */
  sharedProjects: SharedProject[];
}

export interface StatisticsOptions {
  requiredKinds?: readonly KindId[];
  /** The items of the range, when already collected (else collected here). */
  items?: MonthlyItem[];
  /** Which project a 项目名称 names (default `projectIdentity`). */
  projectKey?: ProjectKey;
}


export function zeroCounts(): KindCounts {
  return { lagging: 0, provincial: 0, municipal: 0, whitelist: 0, monthly: 0 };
}

/** A cell's text as written ('' when blank). */
function cellText(cell: TableCell | undefined): string {
  if (!cell || cell.value.kind === 'blank') return '';
  return cell.value.kind === 'text' ? cell.value.text : cell.display;
}

/** A pure text function remembered per text (a year's tables repeat the same names and problems every week). */
function remembered(fn: (text: string) => string): (text: string) => string {
  const seen = new Map<string, string>();
  return (text) => {
    let out = seen.get(text);
    if (out === undefined) seen.set(text, (out = fn(text)));
    return out;
  };
}

/** The ISO week of a calendar date, "2022-W09". */
export function isoWeekOfDate(date: string): string {
  return weekOfDate(date);
}

export function computeStatistics(
  sources: SourceTable[],
  config: Pick<Config, 'groups'>,
  range: DateRange,
  options: StatisticsOptions = {},
): Statistics {
  const requiredKinds = [...(options.requiredKinds ?? REQUIRED_KINDS)];
  const items = options.items ?? collectItems(sources, config, range);
  const projectKey = options.projectKey ?? remembered(projectIdentity);
  const normalised = remembered(normaliseKey);
  const filled = (cell: TableCell | undefined): string => normalised(cellText(cell));

  interface Acc {
    projects: Set<string>;
    problems: Set<string>;
    coordinated: Set<string>;
    weeks: Record<KindId, Set<string>>;
    items: number;
    invalid: number;
  }
  // City-wide: each project (problem) once, with the groups that reported it.
  const cityProjects = new Map<string, { name: string; groups: Set<number> }>();
  const cityProblems = new Set<string>();
  const cityCoordinated = new Set<string>();
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
        invalid: 0,
      };
      acc.set(group, a);
    }
    return a;
  };

  // Roster order first, so that a shared project keeps the name its first group wrote.
  const rosterIndex = new Map(config.groups.map((g, i) => [g.number, i]));
  const inRoster = (group: number | null): group is number => group !== null && rosterIndex.has(group);
  const ordered = [...sources].sort(
    (x, y) => (rosterIndex.get(x.table.group ?? -1) ?? 1e9) - (rosterIndex.get(y.table.group ?? -1) ?? 1e9),
  );
  for (const source of ordered) {
    const { table } = source;
    if (!inRoster(table.group) || source.date < range.start || source.date > range.end) continue;
    // A tracking summary (monthly's tables before its period) has no cells to count.
    if (table.trackedOnly) throw new Error(`statistics given a tracking summary: ${source.file}`);
    if (!source.valid) {
      get(table.group).invalid++;
      continue;
    }
    if (table.kind === 'monthly') continue;
    const a = get(table.group);
    a.weeks[table.kind].add(isoWeekOfDate(source.date));
    for (const row of table.rows) {
      const written = cellText(row.cells.name);
      const name = projectKey(written);
      if (name) {
        a.projects.add(name);
        let city = cityProjects.get(name);
        if (!city) cityProjects.set(name, (city = { name: written.trim(), groups: new Set() }));
        city.groups.add(table.group);
      }
      const problem = filled(row.cells.problems);
      if (!problem) continue;
      const key = `${name}\u0000${problem}`;
      a.problems.add(key);
      cityProblems.add(key);
      if (filled(row.cells.coordination)) {
        a.coordinated.add(key);
        cityCoordinated.add(key);
      }
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
      invalidTables: a.invalid,
    };
  });

  const byGroups: ProjectCounts = { projectsServed: 0, problemsReported: 0, problemsCoordinated: 0 };
  const totals: Statistics['totals'] = {
    projectsServed: cityProjects.size,
    problemsReported: cityProblems.size,
    problemsCoordinated: cityCoordinated.size,
    byGroups,
    submissions: zeroCounts(),
    compliantGroups: 0,
  };
  for (const g of groups) {
    byGroups.projectsServed += g.projectsServed;
    byGroups.problemsReported += g.problemsReported;
    byGroups.problemsCoordinated += g.problemsCoordinated;
    for (const k of KIND_ORDER) totals.submissions[k] += g.submissions[k];
    if (g.compliant) totals.compliantGroups++;
  }
  const sharedProjects: SharedProject[] = [...cityProjects.values()]
    .map((p) => ({ name: p.name, groups: [...p.groups].sort((x, y) => x - y) }))
    .filter((p) => p.groups.length > 1)
    .sort((x, y) => y.groups.length - x.groups.length || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return { range, requiredKinds, groups, totals, sharedProjects };
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
