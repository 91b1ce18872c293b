import { cellRef } from '../../reader/model.js';
import { defineRule } from '../types.js';
import { columnOf } from '../util.js';

/**
 * A table ends at its first blank row (§3). Rows below it that look like projects (their 项目名称
 * or 标题 filled, three or more columns) are not read; a stray blank row in the middle of a table
 * would otherwise drop those projects without a word. Not in §4's list: an addition, a warning.
 */
export default defineRule({
  code: 'data-after-blank-row',
  severity: 'warning',
  description: '空行之后还有像项目数据的行，未读入（表格在第一个空行处结束）',
  short: '空行后的数据未读入',
  run(table, _context, report) {
    const stray = table.rowsAfterBlank;
    if (!stray) return;
    const key = columnOf(table, 'name') ?? columnOf(table, 'title');
    const rows = stray.first === stray.last ? `第${stray.first}行` : `第${stray.first}–${stray.last}行`;
    const cell = key ? cellRef(stray.first - 1, key.col) : null;
    report({
      cell,
      row: stray.first,
      field: null,
      value: null,
      message: `${cell ? `${cell}：` : ''}第${stray.blankRow}行是空行，表格到此结束，其后的${rows}没有读入；如果它们是本表的项目，请删除第${stray.blankRow}行的空行后重新报送`,
    });
  },
});
