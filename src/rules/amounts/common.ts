import type { FieldId, FieldSpec } from '../../schema/kinds.js';
import type { DataRow, Table, TableCell } from '../../table/model.js';
import { cellAt, presentFields } from '../util.js';

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
