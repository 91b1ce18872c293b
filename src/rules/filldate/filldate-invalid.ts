import { defineRule } from '../types.js';
import { rowOf } from '../util.js';

/** A 填表日期 that is written but does not read as a date. */
export default defineRule({
  code: 'filldate-invalid',
  severity: 'error',
  description: '填表日期不是有效日期',
  short: '填表日期有误',
  run(table, _context, report) {
    const fill = table.fillDate;
    if (!fill) return;
    const display = fill.display.trim();
    if (display === '' || fill.iso !== null) return;
    const cell = fill.ref;
    report({
      cell,
      row: rowOf(cell),
      field: '填表日期',
      value: display,
      message: `${cell ? `${cell}：` : ''}填表日期“${display}”不是有效日期，请写成如 2022年3月4日 或 2022-03-04`,
    });
  },
});
