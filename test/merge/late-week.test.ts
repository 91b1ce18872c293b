/**
 * Which week a table counts in, and what a table received after its week may change there
 * (issue 8 item 3, issue 7 item 8): it counts for its 填表日期's week, but only fills a gap; it never
 * replaces a table received during that week, and every output says what happened.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import { cellOf, receivedLaterNote, selectWeek, weeklyKinds } from '../../src/merge/select.js';
import { formatMatrix, formatWeeksMatrix } from '../../src/merge/terminal.js';
import { submission } from './support.js';

const config = DEFAULT_CONFIG;
const kinds = weeklyKinds(config);
const rows = (name: string) => [{ name, total: 100, plan: 50, completed: 10 }];

describe('a table resent the week after (填表日期 last Friday, received Monday)', () => {
  const subs = [
    // 第三组: on time in W08, then last week's file again on Monday of W09 (the clerk's complaint)
    submission({ group: 3, receivedAt: '2022-02-25T10:50:00+08:00', fillDate: '2022-02-25', rows: rows('高新甲') }),
    submission({ group: 3, receivedAt: '2022-02-28T09:15:00+08:00', fillDate: '2022-02-25', rows: rows('高新甲（重发）') }),
    // 第五组: nothing valid in W08 (only an invalid table), a corrected one on Tuesday of W09
    submission({ group: 5, receivedAt: '2022-02-25T11:00:00+08:00', fillDate: '2022-02-25', valid: false }),
    submission({ group: 5, receivedAt: '2022-03-01T16:00:00+08:00', fillDate: '2022-02-24', rows: rows('巩义补报') }),
    // 第六组: nothing in W08; sent on Wednesday of W09 with W08's date
    submission({ group: 6, receivedAt: '2022-03-02T08:00:00+08:00', fillDate: '2022-02-25' }),
    // 第七组: late in W08 (Saturday), and a resend in W10 — the Saturday one stays
    submission({ group: 7, receivedAt: '2022-02-26T09:40:00+08:00', fillDate: '2022-02-25', rows: rows('郑东周六') }),
    submission({ group: 7, receivedAt: '2022-03-08T10:00:00+08:00', fillDate: '2022-02-25', rows: rows('郑东第10周') }),
    // 第八组: two late tables for W08, both after the week: the newer one fills the gap
    submission({ group: 8, receivedAt: '2022-03-01T08:00:00+08:00', fillDate: '2022-02-25', rows: rows('管城一') }),
    submission({ group: 8, receivedAt: '2022-03-02T08:00:00+08:00', fillDate: '2022-02-25', rows: rows('管城二') }),
  ];
  const w08 = selectWeek(subs, '2022-W08', kinds, config);
  const w09 = selectWeek(subs, '2022-W09', kinds, config);
  const cell = (sel: typeof w08, group: number) => cellOf(sel, group, 'lagging')!;

  it('never replaces the table received during its week: 第三组 stays 按时 in W08, the resend is marked', () => {
    const c = cell(w08, 3);
    expect(c.status).toBe('on-time');
    expect(c.chosen!.table!.rows[0]!.cells.name!.display).toBe('高新甲');
    expect(c.submissions.map((s) => [s.status, s.receivedLater])).toEqual([
      ['superseded', '2022-W09'],
      ['on-time', null],
    ]);
    expect(receivedLaterNote(c.submissions[0]!, '2022-W08')).toMatch(/第9周才收到.*本周内已收到有效表格，未替换/);
  });

  it('fills a gap as 迟报 (补报) when nothing valid came during the week, and says so', () => {
    expect(cell(w08, 5).status).toBe('late');
    expect(cell(w08, 5).chosen!.table!.rows[0]!.cells.name!.display).toBe('巩义补报');
    expect(receivedLaterNote(cell(w08, 5).submissions[0]!, '2022-W08')).toMatch(/第9周才收到：本周内没有收到有效表格，作为补报计入汇总/);
    expect(cell(w08, 6).status).toBe('late');
    // the newer of two late tables
    expect(cell(w08, 8).chosen!.table!.rows[0]!.cells.name!.display).toBe('管城二');
    expect(cell(w08, 8).submissions.map((s) => s.status)).toEqual(['late', 'superseded']);
  });

  it('keeps a table received late but within its week (Saturday) against a resend two weeks on', () => {
    expect(cell(w08, 7).status).toBe('late');
    expect(cell(w08, 7).chosen!.table!.rows[0]!.cells.name!.display).toBe('郑东周六');
    expect(cell(w08, 7).submissions[0]!.receivedLater).toBe('2022-W10');
  });

  it('shows the mismatch in both weeks on screen', () => {
    const screen08 = formatMatrix(w08, config, { color: false });
    expect(screen08).toMatch(/第三组.*按时（第9周又收到1份，未替换）/);
    expect(screen08).toMatch(/第五组.*迟报 3\/1 16:00（第9周补报，无效1份）/);
    expect(screen08).toMatch(/第七组.*迟报 2\/26 09:40（第10周又收到1份，未替换）/);
    const screen09 = formatMatrix(w09, config, { color: false });
    // W09: 第三组 sent nothing for W09, only last week's file again
    expect(cell(w09, 3).status).toBe('missing');
    expect(screen09).toMatch(/第三组.*未报（收到第8周的表1份）/);
    const month = formatWeeksMatrix([w08, w09], ['lagging'], config, { color: false, now: new Date('2022-03-10T00:00:00Z') }, '月');
    expect(month).toMatch(/第五组.*迟报\(补报\)/);
  });

  it('does not move a table without 填表日期 (its week is its receipt’s) nor one received early', () => {
    const more = [
      submission({ group: 9, receivedAt: '2022-02-28T09:00:00+08:00', fillDate: null }),
      // received on Sunday of W08 with Monday's date (W09): counts for W09, not late-received
      submission({ group: 10, receivedAt: '2022-02-27T20:00:00+08:00', fillDate: '2022-02-28' }),
    ];
    const sel = selectWeek(more, '2022-W09', kinds, config);
    expect(cell(sel, 9).status).toBe('on-time');
    expect(cell(sel, 10).status).toBe('on-time');
    expect(cell(sel, 10).submissions[0]!.receivedLater).toBeNull();
    const before = selectWeek(more, '2022-W08', kinds, config);
    expect(cell(before, 10).status).toBe('missing');
    expect(cell(before, 10).elsewhere.map((s) => s.week)).toEqual(['2022-W09']);
  });
});
