import { defineRule } from '../types.js';
import { cellAt, fieldLabel, fmtNum, rawValue } from '../util.js';
import { amountFields } from './common.js';

/** Tolerance of a 合计 against the sum of the rows, in 万元. */
export const TOTAL_TOLERANCE = 0.01;

/**
 * The 合计 row: each amount column's figure against the sum of the data rows' numbers (cells that
 * are not numbers count as nothing, they get their own findings). Blank 合计 cells are not checked.
 */
export default defineRule({
  code: 'total-mismatch',
  severity: 'warning',
  description: '合计行的金额与各行之和不符（允许误差 0.01 万元）',
  short: '合计与各行之和不符',
  run(table, _context, report) {
    const totalRow = table.totalRow;
    if (!totalRow) return;
    for (const spec of amountFields(table)) {
      const cell = cellAt(table, totalRow, spec.id);
      if (!cell || cell.value.kind !== 'number') continue;
      // Each cell once: the rows of a vertically merged amount share the master cell (same ref).
      let sum = 0;
      let textSum = 0;
      const refs = new Set<string>();
      for (const row of table.rows) {
        const c = cellAt(table, row, spec.id);
        if (!c || refs.has(c.ref)) continue;
        refs.add(c.ref);
        if (c.value.kind !== 'number') continue;
        sum += c.value.value;
        if (c.value.fromText) textSum += c.value.value;
      }
      const stated = cell.value.value;
      const diff = Math.abs(stated - sum);
      if (diff <= TOTAL_TOLERANCE + 1e-9) continue;
      const label = fieldLabel(spec);
      // Excel's SUM skips amounts typed as text: say so when that explains the difference.
      const skipsText = textSum !== 0 && Math.abs(stated - (sum - textSum)) <= TOTAL_TOLERANCE + 1e-9;
      const advice = skipsText
        ? '合计没有算入按文字填写的金额（求和公式不计文字），请把这些金额改为数字'
        : '请核对合计或各行数字';
      report({
        cell: cell.ref,
        row: totalRow.row,
        field: label,
        value: rawValue(cell.raw),
        message: `${cell.ref}：合计行“${label}”为 ${fmtNum(stated)}，而各行之和为 ${fmtNum(sum)}，相差 ${fmtNum(diff)}，${advice}`,
      });
    }
  },
});
