import { defineRowRule } from '../types.js';
import { errorOf, fieldLabel, fieldSpec, placeOf } from '../util.js';

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
export default defineRowRule({
  code: 'formula-error',
  severity: 'error',
  description: '单元格的值是公式错误（#REF!、#VALUE!、#DIV/0! 等）',
  short: '公式错误',
  visit(table, _context, report) {
    return {
      cell(cell, id, row, total) {
        const error = errorOf(cell);
        if (error === null) return;
        const spec = fieldSpec(table, id);
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
      },
    };
  },
});
