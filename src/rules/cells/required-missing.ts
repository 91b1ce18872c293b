import { dataCells, defineRowRule } from '../types.js';
import { fieldLabel, presentFields, rawValue } from '../util.js';

/**
 * A required cell left blank in a data row. Placeholders (—, /, 无, 暂无) count as blank: a lagging
 * project's 存在问题 written as 无 is not an answer. A cell holding a formula error is
 * formula-error's, not this rule's.
 */
export default defineRowRule({
  code: 'required-missing',
  severity: 'error',
  description: '数据行中必填的单元格为空（“—”“/”“无”视为未填）',
  short: '必填项未填',
  visit(table, _context, report) {
    const fields = presentFields(table).filter((f) => f.required);
    return dataCells(table, fields, (cell, spec, row) => {
      if (cell.value.kind !== 'blank') return;
      const label = fieldLabel(spec);
      const written = rawValue(cell.raw);
      const placeholder = written !== null && String(written).trim() !== '' ? `（填的是“${String(written).trim()}”，视为未填）` : '';
      report({
        cell: cell.ref,
        row: row.row,
        field: label,
        value: written,
        message: `${cell.ref}：第${row.row}行“${label}”为必填项，未填写${placeholder}，请补填`,
      });
    });
  },
});
