import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LEDGER_FILE_NAME, ledgerEntryFrom, readLedger } from '../../src/inbox/ledger.js';
import { ledgerEntrySchema } from '../../src/inbox/ledger-schema.js';

/** A line as receive writes it (two tables). */
const entry = {
  receivedAt: '2022-03-04T11:30:00+08:00',
  original: '中原区省市领导联系项目（3.4）.xlsx',
  file: '2022-W09/第01组_中原区_省领导联系+市领导联系_20220304-1130.xlsx',
  sha256: 'a17fcfe47d0b1e3878f438a6ca72ad867cfc22fc2e8ac8f19df96043f9aea354',
  summary: { tables: 2, valid: 1, invalid: 1, errors: 3, warnings: 0 },
  tables: [
    { sheet: '省领导', kind: 'provincial', group: 1, district: '中原区', fillDate: '2022-03-04', rows: 1, valid: true },
    { sheet: '市领导', kind: 'municipal', group: null, district: null, fillDate: null, rows: 0, valid: false },
  ],
};

type Json = Record<string, unknown>;
const clone = (): Json => JSON.parse(JSON.stringify(entry)) as Json;
const table = (e: Json, i = 0) => (e.tables as Json[])[i]!;
const summary = (e: Json) => e.summary as Json;

/** Variants of the line: each changes one thing, valid or not. */
const variants: [string, (e: Json) => unknown][] = [
  ['as written', (e) => e],
  ['extra keys everywhere', (e) => ((e.note = 'x'), (summary(e).more = 1), (table(e).colour = 'red'), e)],
  ['keys in another order', (e) => Object.fromEntries(Object.entries(e).reverse())],
  ['no tables', (e) => ((e.tables = []), e)],
  ['receivedAt not a time', (e) => ((e.receivedAt = 'yesterday'), e)],
  ['receivedAt a date only', (e) => ((e.receivedAt = '2022-03-04'), e)],
  ['receivedAt a number', (e) => ((e.receivedAt = 1646364600000), e)],
  ['original missing', (e) => (delete e.original, e)],
  ['file null', (e) => ((e.file = null), e)],
  ['sha256 upper case', (e) => ((e.sha256 = String(e.sha256).toUpperCase()), e)],
  ['sha256 short', (e) => ((e.sha256 = String(e.sha256).slice(1)), e)],
  ['summary an array', (e) => ((e.summary = [2, 1, 1, 3, 0]), e)],
  ['summary count negative', (e) => ((summary(e).errors = -1), e)],
  ['summary count fractional', (e) => ((summary(e).valid = 1.5), e)],
  ['summary count too large', (e) => ((summary(e).tables = 2 ** 60), e)],
  ['summary count a string', (e) => ((summary(e).warnings = '0'), e)],
  ['summary count -0', (e) => ((summary(e).warnings = -0), e)],
  ['tables an object', (e) => ((e.tables = { 0: table(e) }), e)],
  ['a table null', (e) => (((e.tables as unknown[])[1] = null), e)],
  ['kind unknown', (e) => ((table(e).kind = 'weekly'), e)],
  ['kind monthly', (e) => ((table(e).kind = 'monthly'), e)],
  ['group fractional', (e) => ((table(e).group = 1.5), e)],
  ['group negative', (e) => ((table(e).group = -3), e)],
  ['group a string', (e) => ((table(e).group = '1'), e)],
  ['group missing', (e) => (delete table(e).group, e)],
  ['district a number', (e) => ((table(e).district = 1), e)],
  ['fillDate any text', (e) => ((table(e).fillDate = '3月4日'), e)],
  ['rows negative', (e) => ((table(e).rows = -1), e)],
  ['valid a string', (e) => ((table(e).valid = 'true'), e)],
  ['sheet missing', (e) => (delete table(e, 1).sheet, e)],
  ['an array', () => [entry]],
  ['null', () => null],
  ['a string', () => 'entry'],
];

describe('ledger lines', () => {
  it.each(variants)('are read by hand exactly as the schema reads them: %s', (_name, change) => {
    const value = change(clone());
    const parsed = ledgerEntrySchema.safeParse(value);
    const mine = ledgerEntryFrom(value);
    if (!parsed.success) expect(mine).toBeNull();
    else {
      expect(mine).not.toBeNull();
      // Same keys in the same order, same values.
      expect(JSON.stringify(mine)).toBe(JSON.stringify(parsed.data));
      expect(mine).toEqual(parsed.data);
    }
  });

  it('keeps good lines and lists bad ones', () => {
    const inbox = mkdtempSync(join(tmpdir(), 'xmb-ledger-'));
    const bad = { ...entry, sha256: 'nope' };
    writeFileSync(join(inbox, LEDGER_FILE_NAME), `${JSON.stringify(entry)}\n${JSON.stringify(bad)}\n{"torn":`);
    const ledger = readLedger(inbox);
    expect(ledger.entries).toEqual([entry]);
    expect(ledger.badLines).toEqual([2, 3]);
    expect(ledger.bad.map((b) => b.torn)).toEqual([false, true]);
  });
});
