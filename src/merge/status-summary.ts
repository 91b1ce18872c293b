/**
 * Submission status over several weeks, for `xmb status --month` and `--year` (and the monthly
 * report): the week selections of a list of weeks, and per group × kind the year's counts.
 *
 * `yearCounts` is the year-end commendation's base (notice 四(四): 解决问题好、报送信息多). Other
 * measures (problems reported / solved …) can be added from `countedTables`, which gives every
 * counted table of the weeks, per group and kind.
 */
import type { Config } from '../config/schema.js';
import type { KindId } from '../schema/kinds.js';
import type { WeekId } from '../time/index.js';
import { indexSubmissions, selectWeek, type WeekSelection } from './select.js';
import type { Submission } from './submission.js';

/** selectWeek for each of `weeks` (the submissions indexed once). */
export function selectWeeks(submissions: Submission[], weeks: WeekId[], kinds: KindId[], config: Config): WeekSelection[] {
  const index = indexSubmissions(submissions);
  return weeks.map((week) => selectWeek(submissions, week, kinds, config, index));
}

export interface CountedTable {
  week: WeekId;
  group: number;
  kind: KindId;
  submission: Submission;
  late: boolean;
}

/** Every table that counted (on-time or late) in the given week selections, in week then roster order. */
export function countedTables(selections: WeekSelection[]): CountedTable[] {
  const out: CountedTable[] = [];
  for (const selection of selections)
    for (const cell of selection.cells)
      if (cell.chosen) out.push({ week: selection.week, group: cell.group, kind: cell.kind, submission: cell.chosen, late: cell.status === 'late' });
  return out;
}

export interface KindCounts {
  /** Weeks in which a table counted (on time or late). */
  weeks: number;
  onTime: number;
  late: number;
  /** Weeks in which only invalid tables came. */
  invalid: number;
  /** Weeks with nothing at all. */
  missing: number;
  /** Data rows (projects) over the counted tables. */
  rows: number;
}

export interface GroupCounts {
  group: number;
  district: string;
  leader: string;
  kinds: Record<KindId, KindCounts>;
  /** Counted tables over all kinds. */
  submitted: number;
  /** Rows over all kinds. */
  rows: number;
}

export interface YearCounts {
  year: number;
  weeks: WeekId[];
  kinds: KindId[];
  groups: GroupCounts[];
}

function emptyCounts(): KindCounts {
  return { weeks: 0, onTime: 0, late: 0, invalid: 0, missing: 0, rows: 0 };
}

/** Counts per group × kind over the given week selections (weeks that have not ended count too). */
export function countSelections(selections: WeekSelection[], kinds: KindId[], config: Config): GroupCounts[] {
  return config.groups.map((group) => {
    const perKind = {} as Record<KindId, KindCounts>;
    for (const kind of kinds) perKind[kind] = emptyCounts();
    for (const selection of selections)
      for (const cell of selection.cells) {
        if (cell.group !== group.number) continue;
        const counts = perKind[cell.kind];
        if (!counts) continue;
        if (cell.chosen) {
          counts.weeks++;
          counts.rows += cell.chosen.rows;
          if (cell.status === 'late') counts.late++;
          else counts.onTime++;
        } else if (cell.status === 'invalid') counts.invalid++;
        else counts.missing++;
      }
    const all = Object.values(perKind);
    return {
      group: group.number,
      district: group.district,
      leader: group.members[0] ?? '',
      kinds: perKind,
      submitted: all.reduce((n, c) => n + c.weeks, 0),
      rows: all.reduce((n, c) => n + c.rows, 0),
    };
  });
}

export function yearCounts(submissions: Submission[], year: number, weeks: WeekId[], kinds: KindId[], config: Config): YearCounts {
  const selections = selectWeeks(submissions, weeks, kinds, config);
  return { year, weeks, kinds, groups: countSelections(selections, kinds, config) };
}
