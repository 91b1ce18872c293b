/**
 * 本周变化: a week's merged rows against the previous week's, recomputed from the inbox (never read
 * from an old output). Projects are matched by group and 项目名称 with whitespace removed.
 * - added / dropped: only between two weeks in which the group's table counted; a group that
 *   reported in one week only is listed as "not compared", not as all-added or all-dropped;
 * - moved: 截至完成投资 changed; `decreased` (a warning) when it went down;
 * - statusChanges: 落实情况 changed (白名单, which has no amounts), e.g. 未落实 → 已落实;
 * - duplicates: the same project reported by two or more groups this week (a warning).
 */
import type { KindId } from '../schema/kinds.js';
import { mergeKind, projectKey, projectName, roundAmount, statusText, type MergedRow } from './rows.js';
import type { SubmissionStatus, WeekSelection } from './select.js';

export interface ProjectRef {
  group: number;
  district: string;
  name: string;
  /** 截至完成投资, when a number. */
  completed: number | null;
  /** 落实情况 as written (白名单), null when the kind has none or it is blank. */
  status: string | null;
}

export interface StatusChange extends ProjectRef {
  before: string;
  after: string;
}

export interface InvestmentMove extends ProjectRef {
  before: number;
  after: number;
  delta: number;
}

export interface DuplicateProject {
  name: string;
  groups: { group: number; district: string }[];
}

export interface NotCompared {
  group: number;
  district: string;
  reason: 'no-previous' | 'no-current';
  projects: number;
  /** The cell's status in the week that has no counted table (missing or invalid). */
  status: SubmissionStatus;
}

export interface KindChanges {
  kind: KindId;
  week: string;
  previousWeek: string;
  added: ProjectRef[];
  dropped: ProjectRef[];
  moved: InvestmentMove[];
  /** The moves where 截至完成投资 went down. */
  decreased: InvestmentMove[];
  statusChanges: StatusChange[];
  duplicates: DuplicateProject[];
  notCompared: NotCompared[];
}

function ref(row: MergedRow): ProjectRef {
  const completed = row.values.completed;
  return {
    group: row.group,
    district: row.district,
    name: projectName(row),
    completed: completed?.type === 'number' ? completed.value : null,
    status: statusText(row) || null,
  };
}

function byGroup(rows: MergedRow[]): Map<number, Map<string, MergedRow>> {
  const map = new Map<number, Map<string, MergedRow>>();
  for (const row of rows) {
    const group = map.get(row.group) ?? new Map<string, MergedRow>();
    const key = projectKey(projectName(row));
    if (!group.has(key)) group.set(key, row);
    map.set(row.group, group);
  }
  return map;
}

export function weekChanges(current: WeekSelection, previous: WeekSelection, kind: KindId): KindChanges {
  const now = mergeKind(current, kind).rows;
  const before = mergeKind(previous, kind).rows;
  const nowByGroup = byGroup(now);
  const beforeByGroup = byGroup(before);
  const cellOf = (selection: WeekSelection, group: number) => selection.cells.find((c) => c.group === group && c.kind === kind);
  const counted = (selection: WeekSelection, group: number) => cellOf(selection, group)?.chosen != null;
  const statusIn = (selection: WeekSelection, group: number): SubmissionStatus => cellOf(selection, group)?.status ?? 'missing';

  const out: KindChanges = {
    kind,
    week: current.week,
    previousWeek: previous.week,
    added: [],
    dropped: [],
    moved: [],
    decreased: [],
    statusChanges: [],
    duplicates: [],
    notCompared: [],
  };
  const groups = [...new Set(current.cells.filter((c) => c.kind === kind).map((c) => c.group))];
  for (const group of groups) {
    const district = current.cells.find((c) => c.group === group)?.district ?? '';
    const inNow = counted(current, group);
    const inBefore = counted(previous, group);
    const nowRows = nowByGroup.get(group) ?? new Map<string, MergedRow>();
    const beforeRows = beforeByGroup.get(group) ?? new Map<string, MergedRow>();
    if (inNow && !inBefore) {
      out.notCompared.push({ group, district, reason: 'no-previous', projects: nowRows.size, status: statusIn(previous, group) });
      continue;
    }
    if (!inNow && inBefore) {
      out.notCompared.push({ group, district, reason: 'no-current', projects: beforeRows.size, status: statusIn(current, group) });
      continue;
    }
    if (!inNow) continue;
    for (const [key, row] of nowRows) {
      const old = beforeRows.get(key);
      if (!old) {
        out.added.push(ref(row));
        continue;
      }
      const after = ref(row).completed;
      const was = ref(old).completed;
      if (after !== null && was !== null && after !== was) {
        const move: InvestmentMove = { ...ref(row), before: was, after, delta: roundAmount(after - was) };
        out.moved.push(move);
        if (move.delta < 0) out.decreased.push(move);
      }
      const status = ref(row).status;
      const wasStatus = ref(old).status;
      if (status !== null && wasStatus !== null && status !== wasStatus) out.statusChanges.push({ ...ref(row), before: wasStatus, after: status });
    }
    for (const [key, row] of beforeRows) if (!nowRows.has(key)) out.dropped.push(ref(row));
  }

  const seen = new Map<string, DuplicateProject>();
  for (const row of now) {
    const key = projectKey(projectName(row));
    if (key === '') continue;
    const entry = seen.get(key) ?? { name: projectName(row), groups: [] };
    if (!entry.groups.some((g) => g.group === row.group)) entry.groups.push({ group: row.group, district: row.district });
    seen.set(key, entry);
  }
  out.duplicates = [...seen.values()].filter((d) => d.groups.length > 1);
  return out;
}
