import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import { cellOf, reminders, selectWeek, weeklyKinds } from '../../src/merge/select.js';
import { mergeKind } from '../../src/merge/rows.js';
import { weekChanges } from '../../src/merge/changes.js';
import { identifyProjects } from '../../src/merge/identity.js';
import { mergeDocument, planMerge } from '../../src/merge/plan.js';
import { mergeDocumentSchema } from '../../src/merge/plan-schema.js';
import { countSelections, selectWeeks } from '../../src/merge/status-summary.js';
import { submission } from './support.js';

const config = DEFAULT_CONFIG;
const kinds = weeklyKinds(config);

describe('selectWeek: one status per group × kind', () => {
  const subs = [
    submission({ group: 1, receivedAt: '2022-03-03T10:00:00+08:00' }), // on-time
    submission({ group: 2, receivedAt: '2022-03-04T12:00:00+08:00' }), // at the deadline: on-time
    submission({ group: 3, receivedAt: '2022-03-04T12:01:00+08:00' }), // one minute late
    submission({ group: 4, receivedAt: '2022-03-01T09:00:00+08:00', rows: [{ name: '草稿项目', total: 1 }] }), // draft
    submission({ group: 4, receivedAt: '2022-03-03T16:00:00+08:00' }), // final: supersedes the draft
    submission({ group: 4, receivedAt: '2022-03-04T09:00:00+08:00', valid: false }), // newer but invalid
    submission({ group: 5, receivedAt: '2022-03-02T09:00:00+08:00', valid: false }), // only invalid
    submission({ group: 6, receivedAt: '2022-03-01T08:00:00+08:00', fillDate: '2022-02-25' }), // counts for W08
    submission({ group: null, receivedAt: '2022-03-02T08:00:00+08:00' }), // unknown group
    submission({ group: 7, receivedAt: '2022-03-02T08:00:00+08:00', fillDate: null }), // no 填表日期: receipt week
    submission({ group: 8, kind: 'provincial', receivedAt: '2022-03-02T08:00:00+08:00', rows: [] }), // empty table counts
  ];
  const selection = selectWeek(subs, '2022-W09', kinds, config);
  const status = (group: number, kind = 'lagging' as const) => cellOf(selection, group, kind)!.status;

  it('tells on-time, late by a minute, superseded, invalid, missing and another week apart', () => {
    expect(status(1)).toBe('on-time');
    expect(status(2)).toBe('on-time');
    expect(status(3)).toBe('late');
    expect(status(4)).toBe('on-time');
    expect(cellOf(selection, 4, 'lagging')!.submissions.map((s) => s.status)).toEqual(['invalid', 'on-time', 'superseded']);
    expect(cellOf(selection, 4, 'lagging')!.chosen!.rows).toBe(1);
    expect(status(5)).toBe('invalid');
    expect(status(6)).toBe('missing');
    expect(cellOf(selection, 6, 'lagging')!.elsewhere.map((s) => s.week)).toEqual(['2022-W08']);
    expect(status(7)).toBe('on-time');
    expect(status(8, 'provincial' as never)).toBe('on-time');
    expect(status(9)).toBe('missing');
    expect(selection.cells).toHaveLength(16 * 4);
    expect(selection.excluded).toHaveLength(1);
    expect(selection.excluded[0]!.reason).toMatch(/无法判断报送组别/);
  });

  it('counts the file dated in the previous week for that week, late against its deadline', () => {
    const w08 = selectWeek(subs, '2022-W08', kinds, config);
    expect(cellOf(w08, 6, 'lagging')!.status).toBe('late');
  });

  it('lists the groups to remind with leader and deputy', () => {
    const list = reminders(selection, config);
    const five = list.find((r) => r.group === 5)!;
    expect(five.leader).toBe('方万瑞');
    expect(five.deputy).toBe('吕明体');
    expect(five.invalidKinds).toEqual(['lagging']);
    expect(list.find((r) => r.group === 16)!.kinds).toEqual(['lagging', 'provincial', 'municipal', 'whitelist']);
    expect(list.find((r) => r.group === 16)!.deputy).toBe('侯哲峰');
    expect(list.some((r) => r.group === 1 && r.kinds.includes('lagging'))).toBe(false);
  });

  it('gives the §5 JSON document, valid against its schema', () => {
    const plan = planMerge(subs, '2022-W09', config, '2022-03-04');
    const doc = mergeDocument(plan, 'out', config);
    expect(mergeDocumentSchema.safeParse(doc).success).toBe(true);
    expect(doc.deadline).toBe('2022-03-04T12:00:00+08:00');
    expect(doc.outputs.map((o) => o.recipient)).toEqual(['肖磊', '徐大利', '石明洋']);
    expect(doc.outputs[0]!.file).toBe('out/2022年第09周_进度滞后项目_肖磊.xlsx');
    const g4 = doc.submissions.filter((s) => s.group === 4 && s.kind === 'lagging').map((s) => s.status);
    expect(g4).toEqual(['invalid', 'on-time', 'superseded']);
    const g3 = doc.submissions.find((s) => s.group === 3 && s.kind === 'lagging')!;
    expect(g3).toMatchObject({ status: 'late', receivedAt: '2022-03-04T12:01:00+08:00', rows: 1, district: '高新区' });
    expect(doc.submissions.find((s) => s.group === 16)).toMatchObject({ status: 'missing', file: null, receivedAt: null, rows: 0 });
  });
});

describe('merged rows', () => {
  it('orders by roster, renumbers, sums the amount columns and keeps text as text', () => {
    const subs = [
      submission({ group: 3, receivedAt: '2022-03-03T10:00:00+08:00', rows: [{ name: 'C1', total: 0.1, plan: 1, completed: 0.2 }] }),
      submission({
        group: 1,
        receivedAt: '2022-03-03T11:00:00+08:00',
        rows: [
          { name: 'A1', overview: '=1+1', total: 0.2, plan: 2, completed: 0.1 },
          { name: 'A2', total: 100, period: '2021.03-2023.12' },
        ],
      }),
    ];
    const merged = mergeKind(selectWeek(subs, '2022-W09', kinds, config), 'lagging');
    expect(merged.rows.map((r) => [r.serial, r.group, r.values.name])).toEqual([
      [1, 1, { type: 'text', text: 'A1' }],
      [2, 1, { type: 'text', text: 'A2' }],
      [3, 3, { type: 'text', text: 'C1' }],
    ]);
    expect(merged.rows[0]!.values.overview).toEqual({ type: 'text', text: '=1+1' });
    expect(merged.rows[1]!.values.period).toEqual({ type: 'text', text: '2021.03-2023.12' });
    expect(merged.totals).toEqual({ total: 100.3, plan: 3, completed: 0.3 });
  });
});

describe('本周变化', () => {
  it('finds added, dropped, moved, a decrease and a project reported by two groups', () => {
    const subs = [
      submission({ group: 1, receivedAt: '2022-02-25T10:00:00+08:00', rows: [{ name: '甲 项目', completed: 10 }, { name: '乙项目', completed: 20 }, { name: '丙项目', completed: 5 }] }),
      submission({ group: 1, receivedAt: '2022-03-04T10:00:00+08:00', rows: [{ name: '甲项目', completed: 15 }, { name: '乙项目', completed: 18 }, { name: '丁项目', completed: 1 }] }),
      submission({ group: 2, receivedAt: '2022-03-04T10:00:00+08:00', rows: [{ name: '丁 项目', completed: 1 }] }),
      submission({ group: 3, receivedAt: '2022-02-25T10:00:00+08:00', rows: [{ name: '戊项目', completed: 1 }] }),
    ];
    const now = selectWeek(subs, '2022-W09', kinds, config);
    const before = selectWeek(subs, '2022-W08', kinds, config);
    const changes = weekChanges(now, before, 'lagging', identifyProjects([now, before], config));
    expect(changes.added.map((a) => a.name)).toEqual(['丁项目']);
    expect(changes.dropped.map((a) => a.name)).toEqual(['丙项目']);
    expect(changes.moved.map((m) => [m.name, m.delta])).toEqual([
      ['甲项目', 5],
      ['乙项目', -2],
    ]);
    expect(changes.decreased.map((m) => m.name)).toEqual(['乙项目']);
    expect(changes.duplicates).toEqual([{ name: '丁项目', groups: [{ group: 1, district: '中原区' }, { group: 2, district: '二七区' }] }]);
    expect(changes.notCompared).toEqual([
      { group: 2, district: '二七区', reason: 'no-previous', projects: 1, status: 'missing' },
      { group: 3, district: '高新区', reason: 'no-current', projects: 1, status: 'missing' },
    ]);
  });
});

describe('counts over weeks', () => {
  it('counts weeks submitted, late and missing per group and kind', () => {
    const subs = [
      submission({ group: 1, receivedAt: '2022-03-04T10:00:00+08:00' }),
      submission({ group: 1, receivedAt: '2022-03-11T12:30:00+08:00' }),
      submission({ group: 2, receivedAt: '2022-03-11T10:00:00+08:00', valid: false }),
    ];
    const counts = countSelections(selectWeeks(subs, ['2022-W09', '2022-W10'], kinds, config), kinds, config);
    expect(counts[0]!.kinds.lagging).toEqual({ weeks: 2, onTime: 1, late: 1, invalid: 0, missing: 0, rows: 2 });
    expect(counts[1]!.kinds.lagging).toMatchObject({ weeks: 0, invalid: 1, missing: 1 });
    expect(counts[0]!.submitted).toBe(2);
  });
});
