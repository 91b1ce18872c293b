/**
 * 本周变化: a week's merged rows against the previous week's, recomputed from the inbox (never read
 * from an old output). Projects are matched by the project resolver (src/projects/, via
 * identity.ts): the same project under a changed spelling is the same row, a renamed one is 更名.
 * - added / dropped: only between two weeks in which the group's table counted; a group that
 *   reported in one week only is listed as "not compared", not as all-added or all-dropped;
 *   a dropped project says where it went (another group, another table), or that nothing says why;
 * - renamed: the resolver's renames of this week in the group's table (更名 instead of 移出 + 新增);
 * - moved: 截至完成投资 changed; `decreased` (a warning) when it went down;
 * - statusChanges: 落实情况 changed (白名单, which has no amounts), e.g. 未落实 → 已落实;
 * - duplicates: the same project reported by two or more groups this week (a warning);
 * - conflicts: the same project with different figures in two tables of this week (a warning);
 * - possible: pairs the resolver would not decide (待核实): possibly one project, kept as two.
 */
import type { PossibleMatch, ProjectRecord, Resolution } from '../projects/index.js';
import type { KindId } from '../schema/kinds.js';
import { projectOfRow, rowId } from './identity.js';
import { mergeKind, projectName, roundAmount, statusText, type MergedRow } from './rows.js';
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

/** Where a dropped project went, or that nothing tells: 'unexplained' is a warning. */
export type DropReason =
  | { code: 'other-group'; groups: number[] }
  | { code: 'other-table'; kinds: KindId[] }
  | { code: 'plan-done' }
  | { code: 'possible-rename'; to: string }
  | { code: 'unexplained' };

export interface DroppedProject extends ProjectRef {
  reason: DropReason;
}

export interface RenamedProject extends ProjectRef {
  from: string;
}

/** The same project in two or more tables of the week with different figures. */
export interface FigureConflict {
  project: string;
  name: string;
  /** The tables' rows: group, kind and the figures (万元). */
  entries: { group: number; kind: KindId; name: string; total: number | null; plan: number | null; completed: number | null }[];
  /** Which figures differ. */
  fields: ('total' | 'plan' | 'completed')[];
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
  dropped: DroppedProject[];
  renamed: RenamedProject[];
  moved: InvestmentMove[];
  /** The moves where 截至完成投资 went down. */
  decreased: InvestmentMove[];
  statusChanges: StatusChange[];
  duplicates: DuplicateProject[];
  conflicts: FigureConflict[];
  possible: PossibleMatch[];
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

type Keyed = Map<string, MergedRow>;

/** A group's rows by project id (the first row of a project; a table lists a project once). */
function byGroup(rows: MergedRow[], week: string, kind: KindId, identity: Resolution): Map<number, Keyed> {
  const map = new Map<number, Keyed>();
  for (const row of rows) {
    const group = map.get(row.group) ?? new Map<string, MergedRow>();
    const key = projectOfRow(identity, week, kind, row);
    if (key !== null && !group.has(key)) group.set(key, row);
    map.set(row.group, group);
  }
  return map;
}

const CENT = 0.005;

function differs(values: (number | null)[]): boolean {
  const known = values.filter((v): v is number => v !== null);
  return known.some((v) => Math.abs(v - known[0]!) > CENT);
}

/**
 * The week's changes of one kind against the previous week. `identity` resolves the projects of
 * (at least) both weeks (identifyProjects in identity.ts).
 */
export function weekChanges(current: WeekSelection, previous: WeekSelection, kind: KindId, identity: Resolution): KindChanges {
  const now = mergeKind(current, kind).rows;
  const before = mergeKind(previous, kind).rows;
  const nowByGroup = byGroup(now, current.week, kind, identity);
  const beforeByGroup = byGroup(before, previous.week, kind, identity);
  const cellOf = (selection: WeekSelection, group: number) => selection.cells.find((c) => c.group === group && c.kind === kind);
  const counted = (selection: WeekSelection, group: number) => cellOf(selection, group)?.chosen != null;
  const statusIn = (selection: WeekSelection, group: number): SubmissionStatus => cellOf(selection, group)?.status ?? 'missing';
  const projects = new Map(identity.projects.map((p) => [p.id, p]));
  const thisWeek = (id: string): ProjectRecord[] => projects.get(id)?.records.filter((r) => r.week === current.week) ?? [];

  const out: KindChanges = {
    kind,
    week: current.week,
    previousWeek: previous.week,
    added: [],
    dropped: [],
    renamed: [],
    moved: [],
    decreased: [],
    statusChanges: [],
    duplicates: [],
    conflicts: [],
    possible: [],
    notCompared: [],
  };
  const possibleTo = new Map<string, string>();
  for (const p of identity.possible) if (p.type === 'rename' && p.b.week === current.week && p.a.week === previous.week) possibleTo.set(p.a.id, p.b.name);
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
      const renamed = identity.renames.some((r) => r.project === key && r.group === group && r.kind === kind && r.week === current.week);
      if (renamed && projectName(old).trim() !== projectName(row).trim()) out.renamed.push({ ...ref(row), from: projectName(old).trim() });
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
    for (const [key, row] of beforeRows) {
      if (nowRows.has(key)) continue;
      const elsewhere = thisWeek(key);
      const otherGroups = [...new Set(elsewhere.filter((r) => r.kind === kind && r.group !== group).map((r) => r.group))];
      const otherKinds = [...new Set(elsewhere.filter((r) => r.kind !== kind).map((r) => r.kind))];
      const plan = row.values.plan;
      const completed = row.values.completed;
      const possible = possibleTo.get(rowId(previous.week, kind, row));
      const reason: DropReason =
        otherGroups.length > 0
          ? { code: 'other-group', groups: otherGroups }
          : otherKinds.length > 0
            ? { code: 'other-table', kinds: otherKinds }
            : possible
              ? { code: 'possible-rename', to: possible }
              : plan?.type === 'number' && completed?.type === 'number' && plan.value > 0 && completed.value >= plan.value
                ? { code: 'plan-done' }
                : { code: 'unexplained' };
      out.dropped.push({ ...ref(row), reason });
    }
  }

  // Projects of this kind reported by two or more groups this week; figures that differ between tables.
  const seen = new Map<string, DuplicateProject>();
  for (const row of now) {
    const key = projectOfRow(identity, current.week, kind, row);
    if (key === null) continue;
    const entry = seen.get(key) ?? { name: projectName(row), groups: [] };
    if (!entry.groups.some((g) => g.group === row.group)) entry.groups.push({ group: row.group, district: row.district });
    seen.set(key, entry);
  }
  out.duplicates = [...seen.values()].filter((d) => d.groups.length > 1);
  for (const key of seen.keys()) {
    const records = thisWeek(key).filter((r) => r.kind !== 'whitelist');
    if (records.length < 2) continue;
    const fields = (['total', 'plan', 'completed'] as const).filter((f) => differs(records.map((r) => r[f])));
    if (fields.length === 0) continue;
    out.conflicts.push({
      project: key,
      name: seen.get(key)!.name,
      entries: records.map((r) => ({ group: r.group, kind: r.kind, name: r.name, total: r.total, plan: r.plan, completed: r.completed })),
      fields: [...fields],
    });
  }
  out.possible = identity.possible.filter(
    (p) => (p.a.kind === kind || p.b.kind === kind) && [p.a.week, p.b.week].includes(current.week) && [p.a.week, p.b.week].every((w) => w === current.week || w === previous.week),
  );
  return out;
}
