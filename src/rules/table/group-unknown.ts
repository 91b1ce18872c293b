import { defineRule } from '../types.js';

/** The sending group could not be told (no 报送单位, nothing in the file name, district column not agreeing). */
export default defineRule({
  code: 'group-unknown',
  severity: 'warning',
  description: '无法判断报送组别',
  short: '报送组不明',
  run(table, _context, report) {
    if (table.group !== null) return;
    report({
      cell: null,
      row: null,
      field: null,
      value: table.reportingUnit,
      message: table.reportingUnit
        ? `无法从“报送单位：${table.reportingUnit}”判断报送组别，请写成“报送单位：第X组（XX区）”，或将文件命名为“第X组-…”，汇总时才能计入本组`
        : '无法判断是哪个组报送的，请在填表日期旁写“报送单位：第X组（XX区）”，或将文件命名为“第X组-…”，汇总时才能计入本组',
    });
  },
});
