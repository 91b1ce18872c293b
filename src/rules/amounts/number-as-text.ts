import { dataCells, defineRowRule } from '../types.js';
import { fieldLabel, fmtNum, rawValue, shortLabel, shown } from '../util.js';
import { amountFields } from './common.js';

/**
 * An amount typed as text but readable ("12,000", "1.2亿", "3000万元"). Says how it was read so that
 * the clerk can catch a misreading. One finding per cell: not for a negative amount (number-negative).
 */
export default defineRowRule({
  code: 'number-as-text',
  severity: 'warning',
  description: '金额列以文字形式填写（能识别，但应改为数字）',
  short: '金额按文字填写',
  visit(table, _context, report) {
    const fields = amountFields(table);
    return dataCells(table, fields, (cell, spec, row) => {
      if (cell.value.kind !== 'number' || !cell.value.fromText || cell.value.value < 0) return;
      report({
        cell: cell.ref,
        row: row.row,
        field: fieldLabel(spec),
        value: rawValue(cell.raw),
        message: `${cell.ref}：${shortLabel(spec)}“${shown(cell)}”是按文字填写的，已读作 ${fmtNum(cell.value.value)}（万元）；请核对，并改为只填数字（单位万元）`,
      });
    });
  },
});
