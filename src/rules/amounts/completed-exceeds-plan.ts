import { defineRowRule } from '../types.js';
import { amountAt, exceeds, exceedsVisitor } from './common.js';

/**
 * 截至完成投资 > 年度(本年)计划投资: a warning, since the completed figure may be cumulative. Not when
 * the completed figure also exceeds 总投资: completed-exceeds-total already reports that cell.
 */
export default defineRowRule({
  code: 'completed-exceeds-plan',
  severity: 'warning',
  description: '截至完成投资大于年度（本年）计划投资',
  short: '完成投资超过年度计划',
  visit: (table, _context, report) =>
    exceedsVisitor(table, report, 'completed', 'plan', '请核实两项数字是否填反或填错', (row, completed) => {
      const total = amountAt(table, row, 'total');
      return total !== null && exceeds(completed, total.value);
    }),
});
