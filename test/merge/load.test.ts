import { describe, expect, it } from 'vitest';
import { canSkip } from '../../src/merge/load.js';
import type { InboxFile } from '../../src/inbox/scan.js';

const file = (over: Partial<InboxFile>): InboxFile => ({
  path: 'x.xlsx',
  relative: 'x.xlsx',
  receivedAt: new Date('2022-02-18T02:00:00Z'),
  receivedFrom: 'ledger',
  receiptOrder: 0,
  modifiedAt: new Date('2022-02-18T02:00:00Z'),
  ledgerTables: [{ sheet: 'Sheet1', kind: 'lagging', group: 1, district: '中原区', fillDate: '2022-02-18', rows: 1, valid: true }],
  ...over,
});
const weeks = ['2022-W09', '2022-W08'];

describe('which inbox files merge need not read again', () => {
  it('skips only a file the ledger places wholly in other weeks, received then and not edited since', () => {
    expect(canSkip(file({}), weeks, 'Asia/Shanghai')).toBe(true);
    expect(canSkip(file({ ledgerTables: null, receivedFrom: 'mtime' }), weeks, 'Asia/Shanghai')).toBe(false);
    expect(canSkip(file({ ledgerTables: [] }), weeks, 'Asia/Shanghai')).toBe(false);
    expect(canSkip(file({ modifiedAt: new Date('2022-03-01T00:00:00Z') }), weeks, 'Asia/Shanghai')).toBe(false);
    expect(canSkip(file({ receivedAt: new Date('2022-02-28T01:00:00Z') }), weeks, 'Asia/Shanghai')).toBe(false);
    const tables = file({}).ledgerTables!;
    expect(canSkip(file({ ledgerTables: [{ ...tables[0]!, fillDate: null }] }), weeks, 'Asia/Shanghai')).toBe(false);
    expect(canSkip(file({ ledgerTables: [tables[0]!, { ...tables[0]!, fillDate: '2022-02-25' }] }), weeks, 'Asia/Shanghai')).toBe(false);
  });
});

describe('which inbox files monthly and status --year need not read (dates)', () => {
  const march = { start: '2022-02-21', end: '2022-03-20' };
  const table = file({}).ledgerTables![0]!;
  const tz = 'Asia/Shanghai';

  it('skips weekly tables dated outside the period, and never a 月报素材 table', () => {
    expect(canSkip(file({}), { dates: march }, tz)).toBe(true);
    expect(canSkip(file({ ledgerTables: [{ ...table, fillDate: '2022-02-21' }] }), { dates: march }, tz)).toBe(false);
    expect(canSkip(file({ ledgerTables: [{ ...table, fillDate: '2022-03-20' }] }), { dates: march }, tz)).toBe(false);
    expect(canSkip(file({ ledgerTables: [{ ...table, fillDate: '2022-03-21' }] }), { dates: march }, tz)).toBe(true);
    // Received during the period (Shanghai 2022-02-21 00:30), whatever its 填表日期 says: read.
    const inMarch = new Date('2022-02-20T16:30:00Z');
    expect(canSkip(file({ receivedAt: inMarch, modifiedAt: inMarch }), { dates: march }, tz)).toBe(false);
    const before = new Date('2022-02-20T15:30:00Z'); // 2022-02-20 23:30 in Shanghai
    expect(canSkip(file({ receivedAt: before, modifiedAt: before }), { dates: march }, tz)).toBe(true);
    // 月报素材 items carry their own dates, which the ledger does not know: always read.
    expect(canSkip(file({ ledgerTables: [{ ...table, kind: 'monthly', fillDate: '2021-12-03' }] }), { dates: march }, tz)).toBe(false);
    expect(canSkip(file({ ledgerTables: [table, { ...table, sheet: '月报素材', kind: 'monthly' }] }), { dates: march }, tz)).toBe(false);
    // As for weeks: no ledger line, no table, no 填表日期, or edited since receipt: read.
    expect(canSkip(file({ ledgerTables: null, receivedFrom: 'mtime' }), { dates: march }, tz)).toBe(false);
    expect(canSkip(file({ ledgerTables: [{ ...table, fillDate: null }] }), { dates: march }, tz)).toBe(false);
    expect(canSkip(file({ modifiedAt: new Date('2022-03-01T00:00:00Z') }), { dates: march }, tz)).toBe(false);
    // A 填表日期 the ledger holds but no calendar has: read, not a crash.
    expect(canSkip(file({ ledgerTables: [{ ...table, fillDate: '2022-02-30' }] }), { dates: march, weeks: ['2022-W20'] }, tz)).toBe(false);
    // Nothing asked for: everything is read.
    expect(canSkip(file({}), {}, tz)).toBe(false);
  });

  it('reads a file when either the weeks or the dates need it', () => {
    expect(canSkip(file({}), { weeks: ['2022-W07'], dates: march }, tz)).toBe(false);
    expect(canSkip(file({}), { weeks: ['2022-W20'], dates: { start: '2022-02-18', end: '2022-02-18' } }, tz)).toBe(false);
    expect(canSkip(file({}), { weeks: ['2022-W20'], dates: march }, tz)).toBe(true);
  });
});
