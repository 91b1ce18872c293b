import { defineRowRule } from '../types.js';
import { exceedsVisitor } from './common.js';

/** 截至完成投资 > 总投资, both readable and not negative; reported at the completed cell. */
export default defineRowRule({
  code: 'completed-exceeds-total',
  severity: 'error',
  description: '截至完成投资大于总投资',
  short: '完成投资超过总投资',
  visit: (table, _context, report) => exceedsVisitor(table, report, 'completed', 'total', '请核实'),
});
