/**
 * The merged rows of one kind for a week: the counted tables' data rows in the roster's group order
 * (each table's rows in their own order), renumbered 1…n, with the values to write and the sums of
 * the amount columns (the 合计 row). Pure data: the workbook writer only lays it out.
 */
import { KINDS, type FieldId, type KindId } from '../schema/kinds.js';
import type { TableCell } from '../table/model.js';
import type { WeekSelection } from './select.js';
import type { Submission } from './submission.js';

/** A value as it goes into the merged sheet: text stays text (never a formula), amounts are numbers. */
export type OutputValue = { type: 'text'; text: string } | { type: 'number'; value: number } | { type: 'blank' };

export interface MergedRow {
  /** 1…n across the sheet. */
  serial: number;
  group: number;
  district: string;
  source: Submission;
  /** 1-based row in the source sheet. */
  sourceRow: number;
  values: Partial<Record<FieldId, OutputValue>>;
}

export interface MergedKind {
  kind: KindId;
  rows: MergedRow[];
  /** Sums of the kind's amount columns over the rows (blank cells count as nothing). */
  totals: Partial<Record<FieldId, number>>;
  /** The amount columns, in the template's order. */
  amountFields: FieldId[];
  /**
   * For a kind with a 落实情况 column (白名单): the number of projects per value, every value of the
   * dropdown in its order (0 included), then any other text written; null for other kinds.
   */
  statusCounts: Record<string, number> | null;
}

/** Rounds away binary noise (0.1 + 0.2) without losing any figure a clerk writes (万元 to 4 places). */
export function roundAmount(value: number): number {
  return Math.round(value * 10000) / 10000;
}

export function outputValue(cell: TableCell | undefined): OutputValue {
  if (!cell) return { type: 'blank' };
  const v = cell.value;
  switch (v.kind) {
    case 'blank':
      // a placeholder such as — or 无 is kept as written; a truly empty cell stays empty
      return cell.display.trim() === '' ? { type: 'blank' } : { type: 'text', text: cell.display.trim() };
    case 'number':
      return { type: 'number', value: v.value };
    case 'date':
      return { type: 'text', text: v.iso };
    case 'period':
      return { type: 'text', text: formatPeriod(v) };
    case 'text':
      return { type: 'text', text: v.text };
    default:
      return cell.display === '' ? { type: 'blank' } : { type: 'text', text: cell.display };
  }
}

/** 起止年限 in one way for the whole merged table: 2021.03-2023.12, or 2021-2023 when written as years. */
export function formatPeriod(p: { startYear: number; startMonth: number; endYear: number; endMonth: number; yearOnly: boolean }): string {
  if (p.yearOnly) return `${p.startYear}-${p.endYear}`;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${p.startYear}.${pad(p.startMonth)}-${p.endYear}.${pad(p.endMonth)}`;
}

/**
 * `canonicalDistrict` (the config's alias table) writes the district column the roster's way
 * (管城区 → 管城回族区), so that one merged table spells each district once.
 */
export function mergeKind(selection: WeekSelection, kind: KindId, canonicalDistrict?: (text: string) => string | null): MergedKind {
  const spec = KINDS[kind];
  const amountFields = spec.fields.filter((f) => f.type === 'amount').map((f) => f.id);
  const rows: MergedRow[] = [];
  // selection.cells are in roster order already
  for (const cell of selection.cells) {
    if (cell.kind !== kind || !cell.chosen?.table) continue;
    for (const dataRow of cell.chosen.table.rows) {
      const values: Partial<Record<FieldId, OutputValue>> = {};
      for (const field of spec.fields) {
        if (field.id === 'serial') continue;
        values[field.id] = outputValue(dataRow.cells[field.id]);
      }
      const district = values.district;
      if (canonicalDistrict && district?.type === 'text') {
        const canonical = canonicalDistrict(district.text);
        if (canonical) values.district = { type: 'text', text: canonical };
      }
      rows.push({
        serial: rows.length + 1,
        group: cell.group,
        district: cell.district,
        source: cell.chosen,
        sourceRow: dataRow.row,
        values,
      });
    }
  }
  const totals: Partial<Record<FieldId, number>> = {};
  for (const field of amountFields) {
    let sum = 0;
    for (const row of rows) {
      const value = row.values[field];
      if (value?.type === 'number') sum += value.value;
    }
    totals[field] = roundAmount(sum);
  }
  return { kind, rows, totals, amountFields, statusCounts: countStatuses(kind, rows) };
}

function countStatuses(kind: KindId, rows: MergedRow[]): Record<string, number> | null {
  const field = KINDS[kind].fields.find((f) => f.id === 'status');
  if (!field) return null;
  const counts: Record<string, number> = {};
  for (const value of field.list ?? []) counts[value] = 0;
  for (const row of rows) {
    const text = statusText(row);
    const key = text === '' ? '未填' : text;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** The 落实情况 of a row as written (trimmed), '' when blank. */
export function statusText(row: MergedRow): string {
  const value = row.values.status;
  return value?.type === 'text' ? value.text.trim() : value?.type === 'number' ? String(value.value) : '';
}

/** The project name as compared across weeks and groups: all whitespace removed, NFKC. */
export function projectKey(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '');
}

export function projectName(row: MergedRow): string {
  const value = row.values.name;
  return value?.type === 'text' ? value.text : value?.type === 'number' ? String(value.value) : '';
}
