/**
 * The generated season (scripts/fixtures/season.ts: 10 weeks × 16 groups, planted renames,
 * look-alikes, drops, double reports, figure conflicts, falls, stand-stills, a plan exceeded):
 * the resolver's decisions against the planted truth, and every light against a table computed
 * from the truth by hand-written arithmetic here (not by src/merge/lights.ts).
 */
import { describe, expect, it } from 'vitest';
import { seasonTables, type SeasonTable } from '../../scripts/fixtures/season.js';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import { weekChanges } from '../../src/merge/changes.js';
import { identifyProjects, rowId } from '../../src/merge/identity.js';
import { planMerge } from '../../src/merge/plan.js';
import { selectWeek, weeklyKinds } from '../../src/merge/select.js';
import type { Submission } from '../../src/merge/submission.js';
import type { FieldId } from '../../src/schema/kinds.js';
import type { DataRow, NormalValue, Table, TableCell } from '../../src/table/model.js';
import { parsePeriodText } from '../../src/values/period.js';

const config = DEFAULT_CONFIG;
const season = seasonTables();
const FIRST_ROW = 4;

function normal(field: FieldId, value: unknown): NormalValue {
  if (typeof value === 'number') return { kind: 'number', value, fromText: false };
  if (value === null || value === undefined || value === '') return { kind: 'blank' };
  if (field === 'period') return parsePeriodText(String(value)) ?? { kind: 'invalid', text: String(value) };
  return { kind: 'text', text: String(value) };
}

function fileOf(t: SeasonTable): string {
  return `收件/${t.week}/第${t.group}组_${t.kind}.xlsx`;
}

/** A season table as the merge sees a valid district table (cells normalised as validate would). */
function submissionOf(t: SeasonTable): Submission {
  const district = config.groups[t.group - 1]!.district;
  const rows: DataRow[] = t.rows.map((r, i) => {
    const cells: Partial<Record<FieldId, TableCell>> = {};
    for (const [field, value] of Object.entries(r.values) as [FieldId, unknown][]) {
      if (value === null || value === undefined) continue;
      cells[field] = {
        ref: `A${FIRST_ROW + i}`,
        row: FIRST_ROW + i,
        raw: typeof value === 'number' ? { type: 'number', number: value } : { type: 'string', text: String(value) },
        display: String(value),
        value: normal(field, value),
      };
    }
    return { row: FIRST_ROW + i, cells };
  });
  const table: Table = {
    file: fileOf(t),
    sheet: t.kind,
    kind: t.kind,
    title: null,
    headerRows: [3],
    columns: [],
    extraColumns: [],
    duplicateColumns: [],
    missingFields: [],
    fillDate: { ref: 'A2', display: t.fillDate, iso: t.fillDate },
    reportingUnit: null,
    rows,
    totalRow: null,
    group: t.group,
    district,
    groupSource: 'cell',
  };
  return {
    file: fileOf(t),
    sheet: t.kind,
    kind: t.kind,
    group: t.group,
    district,
    fillDate: t.fillDate,
    receivedAt: new Date(`${t.fillDate}T10:00:00+08:00`),
    receivedFrom: 'ledger',
    week: t.week,
    weekFrom: 'fill-date',
    valid: true,
    errors: 0,
    warnings: 0,
    warningFindings: [],
    firstError: null,
    rows: rows.length,
    table,
  };
}

const submissions = season.tables.map(submissionOf);
const kinds = weeklyKinds(config);
const selections = season.weeks.map((w) => selectWeek(submissions, w, kinds, config));
const identity = identifyProjects(selections, config);

/** Record id → the planted project. */
const truthOf = new Map<string, string>();
for (const t of season.tables)
  t.rows.forEach((r, i) => truthOf.set(rowId(t.week, t.kind, { group: t.group, source: { file: fileOf(t), sheet: t.kind } as Submission, sourceRow: FIRST_ROW + i }), r.truth));

describe('the generated season', () => {
  it('has 10 weeks of 16 groups and every planted case', () => {
    expect(season.weeks).toHaveLength(10);
    expect(new Set(season.tables.map((t) => t.group)).size).toBe(16);
    expect(season.truth.renames.filter((r) => r.alike)).toHaveLength(6);
    expect(season.truth.lookAlikes.length).toBeGreaterThanOrEqual(4);
    expect(season.truth.dropped).toHaveLength(2);
    expect(season.truth.doubles.length).toBeGreaterThan(0);
    expect(season.truth.conflicts).toHaveLength(1);
  });
});

describe('the resolver against the planted truth', () => {
  const records = [...identity.projectOf.keys()];
  it('has a truth for every record', () => {
    for (const id of records) expect(truthOf.has(id), id).toBe(true);
  });

  // Pairs of records: same project by the truth vs by the resolver.
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const wrong: string[] = [];
  const missed = new Set<string>();
  for (let i = 0; i < records.length; i++)
    for (let j = i + 1; j < records.length; j++) {
      const a = records[i]!;
      const b = records[j]!;
      const truly = truthOf.get(a) === truthOf.get(b);
      const said = identity.projectOf.get(a) === identity.projectOf.get(b);
      if (truly && said) tp++;
      else if (said) {
        fp++;
        if (wrong.length < 5) wrong.push(`${a} ~ ${b}`);
      } else if (truly) {
        fn++;
        missed.add(truthOf.get(a)!);
      }
    }
  const precision = tp / (tp + fp);
  const recall = tp / (tp + fn);

  it('never merges two different projects (precision 1)', () => {
    console.log(
      `季节数据：${records.length} 行，${new Set(truthOf.values()).size} 个真实项目，解析为 ${identity.projects.length} 个；` +
        `成对判断 precision ${precision.toFixed(4)}，recall ${recall.toFixed(4)}（TP ${tp}，FP ${fp}，FN ${fn}）；未合并的真实项目：${[...missed].join('、') || '无'}`,
    );
    expect(wrong).toEqual([]);
    expect(fp).toBe(0);
  });

  it('joins every respelled, cross-table and double-reported project; only the unalike rename stays apart', () => {
    const unalike = season.truth.renames.filter((r) => !r.alike).map((r) => r.truth);
    expect([...missed]).toEqual(unalike);
    expect(recall).toBeGreaterThan(0.98);
  });

  it('finds every planted rename with alike names, in its group and week', () => {
    for (const planted of season.truth.renames.filter((r) => r.alike))
      expect(identity.renames).toContainEqual(expect.objectContaining({ group: planted.group, kind: planted.kind, week: planted.week, from: planted.from, to: planted.to }));
    expect(identity.renames).toHaveLength(season.truth.renames.filter((r) => r.alike).length);
  });

  it('says 待核实 for the unalike rename instead of guessing', () => {
    for (const planted of season.truth.renames.filter((r) => !r.alike))
      expect(identity.possible).toContainEqual(
        expect.objectContaining({ type: 'rename', a: expect.objectContaining({ name: planted.from }), b: expect.objectContaining({ name: planted.to }) }),
      );
  });

  it('keeps every look-alike apart, and lists the same-name same-district pair as 待核实', () => {
    const projectsOf = (truth: string) => new Set([...truthOf].filter(([, t]) => t === truth).map(([id]) => identity.projectOf.get(id)));
    for (const pair of season.truth.lookAlikes) {
      const a = projectsOf(pair.a);
      for (const p of projectsOf(pair.b)) expect(a.has(p), pair.why).toBe(false);
    }
    const gym = season.truth.lookAlikes.find((l) => l.why.includes('同区县'))!;
    expect(identity.possible).toContainEqual(
      expect.objectContaining({
        type: 'same-name',
        a: expect.objectContaining({ id: expect.any(String) }),
        reasons: expect.arrayContaining([expect.stringContaining('总投资不同')]),
      }),
    );
    expect(identity.possible.some((p) => [truthOf.get(p.a.id), truthOf.get(p.b.id)].sort().join() === [gym.a, gym.b].sort().join())).toBe(true);
  });
});

describe('本周变化 on the season', () => {
  const at = (w: number, kind: 'lagging' | 'provincial' | 'municipal') => weekChanges(selections[w]!, selections[w - 1]!, kind, identity);

  it('shows renames as 更名, not 移出 + 新增', () => {
    for (const planted of season.truth.renames.filter((r) => r.alike)) {
      const changes = at(season.weeks.indexOf(planted.week), 'lagging');
      expect(changes.renamed).toContainEqual(expect.objectContaining({ group: planted.group, from: planted.from, name: planted.to }));
      expect(changes.added.map((a) => a.name)).not.toContain(planted.to);
      expect(changes.dropped.map((a) => a.name)).not.toContain(planted.from);
    }
  });

  it('flags the drops that have no reason', () => {
    for (const planted of season.truth.dropped) {
      const changes = at(season.weeks.indexOf(planted.week), 'lagging');
      const drop = changes.dropped.find((d) => d.group === planted.group);
      expect(drop?.reason).toEqual({ code: 'unexplained' });
    }
  });

  it('finds the road reported by two groups, and the figure conflict between 附件2 and 附件3', () => {
    for (const planted of season.truth.doubles) {
      const changes = at(season.weeks.indexOf(planted.week), 'lagging');
      expect(changes.duplicates.map((d) => d.groups.map((g) => g.group))).toContainEqual(planted.groups);
    }
    const [conflict] = season.truth.conflicts;
    const changes = at(season.weeks.indexOf(conflict!.week), 'provincial');
    expect(changes.conflicts).toEqual([expect.objectContaining({ fields: ['completed'] })]);
  });
});

// ------------------------------------------------------------------------------------------
// Lights: the expected light of every row from the truth, by hand-written arithmetic.

/** 1…365 for a 2022 date. */
function dayOf2022(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return (Date.UTC(y!, m! - 1, d!) - Date.UTC(2022, 0, 1)) / 86_400_000 + 1;
}
const r1 = (n: number) => Math.round(n * 10) / 10;

function expectedWord(t: SeasonTable, index: number): string {
  const row = t.rows[index]!;
  const plan = row.values.plan as number;
  const completed = row.values.completed as number;
  // The same project's earlier reports in the same kind of table (its own group's when there).
  const earlier: number[] = [];
  for (let w = t.weekIndex - 1; w >= 0; w--) {
    const tables = season.tables.filter((x) => x.weekIndex === w && x.kind === t.kind && x.rows.some((r) => r.truth === row.truth));
    if (tables.length === 0) break;
    const own = tables.find((x) => x.group === t.group) ?? tables[0]!;
    earlier.push(own.rows.find((r) => r.truth === row.truth)!.values.completed as number);
  }
  if (earlier.length > 0 && earlier[0]! > completed) return '存疑';
  if (completed > plan) return '存疑';
  let still = 0;
  while (still < earlier.length && earlier[still] === completed) still++;
  if (still >= 3) return '存疑';
  const schedule = r1((dayOf2022(t.fillDate) / 365) * 100);
  const rate = r1((completed / plan) * 100);
  const gap = r1(schedule - rate);
  return gap <= 10 ? '绿' : gap <= 30 ? '黄' : '红';
}

describe('every light of the season against the hand-computed table', () => {
  const plans = season.weeks.map((w) => planMerge(submissions, w, config, '2022-06-10'));
  const lines: string[] = [];
  const tally: Record<string, number> = {};
  for (const plan of plans)
    for (const output of plan.outputs)
      for (const kindLights of output.lights)
        for (const item of kindLights.rows) {
          const table = season.tables.find((t) => t.week === plan.week && t.kind === kindLights.kind && t.group === item.row.group)!;
          const index = item.row.sourceRow - FIRST_ROW;
          const word = item.light.state === 'light' ? { red: '红', yellow: '黄', green: '绿' }[item.light.colour] : item.light.state === 'doubt' ? '存疑' : '';
          const expected = expectedWord(table, index);
          tally[expected] = (tally[expected] ?? 0) + 1;
          if (word !== expected) lines.push(`${plan.week} 第${item.row.group}组 ${kindLights.kind} ${table.rows[index]!.values.name}: ${word} ≠ ${expected}`);
        }

  it('agrees on every row (and the season has every light)', () => {
    console.log(`季节数据亮灯：${Object.entries(tally).map(([k, n]) => `${k} ${n}`).join('，')}`);
    expect(lines).toEqual([]);
    for (const word of ['红', '黄', '绿', '存疑']) expect(tally[word] ?? 0).toBeGreaterThan(0);
  });

  it('the planted figures give 存疑 where planted (hand-checked rows)', () => {
    const word = (week: number, group: number, kind: 'lagging' | 'municipal', i: number) => {
      const t = season.tables.find((x) => x.weekIndex === week && x.group === group && x.kind === kind)!;
      return expectedWord(t, i);
    };
    // 第二组's second 附件2 project falls in week 6; 第十组's fourth stands still from week 2 (3 weeks at week 5);
    // 第十一组's first 附件4 project exceeds its plan from week 8.
    expect(word(6, 2, 'lagging', 1)).toBe('存疑');
    expect(word(4, 10, 'lagging', 3)).not.toBe('存疑');
    expect(word(5, 10, 'lagging', 3)).toBe('存疑');
    expect(word(8, 11, 'municipal', 0)).toBe('存疑');
  });
});
