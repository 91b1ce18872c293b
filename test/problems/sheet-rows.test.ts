/** What the ledger's lines say: week runs of 协调解决情况, the note, the 要素 × 区县 table. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import { buildLedger } from '../../src/problems/ledger.js';
import { DEFAULT_PROBLEM_SETTINGS } from '../../src/problems/settings.js';
import { ledgerLines, longOpenLines, overviewTable } from '../../src/problems/sheet-rows.js';
import { trackProblems, type CountedWeekTable } from '../../src/problems/track.js';
import type { KindId } from '../../src/schema/kinds.js';

const WEEKS = ['2021-W51', '2021-W52', '2022-W01', '2022-W02', '2022-W03', '2022-W04'];

function table(w: number, group: number, kind: KindId, rows: { project: string; problems: string; coordination?: string; district?: string }[]): CountedWeekTable {
  return {
    week: WEEKS[w]!,
    group,
    kind,
    rows: rows.map((r) => ({
      project: r.project,
      district: r.district ?? DEFAULT_CONFIG.groups[group - 1]!.district,
      problems: r.problems,
      coordination: r.coordination ?? null,
      hasCoordination: kind === 'lagging' || kind === 'whitelist',
      file: 'x.xlsx',
      cell: 'I4',
    })),
  };
}

const tables = [
  table(0, 3, 'lagging', [{ project: '甲项目', problems: '施工用电未接入', coordination: '正在协调' }]),
  table(1, 3, 'lagging', [{ project: '甲项目', problems: '施工临时用电尚未接入', coordination: '正在协调' }]),
  table(2, 3, 'lagging', [{ project: '甲项目', problems: '临时用电仍未接通', coordination: '正在协调' }]),
  table(3, 3, 'municipal', [{ project: '甲项目', problems: '临时用电仍未接通' }]),
  table(4, 3, 'lagging', [{ project: '甲项目', problems: '临时用电未接通' }]),
  table(4, 8, 'lagging', [{ project: '甲项目', problems: '临时用电未接通', coordination: '临时用电已接通' }, { project: '乙项目', problems: '资金到位不足' }]),
];

describe('ledger lines', () => {
  const tracking = trackProblems(WEEKS.slice(0, 5), tables, DEFAULT_PROBLEM_SETTINGS);
  const ledger = buildLedger(tracking, { trackedWeeks: WEEKS.slice(0, 5), from: '2022-W03', to: '2022-W03', longOpenWeeks: 4, groupOrder: DEFAULT_CONFIG.groups.map((g) => g.number) });
  const lines = ledgerLines(ledger, WEEKS.slice(0, 5));

  it('writes runs of the same 协调解决情况 once, across the new year, and says when a table has no such column', () => {
    expect(lines[0]!.coordination).toBe(['2021年第51周—第1周：正在协调', '第2周：（表中无此栏）', '第3周：临时用电已接通'].join('\n'));
    expect(lines[0]!.firstWeek).toBe('2021年第51周');
  });

  it('notes how it was solved, its first wording and the groups that listed it', () => {
    expect(lines[0]!.note).toBe('第3周协调解决情况写明已解决；首次表述：施工用电未接入；第三组、第八组均报送');
    expect(lines[0]).toMatchObject({ state: '已解决', weeksOpen: 5, group: '第三组', district: '高新区', element: '用电' });
  });

  it('puts long-open problems on their own list and counts 要素 × 区县', () => {
    expect(longOpenLines(lines)).toEqual([]);
    const table = overviewTable(ledger, DEFAULT_CONFIG);
    expect(table.districts.slice(0, 3)).toEqual(['中原区', '二七区', '高新区']);
    const power = table.rows.find((r) => r.element === '用电')!;
    expect(power.perDistrict[table.districts.indexOf('高新区')]).toBe(1);
    expect(table.rows.find((r) => r.element === '资金')!.perDistrict[table.districts.indexOf('管城回族区')]).toBe(1);
    expect(power).toMatchObject({ total: 1, open: 0, solved: 1, longOpen: 0 });
    expect(table.rows[table.rows.length - 1]).toMatchObject({ element: '合计', total: 2, open: 1, solved: 1 });
  });
});
