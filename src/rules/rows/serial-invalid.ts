import type { TableCell } from '../../table/model.js';
import { defineRowRule } from '../types.js';
import { ColumnRefs, cellAt, fieldLabel, fieldSpec, rawValue, shown } from '../util.js';

/** A serial as a whole number, or null: 3, "3", "３", "3." read as 3. */
function serialOf(cell: TableCell): number | null {
  const v = cell.value;
  if (v.kind === 'number') return Number.isInteger(v.value) ? v.value : null;
  if (v.kind === 'text' || v.kind === 'invalid') {
    const m = /^(\d+)[.、]?$/.exec(v.text.normalize('NFKC').trim());
    return m && m[1] !== undefined ? Number(m[1]) : null;
  }
  return null;
}

/**
 * 序号 must run 1, 2, 3 … down the data rows. One warning, at the first cell that breaks the
 * sequence, saying the number expected there. Blank serials: a column left wholly blank is fine
 * (序号 is optional and the merge renumbers); once some are filled, a blank one breaks the sequence.
 * A formula-error cell is formula-error's and counts as in sequence here.
 */
export default defineRowRule({
  code: 'serial-invalid',
  severity: 'warning',
  description: '序号没有从 1 开始按 1、2、3…连续编号',
  short: '序号不连续',
  visit(table, _context, report) {
    const spec = fieldSpec(table, 'serial');
    if (!spec) return null;
    // The rows of one vertically merged serial cell (same ref) share one number.
    const refs = new ColumnRefs(table, 'serial');
    let expected = 1;
    // The first cell off the sequence, once the walk down the column has stopped (at it, or at a row without the cell).
    let off: TableCell | null = null;
    let stopped = false;
    let filled = false;
    return {
      row(row, isSum) {
        if (isSum || (stopped && filled)) return;
        const cell = cellAt(table, row, 'serial');
        if (cell) {
          if (!refs.first(cell.ref, row.row)) return;
          if (cell.value.kind !== 'blank') filled = true;
        }
        if (stopped) return;
        if (!cell) stopped = true;
        else if (cell.value.kind !== 'error' && cell.value.kind !== 'uncalculated' && serialOf(cell) !== expected) {
          off = cell;
          stopped = true;
        } else expected++;
      },
      end() {
        // A column left wholly blank is fine.
        if (!filled || off === null) return;
        const cell: TableCell = off;
        const actual = cell.value.kind === 'blank' ? '序号为空' : `序号为“${shown(cell)}”`;
        report({
          cell: cell.ref,
          row: cell.row,
          field: fieldLabel(spec),
          value: rawValue(cell.raw),
          message: `${cell.ref}：${actual}，此处应为 ${expected}；序号应从 1 开始按 1、2、3…连续编号，请重新编号`,
        });
      },
    };
  },
});
