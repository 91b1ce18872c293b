import { dataCells, defineRowRule } from '../types.js';
import { fieldLabel, presentFields, rawValue, shown } from '../util.js';

/** A 起止年限 that is written but cannot be read as 年月-年月. */
export default defineRowRule({
  code: 'period-invalid',
  severity: 'error',
  description: '起止年限无法识别（应为“年月-年月”）',
  short: '起止年限无法识别',
  visit(table, _context, report) {
    const fields = presentFields(table).filter((f) => f.type === 'period');
    return dataCells(table, fields, (cell, spec, row) => {
      const kind = cell.value.kind;
      if (kind === 'blank' || kind === 'error' || kind === 'uncalculated' || kind === 'period') return;
      report({
        cell: cell.ref,
        row: row.row,
        field: fieldLabel(spec),
        value: rawValue(cell.raw),
        message: `${cell.ref}：起止年限“${shown(cell)}”无法识别，请写成“开始年月-结束年月”，如 2021.03-2023.12`,
      });
    });
  },
});
