import { describe, expect, it } from 'vitest';
import { canSkip } from '../../src/merge/load.js';
import type { InboxFile } from '../../src/inbox/scan.js';

const file = (over: Partial<InboxFile>): InboxFile => ({
  path: 'x.xlsx',
  relative: 'x.xlsx',
  receivedAt: new Date('2022-02-18T02:00:00Z'),
  receivedFrom: 'ledger',
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
