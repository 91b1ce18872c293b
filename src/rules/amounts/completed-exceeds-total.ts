import { defineRowRule } from '../types.js';
import { fieldLabel, fieldSpec, fmtNum, rawValue, shortLabel } from '../util.js';
import { amountAt, exceeds } from './common.js';

/** 截至完成投资 > 总投资, both readable and not negative; reported at the completed cell. */
export default defineRowRule({
  code: 'completed-exceeds-total',
  severity: 'error',
  description: '截至完成投资大于总投资',
  short: '完成投资超过总投资',
  visit(table, _context, report) {
    const completed = fieldSpec(table, 'completed');
    const total = fieldSpec(table, 'total');
    if (!completed || !total) return null;
    return {
      row(row, isSum) {
        if (isSum) return;
        const c = amountAt(table, row, 'completed');
        const t = amountAt(table, row, 'total');
        if (!c || !t || !exceeds(c.value, t.value)) return;
        report({
          cell: c.cell.ref,
          row: row.row,
          field: fieldLabel(completed),
          value: rawValue(c.cell.raw),
          message: `${c.cell.ref}：${shortLabel(completed)}(${fmtNum(c.value)})超过${shortLabel(total)}(${fmtNum(t.value)})，请核实`,
        });
      },
    };
  },
});
