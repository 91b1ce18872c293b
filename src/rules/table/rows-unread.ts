import { defineRule } from '../types.js';

function span(rows: number[]): string {
  const first = rows[0]!;
  const last = rows[rows.length - 1]!;
  return first === last ? `第${first}行` : `第${first}–${last}行`;
}

/**
 * A table that yields no project although rows under its header hold something — category rows,
 * a 合计 with figures, rows after a blank row: never a clean “valid with 0 rows” that the merge
 * would count as on time with nothing (issue 7). An error, so the clerk looks before it is merged.
 * A table with its header alone (or a 合计 of zeros) is still valid: “this week nothing lags”.
 */
export default defineRule({
  code: 'rows-unread',
  severity: 'error',
  description: '表头下面有内容，却没有读出任何项目行',
  short: '没有读出项目行',
  run(table, _context, report) {
    const rows = table.unreadRows;
    if (!rows || rows.length === 0 || table.rows.length > 0) return;
    report({
      cell: null,
      row: rows[0]!,
      field: null,
      value: null,
      message: `表头下面${span(rows)}有内容，但没有一行读作项目：请检查表头是否完整（各列标题与模板一致）、项目行与表头之间有没有空行，改正后重新报送；如本周确实没有项目，请只保留表头`,
    });
  },
});
