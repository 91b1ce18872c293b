import { dataCells, defineRowRule } from '../types.js';
import { fieldLabel, rawValue, shortLabel, shown } from '../util.js';
import { amountFields } from './common.js';

/** An amount cell (万元) that cannot be read as a number: "约5亿", "待定", a date … */
export default defineRowRule({
  code: 'number-invalid',
  severity: 'error',
  description: '金额列（万元）填的不是数字',
  short: '金额不是数字',
  visit(table, _context, report) {
    const fields = amountFields(table);
    return dataCells(table, fields, (cell, spec, row) => {
      const kind = cell.value.kind;
      if (kind === 'blank' || kind === 'error' || kind === 'uncalculated' || kind === 'number') return;
      report({
        cell: cell.ref,
        row: row.row,
        field: fieldLabel(spec),
        value: rawValue(cell.raw),
        message: `${cell.ref}：${shortLabel(spec)}应填数字（万元），“${shown(cell)}”无法识别，请只填数字，如 50000`,
      });
    });
  },
});
