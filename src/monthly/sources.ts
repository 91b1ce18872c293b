/**
 * What the monthly report and the year's statistics are computed from: recognised district tables,
 * each with its date and the rules' verdict. Built from an inbox by inbox.ts, or directly in tests.
 */
import type { Table } from '../table/model.js';
import { dateInZone } from '../time/index.js';

export interface SourceTable {
  table: Table;
  /** The table's date, "YYYY-MM-DD": its 填表日期, else its receipt date (ledger, else file mtime) in the zone. */
  date: string;
  /** How `date` was found. */
  dateSource: 'filldate' | 'ledger' | 'mtime';
  /** No errors from the rules. Tables with errors are left out of every count and item. */
  valid: boolean;
  /** The file, as shown to the user. */
  file: string;
}

/** A date range, both ends included, "YYYY-MM-DD". */
export interface DateRange {
  start: string;
  end: string;
}

/** Text for comparing: whitespace removed, full-width ASCII folded to half-width. */
export function normaliseKey(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]+/g, '');
}

/**
 * A validated table with its receipt → a SourceTable (null for a file that gave no table). The shape
 * is structural, so merge's Submission fits as it is: `xmb status --year` can do
 * `yearStatistics(submissions.map((s) => sourceFromTable(s, tz)).filter(…), config, year)`.
 */
export function sourceFromTable(
  input: { file: string; table: Table | null; valid: boolean; receivedAt: Date; receivedFrom: 'ledger' | 'mtime' },
  timeZone: string,
): SourceTable | null {
  if (!input.table) return null;
  const fill = input.table.fillDate?.iso ?? null;
  return {
    table: input.table,
    date: fill ?? dateInZone(input.receivedAt, timeZone),
    dateSource: fill ? 'filldate' : input.receivedFrom,
    valid: input.valid,
    file: input.file,
  };
}
