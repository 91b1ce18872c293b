import type { FieldId, FieldSpec } from '../../schema/kinds.js';
import type { DataRow, Table, TableCell } from '../../table/model.js';
import type { Report, RowVisitor } from '../types.js';
import { cellAt, fieldLabel, fieldSpec, fmtNum, presentFields, rawValue, shortLabel } from '../util.js';

/** The amount columns (万元) the table has. */
export function amountFields(table: Table): FieldSpec[] {
  return presentFields(table).filter((f) => f.type === 'amount');
}

/** A cell's amount when it reads as a number that is not negative (a negative one is number-negative's). */
export function usableAmount(cell: TableCell | undefined): number | null {
  if (!cell || cell.value.kind !== 'number') return null;
  return cell.value.value >= 0 ? cell.value.value : null;
}

export function amountAt(table: Table, row: DataRow, id: FieldId): { cell: TableCell; value: number } | null {
  const cell = cellAt(table, row, id);
  const value = usableAmount(cell);
  return cell && value !== null ? { cell, value } : null;
}

/** a > b, ignoring float noise. */
export function exceeds(a: number, b: number): boolean {
  return a - b > 1e-9;
}

/**
 * What the three "one amount exceeds another" rules (plan-exceeds-total, completed-exceeds-total,
 * completed-exceeds-plan) do on each data row: when `over`'s amount exceeds `under`'s (both 万元,
 * readable, not negative), report at `over`'s cell "G7：完成投资(120)超过总投资(100)，" + `advice`.
 * `unless`: a row to leave to another rule (given `over`'s amount). null when the table lacks either column.
 */
export function exceedsVisitor(
  table: Table,
  report: (r: Report) => void,
  over: FieldId,
  under: FieldId,
  advice: string,
  unless?: (row: DataRow, value: number) => boolean,
): RowVisitor | null {
  const overSpec = fieldSpec(table, over);
  const underSpec = fieldSpec(table, under);
  if (!overSpec || !underSpec) return null;
  return {
    row(row, isSum) {
      if (isSum) return;
      const a = amountAt(table, row, over);
      const b = amountAt(table, row, under);
      if (!a || !b || !exceeds(a.value, b.value) || unless?.(row, a.value)) return;
      report({
        cell: a.cell.ref,
        row: row.row,
        field: fieldLabel(overSpec),
        value: rawValue(a.cell.raw),
        message: `${a.cell.ref}：${shortLabel(overSpec)}(${fmtNum(a.value)})超过${shortLabel(underSpec)}(${fmtNum(b.value)})，${advice}`,
      });
    },
  };
}
