/**
 * Project identity: which rows — across weeks, groups, and the tables 附件2/3/4 and the 白名单 — are
 * one project. Pure data in, pure data out (no files, no config lookups beyond the NameContext).
 *
 * How it decides (the README's “同一个项目” section says the same in Chinese):
 *
 * 1. Names are compared by their keys (name.ts): full-width forms, whitespace, brackets, quotes, a
 *    leading 郑州市, and generic endings (项目, 工程, 建设项目 …) do not count; the phase (一期, 二期 …)
 *    is kept apart. Two rows in the same district (or one without a district) compare the names
 *    without the district in front (郑州市中原区X = 中原X = X in 中原区); rows in different districts
 *    compare them with it.
 * 2. Two rows with equal names are the same project unless their figures say otherwise:
 *    - different phases written (一期 / 二期): always different projects;
 *    - one writes a phase and the other does not: 待核实 (possibly the same);
 *    - 总投资 or 起止年限 both written and different: 待核实 when the district is the same (a changed
 *      figure or two projects), different projects when the district differs too;
 *    - different districts: the same project only when 总投资 and 起止年限 are both written and equal
 *      (a road across two districts), otherwise 待核实.
 * 3. Renames: when a group's table (one kind) loses a project from one week to the next and gains
 *    another, the two are the same project renamed when district, 总投资 and 起止年限 are written and
 *    equal on both, 年度计划投资 does not differ, the names share enough (similarity ≥ 0.3, see
 *    nameSimilarity) and no other lost/gained project of that table has those figures. With equal
 *    figures but names unalike, or alike names and some figure different or missing (白名单 has
 *    none), the pair is 待核实.
 * 4. Never merged: two rows of one table (a table lists each project once), and two groups of rows
 *    when any row of one and any row of the other are different projects by rule 2 — so a chain of
 *    “same” pairs can never join two projects that rule 2 keeps apart.
 *
 * Output: the projects (clusters of rows) with stable ids, the renames, and the 待核实 pairs.
 */
import type { KindId } from '../schema/kinds.js';
import { nameSimilarity, parseName, type NameContext, type ParsedName } from './name.js';

/** 起止年限: months 1–12; `yearOnly` for a period written as years (2021-2023). */
export interface ProjectPeriod {
  startYear: number;
  startMonth: number;
  endYear: number;
  endMonth: number;
  yearOnly: boolean;
}

/** One row of one counted table, as the resolver sees it. Amounts in 万元. */
export interface ProjectRecord {
  /** Unique per row (the caller's). */
  id: string;
  /** ISO week, "2022-W09". Weeks sort as text. */
  week: string;
  kind: KindId;
  group: number;
  /** The table the row is in: two rows of one table are never one project. */
  table: string;
  name: string;
  /** The roster's district (after aliases), null when not written or unknown. */
  district: string | null;
  total: number | null;
  plan: number | null;
  completed: number | null;
  period: ProjectPeriod | null;
}

export type Verdict = 'same' | 'possible' | 'distinct';

export interface Comparison {
  verdict: Verdict;
  /** Chinese, for the 说明 of a 待核实 line or a note. */
  reasons: string[];
}

export interface Rename {
  project: string;
  group: number;
  kind: KindId;
  /** The week the old name was last reported, and the week of the new name. */
  fromWeek: string;
  week: string;
  from: string;
  to: string;
  similarity: number;
}

/** A pair the resolver would not decide: possibly one project, kept as two. */
export interface PossibleMatch {
  a: ProjectRecord;
  b: ProjectRecord;
  /** 'same-name': equal names, figures disagree; 'rename': lost and gained in one table from one week to the next. */
  type: 'same-name' | 'rename';
  reasons: string[];
}

export interface ResolvedProject {
  /** "P001": numbered in order of first appearance (week, then group, kind, row). */
  id: string;
  /** The name as written in the latest record. */
  name: string;
  /** Every distinct spelling, oldest first. */
  names: string[];
  records: ProjectRecord[];
}

export interface Resolution {
  projects: ResolvedProject[];
  /** Record id → project id. */
  projectOf: Map<string, string>;
  renames: Rename[];
  possible: PossibleMatch[];
}

export interface ResolveOptions {
  /** The names' context (city and district prefixes). */
  names: NameContext;
  /** Minimum name similarity for a certain rename (default 0.3). */
  renameSimilarity?: number;
  /** Name similarity above which a lost/gained pair with unequal or missing figures is 待核实 (default 0.6). */
  possibleSimilarity?: number;
  /** The kinds' order, to number projects stably (default as given). */
  kindOrder?: readonly KindId[];
}

/** Amounts equal to the cent (万元 written with up to 2 decimals). */
function sameAmount(a: number, b: number): boolean {
  return Math.abs(a - b) < 0.005;
}

function samePeriod(a: ProjectPeriod, b: ProjectPeriod): boolean {
  if (a.startYear !== b.startYear || a.endYear !== b.endYear) return false;
  if (a.yearOnly || b.yearOnly) return true;
  return a.startMonth === b.startMonth && a.endMonth === b.endMonth;
}

function amountText(n: number): string {
  return String(Math.round(n * 100) / 100);
}

function periodText(p: ProjectPeriod): string {
  return p.yearOnly ? `${p.startYear}-${p.endYear}` : `${p.startYear}.${p.startMonth}-${p.endYear}.${p.endMonth}`;
}

interface Parsed {
  record: ProjectRecord;
  name: ParsedName;
}

/**
 * Rule 2: whether two rows with (possibly) equal names are the same project. Names that differ
 * are 'distinct' here (renames are found by `resolveProjects` only).
 */
export function compareParsed(x: Parsed, y: Parsed): Comparison {
  const a = x.record;
  const b = y.record;
  if (a.table === b.table) return { verdict: 'distinct', reasons: ['同一张表中的两行'] };
  if (x.name.phase && y.name.phase && x.name.phase !== y.name.phase) return { verdict: 'distinct', reasons: ['期次不同'] };
  const districtKnown = a.district !== null && b.district !== null;
  const sameDistrict = !districtKnown || a.district === b.district;
  const nameEqual = sameDistrict ? x.name.localKey === y.name.localKey : x.name.cityKey === y.name.cityKey;
  if (!nameEqual) return { verdict: 'distinct', reasons: ['名称不同'] };
  const reasons: string[] = [];
  let doubt = false;
  if (!x.name.phase !== !y.name.phase) {
    doubt = true;
    reasons.push(`一处写了期次（${x.name.phase ? x.name.written : y.name.written}），一处没写`);
  }
  const totals = a.total !== null && b.total !== null;
  const periods = a.period !== null && b.period !== null;
  const totalDiffers = totals && !sameAmount(a.total!, b.total!);
  const periodDiffers = periods && !samePeriod(a.period!, b.period!);
  if (!sameDistrict) {
    if (totalDiffers || periodDiffers) return { verdict: 'distinct', reasons: ['同名，但所在区和总投资或起止年限都不同'] };
    if (!(totals && periods)) {
      doubt = true;
      reasons.push(`所在区不同（${a.district}、${b.district}），又没有总投资和起止年限可以对照`);
    }
  }
  if (totalDiffers) {
    doubt = true;
    reasons.push(`总投资不同（${amountText(a.total!)}、${amountText(b.total!)}万元）`);
  }
  if (periodDiffers) {
    doubt = true;
    reasons.push(`起止年限不同（${periodText(a.period!)}、${periodText(b.period!)}）`);
  }
  return { verdict: doubt ? 'possible' : 'same', reasons };
}

class Clusters {
  private readonly parent = new Map<string, string>();
  private readonly members = new Map<string, Parsed[]>();

  constructor(items: Parsed[]) {
    for (const item of items) {
      this.parent.set(item.record.id, item.record.id);
      this.members.set(item.record.id, [item]);
    }
  }

  find(id: string): string {
    let root = id;
    while (this.parent.get(root) !== root) root = this.parent.get(root)!;
    let node = id;
    while (node !== root) {
      const next = this.parent.get(node)!;
      this.parent.set(node, root);
      node = next;
    }
    return root;
  }

  of(id: string): Parsed[] {
    return this.members.get(this.find(id)) ?? [];
  }

  /** Joins the two clusters unless rule 4 forbids it; returns whether they are (now) one. */
  join(a: string, b: string): boolean {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return true;
    const left = this.members.get(ra)!;
    const right = this.members.get(rb)!;
    for (const x of left)
      for (const y of right) {
        if (x.record.table === y.record.table) return false;
        if (compareParsed(x, y).verdict === 'distinct' && sameStem(x, y)) return false;
      }
    // Bigger cluster's root stays: ids stay stable as clusters grow.
    const [keep, drop] = left.length >= right.length ? [ra, rb] : [rb, ra];
    this.parent.set(drop, keep);
    this.members.set(keep, [...this.members.get(keep)!, ...this.members.get(drop)!]);
    this.members.delete(drop);
    return true;
  }

  roots(): string[] {
    return [...this.members.keys()];
  }
}

/** Whether two rows' names are equal up to the phase (so that compareParsed's 'distinct' is about figures, not a rename). */
function sameStem(x: Parsed, y: Parsed): boolean {
  return x.name.localKey === y.name.localKey || x.name.cityKey === y.name.cityKey;
}

function recordOrder(kindOrder: readonly KindId[]) {
  const kindIndex = (k: KindId) => {
    const i = kindOrder.indexOf(k);
    return i < 0 ? kindOrder.length : i;
  };
  return (a: ProjectRecord, b: ProjectRecord): number =>
    (a.week < b.week ? -1 : a.week > b.week ? 1 : 0) ||
    a.group - b.group ||
    kindIndex(a.kind) - kindIndex(b.kind) ||
    (a.table < b.table ? -1 : a.table > b.table ? 1 : 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Groups the records into projects (rules 1–4 above). Deterministic: the same records in any order
 * give the same projects, ids, renames and 待核实 pairs.
 */
export function resolveProjects(input: readonly ProjectRecord[], options: ResolveOptions): Resolution {
  const kindOrder = options.kindOrder ?? [...new Set(input.map((r) => r.kind))];
  const order = recordOrder(kindOrder);
  const records = [...input].sort(order);
  const parsed = records.map((record): Parsed => ({ record, name: parseName(record.name, record.district, options.names) }));
  const clusters = new Clusters(parsed);
  const possible: PossibleMatch[] = [];
  const possibleSeen = new Set<string>();
  const notePossible = (a: Parsed, b: Parsed, type: PossibleMatch['type'], reasons: string[]) => {
    const key = [clusters.find(a.record.id), clusters.find(b.record.id)].sort().join('|');
    if (possibleSeen.has(key)) {
      // keep the latest pair as the example
      const index = possible.findIndex((p) => [clusters.find(p.a.id), clusters.find(p.b.id)].sort().join('|') === key);
      if (index >= 0 && order(b.record, possible[index]!.b) > 0) possible[index] = { a: a.record, b: b.record, type, reasons };
      return;
    }
    possibleSeen.add(key);
    possible.push({ a: a.record, b: b.record, type, reasons });
  };

  // Rules 1, 2 and 4: equal names, block by the name stem (the local key, and the city key across districts).
  const blocks = new Map<string, Parsed[]>();
  for (const p of parsed) {
    for (const key of new Set([`L:${p.name.localKey}`, `C:${p.name.cityKey}`])) {
      const list = blocks.get(key) ?? [];
      list.push(p);
      blocks.set(key, list);
    }
  }
  const pairs: { a: Parsed; b: Parsed; comparison: Comparison; rank: number[] }[] = [];
  // A pair met in both its blocks is compared once. Keyed by the records' places in `parsed` (every
  // block lists them in that order), not by their ids: ids hold file paths, and hashing them was a
  // good part of resolving a month's records.
  const place = new Map(parsed.map((p, i) => [p, i]));
  const seenPair = new Set<number>();
  for (const list of blocks.values()) {
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i]!;
        const b = list[j]!;
        const key = place.get(a)! * parsed.length + place.get(b)!;
        if (seenPair.has(key)) continue;
        seenPair.add(key);
        const comparison = compareParsed(a, b);
        if (comparison.verdict === 'distinct') continue;
        const continuity = a.record.group === b.record.group && a.record.kind === b.record.kind ? 0 : 1;
        const gap = Math.abs(weekNumber(a.record.week) - weekNumber(b.record.week));
        pairs.push({ a, b, comparison, rank: [continuity, gap] });
      }
  }
  pairs.sort((x, y) => x.rank[0]! - y.rank[0]! || x.rank[1]! - y.rank[1]! || order(x.a.record, y.a.record) || order(x.b.record, y.b.record));
  for (const pair of pairs) if (pair.comparison.verdict === 'same') clusters.join(pair.a.record.id, pair.b.record.id);
  for (const pair of pairs)
    if (pair.comparison.verdict === 'possible' && clusters.find(pair.a.record.id) !== clusters.find(pair.b.record.id))
      notePossible(pair.a, pair.b, 'same-name', pair.comparison.reasons);

  // Rule 3: renames, table by table (group × kind), week to next reported week.
  const renames: { from: Parsed; to: Parsed; similarity: number }[] = [];
  const series = new Map<string, Map<string, Parsed[]>>();
  for (const p of parsed) {
    const key = `${p.record.group}\u0000${p.record.kind}`;
    const weeks = series.get(key) ?? new Map<string, Parsed[]>();
    const rows = weeks.get(p.record.week) ?? [];
    rows.push(p);
    weeks.set(p.record.week, rows);
    series.set(key, weeks);
  }
  const firstWeek = (root: string) => clusters.of(root).reduce((w, p) => (p.record.week < w ? p.record.week : w), '\uffff');
  const weeksOf = (root: string) => new Set(clusters.of(root).map((p) => p.record.week));
  const renameSimilarity = options.renameSimilarity ?? 0.3;
  const possibleSimilarity = options.possibleSimilarity ?? 0.6;
  for (const key of [...series.keys()].sort()) {
    const weeks = series.get(key)!;
    const weekList = [...weeks.keys()].sort();
    for (let w = 1; w < weekList.length; w++) {
      const before = weeks.get(weekList[w - 1]!)!;
      const now = weeks.get(weekList[w]!)!;
      const nowRoots = new Set(now.map((p) => clusters.find(p.record.id)));
      const beforeRoots = new Set(before.map((p) => clusters.find(p.record.id)));
      // Lost: not in this table now, and not reported anywhere this week. Gained: never seen before.
      const lost = before.filter((p) => !nowRoots.has(clusters.find(p.record.id)) && !weeksOf(p.record.id).has(weekList[w]!));
      const gained = now.filter((p) => !beforeRoots.has(clusters.find(p.record.id)) && firstWeek(p.record.id) === weekList[w]);
      if (lost.length === 0 || gained.length === 0) continue;
      const figures = (x: Parsed, y: Parsed) => renameFigures(x.record, y.record);
      const candidates = new Map<string, Parsed[]>();
      for (const x of lost) candidates.set(x.record.id, gained.filter((y) => figures(x, y) === 'match'));
      for (const x of lost) {
        const matches = candidates.get(x.record.id)!;
        for (const y of matches) {
          const reverse = lost.filter((z) => figures(z, y) === 'match');
          const similarity = nameSimilarity(x.name, y.name);
          const phaseClash = x.name.phase !== '' && y.name.phase !== '' && x.name.phase !== y.name.phase;
          if (phaseClash) continue;
          if (matches.length === 1 && reverse.length === 1 && similarity >= renameSimilarity) {
            if (clusters.join(x.record.id, y.record.id)) renames.push({ from: x, to: y, similarity });
            else notePossible(x, y, 'rename', ['所在区、总投资、起止年限相同，名称相近，但与本周另一行是不同项目']);
          } else {
            const why =
              matches.length > 1 || reverse.length > 1
                ? '所在区、总投资、起止年限相同，但有不止一个这样的项目'
                : `所在区、总投资、起止年限相同，但名称差别较大（相似度 ${similarity.toFixed(2)}）`;
            notePossible(x, y, 'rename', [why]);
          }
        }
      }
      for (const x of lost) {
        if (candidates.get(x.record.id)!.length > 0) continue;
        for (const y of gained) {
          if (clusters.find(x.record.id) === clusters.find(y.record.id)) continue;
          if (x.name.phase !== '' && y.name.phase !== '' && x.name.phase !== y.name.phase) continue;
          const similarity = nameSimilarity(x.name, y.name);
          if (similarity < possibleSimilarity) continue;
          const f = figures(x, y);
          notePossible(x, y, 'rename', [
            f === 'unknown' ? `名称相近（相似度 ${similarity.toFixed(2)}），但没有总投资和起止年限可以对照` : `名称相近（相似度 ${similarity.toFixed(2)}），但${f}`,
          ]);
        }
      }
    }
  }

  // Projects, numbered by first appearance.
  const roots = clusters.roots();
  const firstOf = (root: string) => clusters.of(root).map((p) => p.record).sort(order)[0]!;
  roots.sort((a, b) => order(firstOf(a), firstOf(b)));
  const width = Math.max(3, String(roots.length).length);
  const projectOf = new Map<string, string>();
  const projects: ResolvedProject[] = roots.map((root, i) => {
    const id = `P${String(i + 1).padStart(width, '0')}`;
    const members = clusters.of(root).map((p) => p.record).sort(order);
    for (const r of members) projectOf.set(r.id, id);
    const names: string[] = [];
    for (const r of members) if (!names.includes(r.name.trim())) names.push(r.name.trim());
    return { id, name: members[members.length - 1]!.name.trim(), names, records: members };
  });
  const finalPossible = possible
    .filter((p) => projectOf.get(p.a.id) !== projectOf.get(p.b.id))
    .sort((x, y) => order(x.b, y.b) || order(x.a, y.a));
  return {
    projects,
    projectOf,
    renames: renames.map(({ from, to, similarity }) => ({
      project: projectOf.get(to.record.id)!,
      group: to.record.group,
      kind: to.record.kind,
      fromWeek: from.record.week,
      week: to.record.week,
      from: from.record.name.trim(),
      to: to.record.name.trim(),
      similarity: Math.round(similarity * 100) / 100,
    })),
    possible: finalPossible,
  };
}

/** 'match' when district, 总投资 and 起止年限 are written and equal and 年度计划投资 does not differ; 'unknown' when some are not written; else why not. */
function renameFigures(a: ProjectRecord, b: ProjectRecord): 'match' | 'unknown' | string {
  if (a.district !== null && b.district !== null && a.district !== b.district) return '所在区不同';
  if (a.total !== null && b.total !== null && !sameAmount(a.total, b.total)) return '总投资不同';
  if (a.period !== null && b.period !== null && !samePeriod(a.period, b.period)) return '起止年限不同';
  if (a.plan !== null && b.plan !== null && !sameAmount(a.plan, b.plan)) return '年度计划投资不同';
  if (a.total === null || b.total === null || a.period === null || b.period === null || a.district === null || b.district === null) return 'unknown';
  return 'match';
}

/** "2022-W09" → a number that grows by one per week (years × 53; enough to rank gaps). */
function weekNumber(week: string): number {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  return m ? Number(m[1]) * 53 + Number(m[2]) : 0;
}
