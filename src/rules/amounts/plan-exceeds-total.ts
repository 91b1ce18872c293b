import { defineRowRule } from '../types.js';
import { exceedsVisitor } from './common.js';

/** 年度(本年)计划投资 > 总投资, both readable and not negative; reported at the plan cell. */
export default defineRowRule({
  code: 'plan-exceeds-total',
  severity: 'error',
  description: '年度（本年）计划投资大于总投资',
  short: '年度计划超过总投资',
  visit: (table, _context, report) => exceedsVisitor(table, report, 'plan', 'total', '请核实'),
});
