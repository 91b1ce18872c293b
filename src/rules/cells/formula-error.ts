import type { FieldId } from '../../schema/kinds.js';
import { defineRule } from '../types.js';
import { errorOf, fieldLabel, fieldSpec, placeOf, rowsAndTotal } from '../util.js';

const MEANING: Record<string, string> = {
  '#REF!': '引用的单元格已被删除或移动',
  '#VALUE!': '公式中的值类型不对',
  '#DIV/0!': '除数为零',
  '#N/A': '查找不到引用的值',
  '#NAME?': '公式中的函数名或名称有误',
  '#NUM!': '数值无效或超出范围',
  '#NULL!': '引用的区域不相交',
  '#SPILL!': '结果区域被占用',
  '#CALC!': '计算出错',
};

/**
 * A cell whose value is a formula error (#REF! …), in a data row or a 合计/小计/category row that
 * states a sum. This is the only
 * finding for such a cell: the number, required and list rules leave error cells alone.
 */
export default defineRule({
  code: 'formula-error',
  severity: 'error',
  description: '单元格的值是公式错误（#REF!、#VALUE!、#DIV/0! 等）',
  short: '公式错误',
  run(table, _context, report) {
    for (const { row, total } of rowsAndTotal(table)) {
      for (const id in row.cells) {
        // for-in: the same keys in the same order as Object.entries, without an array per row.
        const cell = row.cells[id as FieldId];
        if (!cell) continue;
        const error = errorOf(cell);
        if (error === null) continue;
        const spec = fieldSpec(table, id as FieldId);
        const label = spec ? fieldLabel(spec) : null;
        const meaning = MEANING[error.toUpperCase()];
        const where = placeOf(row, total, label);
        report({
          cell: cell.ref,
          row: row.row,
          field: label,
          value: error,
          message: `${cell.ref}：${where}的公式出错（${error}${meaning ? `，${meaning}` : ''}），请修正公式，或直接填写数值`,
        });
      }
    }
  },
});
