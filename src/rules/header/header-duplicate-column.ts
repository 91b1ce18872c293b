import { cellRef, columnName } from '../../reader/model.js';
import { defineRule } from '../types.js';
import { columnOf, fieldLabel, fieldSpec, oneLine } from '../util.js';

/** The same template column twice; reported at the header cell of each later occurrence. */
export default defineRule({
  code: 'header-duplicate-column',
  severity: 'error',
  description: '表头同一列出现两次',
  short: '表头列重复',
  run(table, _context, report) {
    const headerRow = table.headerRows[0] ?? null;
    for (const dup of table.duplicateColumns) {
      const spec = fieldSpec(table, dup.field);
      const label = spec ? fieldLabel(spec) : oneLine(dup.label);
      const first = columnOf(table, dup.field);
      const cell = headerRow === null ? null : cellRef(headerRow - 1, dup.col);
      const where = cell ? `${cell}：` : '';
      const firstAt = first ? `${columnName(first.col)}列和${columnName(dup.col)}列` : `${columnName(dup.col)}列`;
      report({
        cell,
        row: headerRow,
        field: label,
        value: dup.label,
        message: `${where}“${label}”列重复（${firstAt}），请删除多余的一列，只保留一列`,
      });
    }
  },
});
