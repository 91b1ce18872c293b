/**
 * A submission: one district table (or one file that yields no table) with its receipt time and the
 * week it counts for. This is what the merge logic works on; it is built from validate's results
 * and the inbox scan, or directly from Table objects in tests.
 */
import { basename } from 'node:path';
import type { Config } from '../config/schema.js';
import type { RuleCode } from '../rules/finding.js';
import type { KindId } from '../schema/kinds.js';
import type { Table } from '../table/model.js';
import { isoWeekOf, isoWeekOfDate, type WeekId } from '../time/index.js';
import type { Validated } from '../validate/result.js';

export interface Submission {
  /** The file as shown to the user (the inbox path joined with the file's relative path). */
  file: string;
  /** null when the file yields no table. */
  sheet: string | null;
  kind: KindId | null;
  group: number | null;
  district: string | null;
  fillDate: string | null;
  receivedAt: Date;
  receivedFrom: 'ledger' | 'mtime';
  /** The file's place in 收件登记.jsonl (receipt order; null or absent: no ledger line). See InboxFile. */
  receiptOrder?: number | null;
  /** The week of the 填表日期, else of the receipt (in the configured zone). */
  week: WeekId;
  /** Whether the week came from the 填表日期 or the receipt. */
  weekFrom: 'fill-date' | 'receipt';
  valid: boolean;
  errors: number;
  warnings: number;
  /** The warnings, by code and cell (null for a table-level one), in validate's order: what 报送情况 sums up. */
  warningFindings: { code: RuleCode; cell: string | null }[];
  /** The first error's message, to say why a table is invalid. */
  firstError: string | null;
  rows: number;
  table: Table | null;
}

export interface ReceivedFile {
  path: string;
  receivedAt: Date;
  receivedFrom: 'ledger' | 'mtime';
  receiptOrder?: number | null;
}

/** "第03组_…" (our canonical names) or "第三组…": the group of a file that yields no table. */
export function groupFromFileName(name: string): number | null {
  const digits = /第\s*0*(\d{1,2})\s*组/.exec(name);
  if (digits) return Number(digits[1]);
  const numerals = /第([一二三四五六七八九十]{1,3})组/.exec(name);
  if (!numerals) return null;
  const text = numerals[1]!;
  const value = (c: string) => '一二三四五六七八九'.indexOf(c) + 1;
  if (text === '十') return 10;
  if (text.startsWith('十')) return 10 + value(text[1]!);
  if (text.endsWith('十')) return value(text[0]!) * 10;
  if (text.length === 3 && text[1] === '十') return value(text[0]!) * 10 + value(text[2]!);
  return text.length === 1 ? value(text) : null;
}

export function toSubmissions(validated: Validated[], file: ReceivedFile, config: Config): Submission[] {
  return validated.map((v) => {
    const r = v.result;
    const errors = r.issues.filter((i) => i.severity === 'error');
    const fillDate = r.fillDate;
    const weekFrom = fillDate ? 'fill-date' : 'receipt';
    const group = r.group ?? (v.table === null ? groupFromFileName(basename(file.path)) : null);
    const district = r.district ?? (group === null ? null : (config.groups.find((g) => g.number === group)?.district ?? null));
    return {
      file: file.path,
      sheet: r.sheet,
      kind: r.kind,
      group,
      district,
      fillDate,
      receivedAt: file.receivedAt,
      receivedFrom: file.receivedFrom,
      receiptOrder: file.receiptOrder ?? null,
      week: fillDate ? isoWeekOfDate(fillDate) : isoWeekOf(file.receivedAt, config.timeZone),
      weekFrom,
      valid: r.valid,
      errors: errors.length,
      warnings: r.issues.length - errors.length,
      warningFindings: r.issues.filter((i) => i.severity === 'warning').map(({ code, cell }) => ({ code, cell })),
      firstError: errors[0]?.message ?? null,
      rows: r.rows,
      table: v.table,
    };
  });
}
