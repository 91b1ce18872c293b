import { cellRef, columnName } from '../../reader/model.js';
import { defineRule } from '../types.js';
import { columnOf } from '../util.js';

function rowList(rows: number[]): string {
  const shown = rows.slice(0, 8).map((r) => `第${r}行`).join('、');
  return rows.length > 8 ? `${shown}等 ${rows.length} 行` : shown;
}

/**
 * Rows and columns of the table hidden in the file — by hand, by a collapsed outline or by an
 * autofilter — and a hidden sheet read because no visible sheet held a table, are read like any other, but the clerk checking the table on screen does not see
 * them: say which (issue 7). A warning: nothing is wrong with the data itself.
 */
export default defineRule({
  code: 'hidden-cells',
  severity: 'warning',
  description: '表格中有隐藏的行、列或工作表（含筛选隐藏的行），已照常读入，屏幕上看不到',
  short: '有隐藏的行或列',
  run(table, _context, report) {
    const hidden = table.hidden;
    if (!hidden) return;
    const key = columnOf(table, 'name') ?? columnOf(table, 'title') ?? table.columns[0];
    const at = (row: number): string | null => (key ? cellRef(row - 1, key.col) : null);
    if (hidden.sheet) {
      report({
        cell: null,
        row: null,
        field: null,
        value: null,
        message: `表格在隐藏的工作表“${table.sheet}”里，屏幕上看不到，但已照常读入（文件里没有别的表格）；请取消隐藏该工作表（右键工作表标签→取消隐藏）后核对`,
      });
    }
    if (hidden.rows.length > 0) {
      const first = hidden.rows[0]!;
      const cell = at(first);
      report({
        cell,
        row: first,
        field: null,
        value: null,
        message: `${cell ? `${cell}：` : ''}${rowList(hidden.rows)}是隐藏行，屏幕上看不到，但已照常读入；请取消隐藏后核对这些行，不需要的请删除`,
      });
    }
    if (hidden.filteredRows.length > 0) {
      const first = hidden.filteredRows[0]!;
      const cell = at(first);
      report({
        cell,
        row: first,
        field: null,
        value: null,
        message: `${cell ? `${cell}：` : ''}${rowList(hidden.filteredRows)}被筛选隐藏，屏幕上看不到，但已照常读入；请取消筛选（数据→筛选→全部显示）后核对`,
      });
    }
    if (hidden.columns.length > 0) {
      const names = hidden.columns.map((c) => `${columnName(c.col)} 列“${c.label.replace(/\s+/g, '')}”`).join('、');
      const cell = cellRef(table.headerRows[0]! - 1, hidden.columns[0]!.col);
      report({
        cell,
        row: table.headerRows[0]!,
        field: null,
        value: null,
        message: `${cell}：${names}是隐藏列，屏幕上看不到，但已照常读入；请取消隐藏后核对`,
      });
    }
  },
});
