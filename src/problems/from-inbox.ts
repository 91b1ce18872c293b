/**
 * From an inbox's submissions (src/merge/load.ts) to the problem ledger of a period: each week's
 * counted tables are those the Friday merge counts (src/merge/select.ts — the newest valid table of
 * each group × kind; a late table only fills a gap), every weekly kind that has a 存在问题 column
 * (进度滞后, 省/市领导联系, 白名单). Tracking starts at the first week any table counted — at most a
 * year (53 weeks) before the period — and runs to the period's last week. Which project a row is:
 * its name's key (project-key.ts), or, with `resolveProjects`, the project-identity resolver's answer
 * over all those weeks' tables (src/projects/, as the merge asks it) — a renamed project then keeps
 * its problems and two projects the resolver keeps apart (待核实) never share one. Not the default
 * yet: the resolver compares every pair of a project's weekly rows, so a year of tables (3,328 files)
 * costs about 11 s CPU more (measured), which `status --year` and `monthly` pay on every run.
 */
import type { Config } from '../config/schema.js';
import { makeDistrictResolver } from '../config/districts.js';
import { selectWeeks, countedTables } from '../merge/status-summary.js';
import { identifyProjects, rowId } from '../merge/identity.js';
import { weeklyKinds } from '../merge/select.js';
import type { Submission } from '../merge/submission.js';
import { KINDS, type KindId } from '../schema/kinds.js';
import type { TableCell } from '../table/model.js';
import { nextWeek, previousWeek, type WeekId } from '../time/index.js';
import { buildLedger, type ProblemLedger } from './ledger.js';
import type { ProjectKey } from './project-key.js';
import { problemSettings } from './settings.js';
import { trackedCells } from './tracked-cells.js';
import { trackProblems, type CountedWeekTable, type Tracking } from './track.js';

/** How far back tracking may start before the period: a year. */
export const LOOK_BACK_WEEKS = 53;

/** The weekly kinds whose tables carry problems. */
export function problemKinds(config: Config): KindId[] {
  return weeklyKinds(config).filter((k) => KINDS[k].fields.some((f) => f.id === 'problems'));
}

function text(cell: TableCell | undefined): string | null {
  if (!cell || cell.value.kind === 'blank' || cell.value.kind === 'error') return null;
  return cell.display.trim() || null;
}

/** Consecutive weeks from `first` to `last`, both included. */
export function weekSpan(first: WeekId, last: WeekId, timeZone: string): WeekId[] {
  const weeks: WeekId[] = [];
  for (let w = first; w <= last; w = nextWeek(w, timeZone)) weeks.push(w);
  return weeks;
}

/**
 * Every week whose tables a ledger of the period [from, to] may use: LOOK_BACK_WEEKS before `from`
 * up to `to` — what `xmb problems` asks the inbox for (files the 收件登记 places elsewhere are not read).
 */
export function trackingWindow(from: WeekId, to: WeekId, timeZone: string): WeekId[] {
  let earliest = from;
  for (let i = 0; i < LOOK_BACK_WEEKS; i++) earliest = previousWeek(earliest, timeZone);
  return weekSpan(earliest, to, timeZone);
}

export interface PeriodLedger {
  ledger: ProblemLedger;
  tracking: Tracking;
  /** The weeks tracked (the period's and those before it). */
  trackedWeeks: WeekId[];
  /** Tables that counted in the tracked weeks (0: nothing to build a ledger from). */
  tables: number;
}

export interface PeriodOptions {
  /** The period's first and last week. */
  from: WeekId;
  to: WeekId;
  projectKey?: ProjectKey;
  /** Tell projects apart with the project-identity resolver (see the module comment); default false. */
  resolveProjects?: boolean;
}

/** The ledger of a period from the inbox's submissions (see the module comment). */
export function ledgerFromSubmissions(submissions: Submission[], config: Config, options: PeriodOptions): PeriodLedger {
  const settings = problemSettings(config);
  const kinds = problemKinds(config);
  let earliest = options.from;
  for (let i = 0; i < LOOK_BACK_WEEKS; i++) earliest = previousWeek(earliest, config.timeZone);
  const dataWeeks = submissions.filter((s) => s.valid && s.kind !== null && kinds.includes(s.kind) && s.week >= earliest && s.week <= options.to).map((s) => s.week);
  const first = dataWeeks.length > 0 ? dataWeeks.reduce((a, b) => (a < b ? a : b)) : options.from;
  const start = first < options.from ? first : options.from;
  const trackedWeeks = weekSpan(start, options.to, config.timeZone);
  const resolver = makeDistrictResolver(config);
  const districts = new Map(config.groups.map((g) => [g.number, g.district]));
  const selections = selectWeeks(submissions, trackedWeeks, kinds, config);
  const counted = countedTables(selections);
  // The resolver compares more of a row than tracking reads: it needs whole tables.
  if (options.resolveProjects && counted.some((c) => c.submission.table?.trackedOnly)) throw new Error('resolveProjects given tracking summaries');
  const identity = options.resolveProjects ? identifyProjects(selections, config) : null;
  const tables: CountedWeekTable[] = counted.map((c) => ({
    week: c.week,
    group: c.group,
    kind: c.kind,
    rows: (c.submission.table?.rows ?? []).flatMap((row) => {
      // Only these cells: a table's tracking summary (tracked-cells.ts) has no others.
      const cells = trackedCells(row);
      const project = text(cells.name);
      if (!project) return [];
      const written = text(cells.district);
      return [
        {
          project,
          district: (written && resolver.resolve(written)) ?? districts.get(c.group) ?? '',
          problems: text(cells.problems),
          coordination: text(cells.coordination),
          hasCoordination: KINDS[c.kind].fields.some((f) => f.id === 'coordination'),
          file: c.submission.file,
          cell: cells.problems?.ref ?? null,
          projectId: identity?.projectOf.get(rowId(c.week, c.kind, { group: c.group, source: c.submission, sourceRow: row.row })) ?? null,
        },
      ];
    }),
  }));
  const tracking = trackProblems(trackedWeeks, tables, settings, { projectKey: options.projectKey });
  const ledger = buildLedger(tracking, {
    trackedWeeks,
    from: options.from,
    to: options.to,
    longOpenWeeks: settings.longOpenWeeks,
    groupOrder: config.groups.map((g) => g.number),
  });
  return { ledger, tracking, trackedWeeks, tables: tables.filter((t) => t.week >= options.from).length };
}
