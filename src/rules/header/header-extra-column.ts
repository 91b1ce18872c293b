import { cellRef } from '../../reader/model.js';
import { defineRule } from '../types.js';
import { kindSpec, oneLine } from '../util.js';

/** A header column the template does not have; reported at its header cell. */
export default defineRule({
  code: 'header-extra-column',
  severity: 'warning',
  description: '表头有模板中没有的列',
  short: '多出模板外的列',
  run(table, _context, report) {
    const kind = kindSpec(table);
    const headerRow = table.headerRows[0] ?? null;
    for (const extra of table.extraColumns) {
      const label = oneLine(extra.label);
      const cell = headerRow === null ? null : cellRef(headerRow - 1, extra.col);
      const where = cell ? `${cell}：` : '';
      report({
        cell,
        row: headerRow,
        field: label || null,
        value: extra.label,
        message: label
          ? `${where}“${label}”列不是${kind.annex}模板（${kind.shortName}）中的列，请删除该列，或核对列名是否写错`
          : `${where}此列没有列名，不是${kind.annex}模板（${kind.shortName}）中的列，请删除该列或补上正确的列名`,
      });
    }
  },
});
