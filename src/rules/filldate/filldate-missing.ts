import { defineRule } from '../types.js';
import { rowOf } from '../util.js';

/** No 填表日期 row, or one with nothing after 填表日期：. */
export default defineRule({
  code: 'filldate-missing',
  severity: 'warning',
  description: '未填写填表日期',
  short: '未填填表日期',
  run(table, _context, report) {
    const fill = table.fillDate;
    if (fill && fill.display.trim() !== '') return;
    const cell = fill?.ref ?? null;
    report({
      cell,
      row: rowOf(cell),
      field: '填表日期',
      value: null,
      message: `${cell ? `${cell}：` : ''}未填写填表日期，请在“填表日期：”后填写报送当天的日期，如 2022年3月4日`,
    });
  },
});
