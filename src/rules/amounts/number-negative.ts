import { dataCells, defineRowRule } from '../types.js';
import { fieldLabel, fmtNum, rawValue, shortLabel } from '../util.js';
import { amountFields } from './common.js';

/** An amount below zero (also when typed as text: this finding replaces number-as-text then). */
export default defineRowRule({
  code: 'number-negative',
  severity: 'error',
  description: '金额列（万元）填了负数',
  short: '金额为负数',
  visit(table, _context, report) {
    const fields = amountFields(table);
    return dataCells(table, fields, (cell, spec, row) => {
      if (cell.value.kind !== 'number' || cell.value.value >= 0) return;
      report({
        cell: cell.ref,
        row: row.row,
        field: fieldLabel(spec),
        value: rawValue(cell.raw),
        message: `${cell.ref}：${shortLabel(spec)}为负数（${fmtNum(cell.value.value)}），金额不能小于 0，请填写实际金额（万元）`,
      });
    });
  },
});
