import type { DataRow } from '../../table/model.js';
import type { FieldId } from '../../schema/kinds.js';
import { defineRule } from '../types.js';
import { fieldLabel, fieldSpec } from '../util.js';

/**
 * A formula whose value cannot be known: the file was saved without formula results (openpyxl,
 * xlsx-populate, excel4node …) or asks to be recalculated on opening (XlsxWriter saves 0), and the
 * formula is more than the plain arithmetic and sums xmb computes itself (table/formulas.ts). Issue 7:
 * never a blank or 0 taken as the value. An error: the figure is unknown until Excel or WPS saves it.
 */
export default defineRule({
  code: 'formula-uncalculated',
  severity: 'error',
  description: '公式没有保存计算结果，xmb 也算不出（如 VLOOKUP、其他工作簿），值无法确定',
  short: '公式没有保存结果',
  run(table, _context, report) {
    const rows: { row: DataRow; sum: boolean }[] = table.rows.map((row) => ({ row, sum: false }));
    for (const sum of table.sums ?? (table.totalRow ? [{ row: table.totalRow }] : [])) rows.push({ row: sum.row, sum: true });
    for (const { row, sum } of rows) {
      for (const id in row.cells) {
        // for-in: the same keys in the same order as Object.entries, without an array per row.
        const cell = row.cells[id as FieldId];
        if (!cell || cell.value.kind !== 'uncalculated') continue;
        const spec = fieldSpec(table, id as FieldId);
        const label = spec ? `“${fieldLabel(spec)}”` : '';
        report({
          cell: cell.ref,
          row: row.row,
          field: spec ? fieldLabel(spec) : null,
          value: `=${cell.value.formula}`,
          message: `${cell.ref}：${sum ? `合计行（第${row.row}行）` : `第${row.row}行`}${label}是公式（=${cell.value.formula}），公式没有保存计算结果，请用 Excel 或 WPS 打开、保存后重新报送`,
        });
      }
    }
  },
});
