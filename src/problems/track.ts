/**
 * Following each reported problem week by week, on the same project, from the week it first appears
 * until it is solved (and again if it comes back). Pure: counted tables in, tracked problems out.
 *
 * Input: for each week in order, the tables that counted that week (src/merge/select.ts chose them:
 * the newest valid table of each group × kind), each row with its project, 存在问题及涉及单位 and
 * 协调解决情况. A project is the one the project-identity resolver (src/projects/) puts the row in
 * (ReportedRow.projectId, set by from-inbox.ts when asked to), else its name's key (project-key.ts), across groups
 * and kinds: a problem that moves from the 进度滞后 table to the 市领导联系
 * table of the same project is the same problem.
 *
 * Each week, for each project reported:
 * 1. its rows' cells are split into problems (split.ts), each classified (classify.ts) and given the
 *    part of 协调解决情况 that speaks of it (resolution.ts); two problems of the week that are alike
 *    (same 要素 and similarity ≥ the threshold) are one;
 * 2. the week's problems are paired with the project's problems known so far — same 要素 and
 *    similarity ≥ the threshold, or similarity ≥ CROSS_ELEMENT_SIMILARITY whatever the 要素 — most
 *    alike first, a problem still open before a solved one;
 * 3. a paired open problem stays open; a paired solved problem is open again (重新出现) unless the
 *    week's 协调解决情况 still says it is solved (districts often leave a solved problem in the cell);
 *    an unpaired problem is new (新增);
 * 4. a problem whose 协调解决情况 says it is solved closes this week (已解决, by 协调解决情况);
 * 5. an open problem of the project that the week does not list closes this week (已解决, no longer
 *    reported) — but only when its absence says something: the project is reported this week in a
 *    kind of table the problem was last listed in, or the groups that listed it sent every such kind
 *    this week. A project not reported at all leaves its problems open (nothing is known).
 */
import type { KindId } from '../schema/kinds.js';
import type { WeekId } from '../time/index.js';
import { classifyProblem } from './classify.js';
import type { Element } from './keywords.js';
import { problemProjectKey, type ProjectKey } from './project-key.js';
import { attributeCoordination, judgeCoordination, type Verdict } from './resolution.js';
import { CROSS_ELEMENT_SIMILARITY, type ProblemSettings } from './settings.js';
import { similarity } from './similarity.js';
import { splitProblems } from './split.js';

/** One row of a counted table, as the tracker reads it. */
export interface ReportedRow {
  /** 项目名称 as written. */
  project: string;
  /** The row's district (canonical), else the group's. */
  district: string;
  /** The 存在问题及涉及单位 cell as written (null: blank). */
  problems: string | null;
  /** The 协调解决情况 cell as written (null: blank or no such column). */
  coordination: string | null;
  /** Whether the row's table has a 协调解决情况 column (省/市领导联系 tables have none). */
  hasCoordination: boolean;
  /** Where the row is: the file and the cell of 存在问题 (for the ledger's trace). */
  file: string;
  cell: string | null;
  /**
   * The project the project-identity resolver (src/projects/) put the row in ("P007"), when the
   * caller ran it: then it alone says which project the row is — renamed projects keep their
   * problems, and projects the resolver keeps apart (待核实) never share them. Absent or null: the
   * project is known by its name (TrackOptions.projectKey).
   */
  projectId?: string | null;
}

/** A table that counted in a week: its group and kind, and its rows. */
export interface CountedWeekTable {
  week: WeekId;
  group: number;
  kind: KindId;
  rows: ReportedRow[];
}

/** One week's listing of a problem. */
export interface Sighting {
  week: WeekId;
  /** The problem as worded this week. */
  text: string;
  units: string[];
  kinds: KindId[];
  groups: number[];
  district: string;
  project: string;
  /** The part of 协调解决情况 about it this week (null: none written). */
  coordination: string | null;
  /** Whether a table that listed it this week has a 协调解决情况 column. */
  hasCoordination: boolean;
  file: string;
  cell: string | null;
}

export type SolvedBy = 'coordination' | 'dropped';

/** A stretch of weeks during which a problem was open. */
export interface Episode {
  start: WeekId;
  /** The week it was found solved, or null while open. */
  end: WeekId | null;
  solvedBy: SolvedBy | null;
  /** The 协调解决情况 that said so (solvedBy coordination). */
  solvedText: string | null;
  /** The groups reporting the project in the week it was solved (credited in status --year). */
  solvedGroups: number[];
}

export interface TrackedProblem {
  /** 1, 2, 3 … in the order problems first appear (week, then roster order of the groups, kind, row). */
  id: number;
  projectKey: string;
  element: Element;
  /** What decided the 要素 when first seen. */
  keywords: string[];
  sightings: Sighting[];
  episodes: Episode[];
}

export interface TrackOptions {
  /** Which project a 项目名称 names, for rows without a projectId (default problemProjectKey). */
  projectKey?: ProjectKey;
}

/** The key a row's project is tracked under: the resolver's id, else the name's key (two namespaces). */
export function rowProjectKey(row: ReportedRow, nameKey: ProjectKey = problemProjectKey): string {
  if (row.projectId) return `#${row.projectId}`;
  const key = nameKey(row.project);
  return key ? `=${key}` : '';
}

interface WeekProblem {
  text: string;
  units: string[];
  element: Element;
  keywords: string[];
  kinds: KindId[];
  groups: number[];
  district: string;
  project: string;
  coordination: string[];
  hasCoordination: boolean;
  file: string;
  cell: string | null;
}

function pushUnique<T>(list: T[], ...items: T[]): void {
  for (const item of items) if (!list.includes(item)) list.push(item);
}

/** A row's 存在问题 cell split and classified, with the part of its 协调解决情况 about each problem. */
interface RowReading {
  problems: { text: string; units: readonly string[]; element: Element; matched: readonly string[]; coordination: string | null }[];
}

/**
 * What tracking works out from texts alone, kept for one trackProblems run: a year of tables repeats
 * the same cells and wordings week after week (the bench's year of 3,328 files: 9,721 rows, 245
 * problems), so each pair of cells is read once, each 协调解决情况 judged once and each pair of
 * wordings compared once. Each is a pure function of its texts and the run's settings, so what is
 * kept changes no result. Callers copy what they change (units).
 */
class TextMemo {
  /** By 存在问题 cell, then 协调解决情况 cell (maps of maps: no key made of two long texts per lookup). */
  private readonly rows = new Map<string | null, Map<string | null, RowReading>>();
  private readonly verdicts = new Map<string, Verdict>();
  /** By one wording, then the other. */
  private readonly scores = new Map<string, Map<string, number>>();

  constructor(private readonly settings: ProblemSettings) {}

  /** The row's problems (split.ts, classify.ts) and each one's 协调解决情况 (resolution.ts). */
  row(problems: string | null, coordination: string | null): RowReading {
    let byCoordination = this.rows.get(problems);
    if (byCoordination === undefined) this.rows.set(problems, (byCoordination = new Map()));
    let reading = byCoordination.get(coordination);
    if (reading === undefined) {
      const split = splitProblems(problems);
      const classified = split.problems.map((p) => ({ ...p, ...classifyProblem(p.text, p.units, this.settings.keywords) }));
      const parts = attributeCoordination(coordination, classified, this.settings.keywords);
      reading = { problems: classified.map((p, i) => ({ text: p.text, units: p.units, element: p.element, matched: p.matched, coordination: parts[i] ?? null })) };
      byCoordination.set(coordination, reading);
    }
    return reading;
  }

  /** judgeCoordination of the text (null: none written). */
  verdict(text: string | null): Verdict {
    if (text === null) return judgeCoordination(text, this.settings);
    let verdict = this.verdicts.get(text);
    if (verdict === undefined) this.verdicts.set(text, (verdict = judgeCoordination(text, this.settings)));
    return verdict;
  }

  /** The score of two wordings taken for one problem (see the module comment), else null. */
  alike(a: { element: Element; text: string }, b: { element: Element; text: string }): number | null {
    let withA = this.scores.get(a.text);
    if (withA === undefined) this.scores.set(a.text, (withA = new Map()));
    let score = withA.get(b.text);
    if (score === undefined) withA.set(b.text, (score = similarity(a.text, b.text)));
    if (score >= CROSS_ELEMENT_SIMILARITY || (a.element === b.element && score >= this.settings.similarity)) return score;
    return null;
  }
}

/** The problems of one project in one week, from all its rows (all groups and kinds), alike ones merged. */
function weekProblems(rows: { table: CountedWeekTable; row: ReportedRow }[], memo: TextMemo): WeekProblem[] {
  const out: WeekProblem[] = [];
  for (const { table, row } of rows) {
    for (const p of memo.row(row.problems, row.coordination).problems) {
      const item: WeekProblem = {
        text: p.text,
        units: [...p.units],
        element: p.element,
        keywords: [...p.matched],
        kinds: [table.kind],
        groups: [table.group],
        district: row.district,
        project: row.project,
        coordination: p.coordination ? [p.coordination] : [],
        hasCoordination: row.hasCoordination,
        file: row.file,
        cell: row.cell,
      };
      const same = out.find((o) => memo.alike(o, item) !== null);
      if (!same) {
        out.push(item);
        continue;
      }
      pushUnique(same.units, ...item.units);
      pushUnique(same.kinds, ...item.kinds);
      pushUnique(same.groups, ...item.groups);
      pushUnique(same.coordination, ...item.coordination);
      same.hasCoordination ||= item.hasCoordination;
    }
  }
  return out;
}

function isOpen(problem: TrackedProblem): boolean {
  return problem.episodes[problem.episodes.length - 1]!.end === null;
}

export interface Tracking {
  /** Every problem, in the order it first appeared. */
  problems: TrackedProblem[];
  /** Per project key, the weeks in which some counted table reported the project. */
  projectWeeks: Map<string, WeekId[]>;
}

/**
 * Tracks every problem over `weeks` (consecutive ISO weeks, oldest first; tables of other weeks are
 * ignored). `settings`: thresholds and word lists (settings.ts).
 */
export function trackProblems(
  weeks: readonly WeekId[],
  tables: readonly CountedWeekTable[],
  settings: ProblemSettings,
  options: TrackOptions = {},
): Tracking {
  const nameKey = options.projectKey ?? problemProjectKey;
  const problems: TrackedProblem[] = [];
  const byProject = new Map<string, TrackedProblem[]>();
  const projectWeeks = new Map<string, WeekId[]>();
  const memo = new TextMemo(settings);
  /** A name's key, once per name (a year lists the same projects every week): one string, hashed once, for every lookup. */
  const keysByName = new Map<string, string>();
  const keyOf = (row: ReportedRow): string => {
    if (row.projectId) return rowProjectKey(row, nameKey);
    let key = keysByName.get(row.project);
    if (key === undefined) keysByName.set(row.project, (key = rowProjectKey(row, nameKey)));
    return key;
  };
  /** Each problem's wordings so far, each once (what this week's problems are compared with). */
  const wordings = new Map<TrackedProblem, Set<string>>();
  const tablesOf = new Map<WeekId, CountedWeekTable[]>();
  for (const table of tables) {
    const list = tablesOf.get(table.week);
    if (list) list.push(table);
    else tablesOf.set(table.week, [table]);
  }

  for (const week of weeks) {
    const ofWeek = tablesOf.get(week) ?? [];
    const sent = new Set(ofWeek.map((t) => `${t.group}:${t.kind}`));
    // Rows of the week by project, in table order (the caller's: roster order of groups, then kinds).
    const projects = new Map<string, { table: CountedWeekTable; row: ReportedRow }[]>();
    for (const table of ofWeek)
      for (const row of table.rows) {
        const key = keyOf(row);
        if (!key) continue;
        const list = projects.get(key) ?? [];
        list.push({ table, row });
        projects.set(key, list);
      }

    for (const [key, rows] of projects) {
      const seenIn = projectWeeks.get(key);
      if (seenIn) seenIn.push(week);
      else projectWeeks.set(key, [week]);
      const known = byProject.get(key) ?? [];
      const items = weekProblems(rows, memo);
      const kindsThisWeek = new Set(rows.map((r) => r.table.kind));
      const groupsThisWeek = [...new Set(rows.map((r) => r.table.group))];

      // Pair this week's problems with the known ones: most alike first, open before solved.
      const pairs: { item: number; problem: TrackedProblem; score: number }[] = [];
      items.forEach((item, i) => {
        for (const problem of known) {
          let best: number | null = null;
          for (const text of wordings.get(problem)!) {
            const score = memo.alike({ element: problem.element, text }, item);
            if (score !== null && (best === null || score > best)) best = score;
          }
          if (best !== null) pairs.push({ item: i, problem, score: best });
        }
      });
      pairs.sort((a, b) => b.score - a.score || Number(isOpen(b.problem)) - Number(isOpen(a.problem)) || a.problem.id - b.problem.id);
      const pairedItem = new Map<number, TrackedProblem>();
      const pairedProblem = new Set<TrackedProblem>();
      for (const p of pairs) {
        if (pairedItem.has(p.item) || pairedProblem.has(p.problem)) continue;
        pairedItem.set(p.item, p.problem);
        pairedProblem.add(p.problem);
      }

      items.forEach((item, i) => {
        const coordination = item.coordination.length > 0 ? item.coordination.join('；') : null;
        const verdict = memo.verdict(coordination);
        const sighting: Sighting = {
          week,
          text: item.text,
          units: item.units,
          kinds: item.kinds,
          groups: item.groups,
          district: item.district,
          project: item.project,
          coordination,
          hasCoordination: item.hasCoordination,
          file: item.file,
          cell: item.cell,
        };
        let problem = pairedItem.get(i);
        if (!problem) {
          problem = { id: problems.length + 1, projectKey: key, element: item.element, keywords: item.keywords, sightings: [], episodes: [] };
          problems.push(problem);
          known.push(problem);
          wordings.set(problem, new Set());
          problem.episodes.push({ start: week, end: null, solvedBy: null, solvedText: null, solvedGroups: [] });
        } else if (!isOpen(problem) && !verdict.solved) {
          problem.episodes.push({ start: week, end: null, solvedBy: null, solvedText: null, solvedGroups: [] });
        }
        problem.sightings.push(sighting);
        wordings.get(problem)!.add(sighting.text);
        const current = problem.episodes[problem.episodes.length - 1]!;
        if (current.end === null && verdict.solved) {
          current.end = week;
          current.solvedBy = 'coordination';
          current.solvedText = coordination;
          current.solvedGroups = [...item.groups];
        }
      });

      // Open problems the week no longer lists: solved, when the absence says something.
      for (const problem of known) {
        if (pairedProblem.has(problem) || !isOpen(problem)) continue;
        // Sightings come week by week: listed this week, its last one is of this week.
        const last = problem.sightings[problem.sightings.length - 1]!;
        if (last.week === week) continue;
        const listedKindReported = last.kinds.some((k) => kindsThisWeek.has(k));
        const everyKindSent = last.groups.every((g) => last.kinds.every((k) => sent.has(`${g}:${k}`)));
        if (!listedKindReported && !everyKindSent) continue;
        const current = problem.episodes[problem.episodes.length - 1]!;
        current.end = week;
        current.solvedBy = 'dropped';
        current.solvedGroups = groupsThisWeek;
      }
      byProject.set(key, known);
    }
  }
  return { problems, projectWeeks };
}
