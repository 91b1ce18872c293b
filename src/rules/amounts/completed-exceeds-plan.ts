import { defineRowRule } from '../types.js';
import { fieldLabel, fieldSpec, fmtNum, rawValue, shortLabel } from '../util.js';
import { amountAt, exceeds } from './common.js';

/**
 * 截至完成投资 > 年度(本年)计划投资: a warning, since the completed figure may be cumulative. Not when
 * the completed figure also exceeds 总投资: completed-exceeds-total already reports that cell.
 */
export default defineRowRule({
  code: 'completed-exceeds-plan',
  severity: 'warning',
  description: '截至完成投资大于年度（本年）计划投资',
  short: '完成投资超过年度计划',
  visit(table, _context, report) {
    const completed = fieldSpec(table, 'completed');
    const plan = fieldSpec(table, 'plan');
    if (!completed || !plan) return null;
    return {
      row(row, isSum) {
        if (isSum) return;
        const c = amountAt(table, row, 'completed');
        const p = amountAt(table, row, 'plan');
        if (!c || !p || !exceeds(c.value, p.value)) return;
        const t = amountAt(table, row, 'total');
        if (t && exceeds(c.value, t.value)) return;
        report({
          cell: c.cell.ref,
          row: row.row,
          field: fieldLabel(completed),
          value: rawValue(c.cell.raw),
          message: `${c.cell.ref}：${shortLabel(completed)}(${fmtNum(c.value)})超过${shortLabel(plan)}(${fmtNum(p.value)})，请核实两项数字是否填反或填错`,
        });
      },
    };
  },
});
