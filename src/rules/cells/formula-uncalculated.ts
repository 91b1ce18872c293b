import { defineRowRule } from '../types.js';
import { fieldLabel, fieldSpec } from '../util.js';

/**
 * A formula whose value cannot be known: the file was saved without formula results (openpyxl,
 * xlsx-populate, excel4node …) or asks to be recalculated on opening (XlsxWriter saves 0), and the
 * formula is more than the plain arithmetic and sums xmb computes itself (table/formulas.ts). Issue 7:
 * never a blank or 0 taken as the value. An error: the figure is unknown until Excel or WPS saves it.
 */
export default defineRowRule({
  code: 'formula-uncalculated',
  severity: 'error',
  description: '公式没有保存计算结果，xmb 也算不出（如 VLOOKUP、其他工作簿），值无法确定',
  short: '公式没有保存结果',
  visit(table, _context, report) {
    return {
      cell(cell, id, row, sum) {
        if (cell.value.kind !== 'uncalculated') return;
        const spec = fieldSpec(table, id);
        const label = spec ? `“${fieldLabel(spec)}”` : '';
        report({
          cell: cell.ref,
          row: row.row,
          field: spec ? fieldLabel(spec) : null,
          value: `=${cell.value.formula}`,
          message: `${cell.ref}：${sum ? `合计行（第${row.row}行）` : `第${row.row}行`}${label}是公式（=${cell.value.formula}），公式没有保存计算结果，请用 Excel 或 WPS 打开、保存后重新报送`,
        });
      },
    };
  },
});
