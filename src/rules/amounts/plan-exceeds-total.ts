import { defineRowRule } from '../types.js';
import { fieldLabel, fieldSpec, fmtNum, rawValue, shortLabel } from '../util.js';
import { amountAt, exceeds } from './common.js';

/** 年度(本年)计划投资 > 总投资, both readable and not negative; reported at the plan cell. */
export default defineRowRule({
  code: 'plan-exceeds-total',
  severity: 'error',
  description: '年度（本年）计划投资大于总投资',
  short: '年度计划超过总投资',
  visit(table, _context, report) {
    const plan = fieldSpec(table, 'plan');
    const total = fieldSpec(table, 'total');
    if (!plan || !total) return null;
    return {
      row(row, isSum) {
        if (isSum) return;
        const p = amountAt(table, row, 'plan');
        const t = amountAt(table, row, 'total');
        if (!p || !t || !exceeds(p.value, t.value)) return;
        report({
          cell: p.cell.ref,
          row: row.row,
          field: fieldLabel(plan),
          value: rawValue(p.cell.raw),
          message: `${p.cell.ref}：${shortLabel(plan)}(${fmtNum(p.value)})超过${shortLabel(total)}(${fmtNum(t.value)})，请核实`,
        });
      },
    };
  },
});
