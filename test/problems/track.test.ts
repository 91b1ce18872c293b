/** Following problems week by week on in-memory counted tables: every state and how weeks open are counted. */
import { describe, expect, it } from 'vitest';
import type { KindId } from '../../src/schema/kinds.js';
import { buildLedger, type LedgerRow } from '../../src/problems/ledger.js';
import { DEFAULT_PROBLEM_SETTINGS } from '../../src/problems/settings.js';
import { trackProblems, type CountedWeekTable } from '../../src/problems/track.js';

const WEEKS = ['2022-W09', '2022-W10', '2022-W11', '2022-W12', '2022-W13', '2022-W14'];

interface Row {
  project: string;
  problems?: string | null;
  coordination?: string | null;
}

function table(week: number, rows: Row[], options: { group?: number; kind?: KindId } = {}): CountedWeekTable {
  return {
    week: WEEKS[week]!,
    group: options.group ?? 3,
    kind: options.kind ?? 'lagging',
    rows: rows.map((r, i) => ({
      project: r.project,
      district: '高新区',
      problems: r.problems ?? null,
      coordination: r.coordination ?? null,
      hasCoordination: (options.kind ?? 'lagging') !== 'municipal',
      file: `w${week}.xlsx`,
      cell: `I${i + 4}`,
    })),
  };
}

function ledger(tables: CountedWeekTable[], to = WEEKS.length - 1, from = to): LedgerRow[] {
  const weeks = WEEKS.slice(0, to + 1);
  const tracking = trackProblems(weeks, tables, DEFAULT_PROBLEM_SETTINGS);
  return buildLedger(tracking, { trackedWeeks: weeks, from: WEEKS[from]!, to: WEEKS[to]!, longOpenWeeks: 4, groupOrder: [1, 2, 3, 4] }).rows;
}

const A = '高新区智能传感器产业园';

describe('trackProblems', () => {
  it('a problem reworded week by week stays one problem, open with its weeks counted', () => {
    const rows = ledger([
      table(0, [{ project: A, problems: '施工用电未接入，涉及国网郑州供电公司', coordination: '正在协调中' }]),
      table(1, [{ project: A, problems: '施工临时用电尚未接入（涉及单位：国网郑州供电公司）', coordination: '已对接供电公司，近日通电' }]),
      table(2, [{ project: A, problems: '临时用电仍未接通', coordination: null }]),
      table(3, [{ project: A, problems: '施工临时用电未接通', coordination: '正在协调' }]),
    ], 3);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ element: '用电', state: 'open', weeksOpen: 4, firstWeek: '2022-W09', lastWeek: '2022-W12', longOpen: true });
    expect(rows[0]!.units).toEqual(['国网郑州供电公司']);
    expect(rows[0]!.coordination.map((c) => c.text)).toEqual(['正在协调中', '已对接供电公司，近日通电', null, '正在协调']);
  });

  it('is 新增 in its first week, solved when 协调解决情况 says so (that week counted), gone from later ledgers', () => {
    const tables = [
      table(0, [{ project: A, problems: '1.用地组卷未完成；2.进场道路未打通', coordination: '1.正在协调；2.正在协调' }]),
      table(1, [{ project: A, problems: '1.用地组卷未完成；2.进场道路未打通', coordination: '1.已协调市自然资源局加快组卷；2.进场道路已打通' }]),
      table(2, [{ project: A, problems: '用地组卷未完成', coordination: '正在协调' }]),
    ];
    expect(ledger(tables, 0).map((r) => [r.element, r.state])).toEqual([
      ['用地', 'new'],
      ['道路', 'new'],
    ]);
    const w10 = ledger(tables, 1);
    expect(w10.map((r) => [r.element, r.state, r.weeksOpen, r.solvedBy])).toEqual([
      ['用地', 'open', 2, null],
      ['道路', 'solved', 2, 'coordination'],
    ]);
    expect(ledger(tables, 2).map((r) => r.element)).toEqual(['用地']);
    // A month's ledger (W09–W11) keeps the one solved in it.
    expect(ledger(tables, 2, 0).map((r) => [r.element, r.state, r.newInPeriod, r.solvedInPeriod])).toEqual([
      ['用地', 'new', true, false],
      ['道路', 'solved', true, true],
    ]);
  });

  it('is solved when the project is still reported and the problem no longer listed (the week before counted)', () => {
    const rows = ledger([
      table(0, [{ project: A, problems: '环评批复尚未取得' }]),
      table(1, [{ project: A, problems: '环评批复仍未取得' }]),
      table(2, [{ project: A, problems: '无' }]),
    ], 2);
    expect(rows[0]).toMatchObject({ state: 'solved', weeksOpen: 2, solvedWeek: '2022-W11', solvedBy: 'dropped' });
  });

  it('stays open while its project is not reported at all, and says since when', () => {
    const rows = ledger([table(0, [{ project: A, problems: '资金到位不足' }]), table(3, [{ project: '另一个项目', problems: '无' }])], 3);
    expect(rows[0]).toMatchObject({ state: 'open', weeksOpen: 4, projectSilentSince: '2022-W09', longOpen: true });
  });

  it('comes back as 重新出现, its weeks counted from the return', () => {
    const tables = [
      table(0, [{ project: A, problems: '进场道路未打通' }]),
      table(1, [{ project: A, problems: '无' }]),
      table(2, [{ project: A, problems: '无' }]),
      table(3, [{ project: A, problems: '施工进场道路尚未贯通' }]),
      table(4, [{ project: A, problems: '进场道路未打通' }]),
    ];
    expect(ledger(tables, 3)[0]).toMatchObject({ state: 'reopened', weeksOpen: 1, firstWeek: '2022-W09', reopenedWeeks: ['2022-W12'] });
    expect(ledger(tables, 4)[0]).toMatchObject({ state: 'open', weeksOpen: 2 });
    expect(ledger(tables, 2)).toEqual([]);
  });

  it('left in the cell after 协调解决情况 said solved, it does not come back', () => {
    const rows = ledger([
      table(0, [{ project: A, problems: '临时用电未接通', coordination: '正在协调' }]),
      table(1, [{ project: A, problems: '临时用电未接通', coordination: '临时用电已接通' }]),
      table(2, [{ project: A, problems: '临时用电未接通', coordination: '临时用电已接通' }]),
    ], 2, 0);
    expect(rows[0]).toMatchObject({ state: 'solved', solvedWeek: '2022-W10', reopenedWeeks: [] });
  });

  it('follows a problem that moves from the 进度滞后 table to the 市领导联系 table of the same project', () => {
    const rows = ledger([
      table(0, [{ project: A, problems: '地面附属物拆迁未完成' }]),
      table(1, [{ project: A, problems: '无' }]),
      table(1, [{ project: `${A} `, problems: '地面附属物拆迁工作进展缓慢，尚未完成' }], { kind: 'municipal' }),
    ], 1);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ element: '拆迁', state: 'open', weeksOpen: 2 });
  });

  it('keeps two different problems of one 要素 apart', () => {
    const rows = ledger([
      table(0, [{ project: A, problems: '施工临时用电未接通' }]),
      table(1, [{ project: A, problems: '正式用电增容方案未批复' }]),
    ], 1);
    expect(rows.map((r) => [r.text, r.state])).toEqual([
      ['施工临时用电未接通', 'solved'],
      ['正式用电增容方案未批复', 'new'],
    ]);
  });

  it('does not close a problem because a table of another kind leaves it out', () => {
    const rows = ledger([
      table(0, [{ project: A, problems: '资金到位不足' }]),
      table(1, [{ project: A, problems: '无' }], { kind: 'municipal' }),
    ], 1);
    expect(rows[0]).toMatchObject({ state: 'open', weeksOpen: 2 });
  });

  it('closes it when the project left the 进度滞后 table that the group still sent', () => {
    const rows = ledger([
      table(0, [{ project: A, problems: '资金到位不足' }]),
      table(1, [{ project: '别的项目', problems: '无' }]),
      table(1, [{ project: A, problems: '无' }], { kind: 'municipal' }),
    ], 1);
    expect(rows[0]).toMatchObject({ state: 'solved', solvedBy: 'dropped' });
  });

  it('reads the same problem in two tables of one week once', () => {
    const rows = ledger([
      table(0, [{ project: A, problems: '资金到位不足', coordination: '正在协调' }]),
      table(0, [{ project: A, problems: '项目资金到位不足' }], { kind: 'municipal' }),
    ], 0);
    expect(rows).toHaveLength(1);
  });

  it('a problem reported and solved in the same week counts as new and solved', () => {
    const rows = ledger([table(0, [{ project: A, problems: '排污许可证尚未取得', coordination: '排污许可证已取得' }])], 0);
    expect(rows[0]).toMatchObject({ state: 'solved', weeksOpen: 1, newInPeriod: true, solvedInPeriod: true });
  });
});
