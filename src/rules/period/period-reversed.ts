import { dataCells, defineRowRule } from '../types.js';
import { fieldLabel, presentFields, rawValue, shown } from '../util.js';

/** A 起止年限 whose end is before its start; the same month at both ends is fine. */
export default defineRowRule({
  code: 'period-reversed',
  severity: 'error',
  description: '起止年限的结束早于开始',
  short: '起止年限颠倒',
  visit(table, _context, report) {
    const fields = presentFields(table).filter((f) => f.type === 'period');
    return dataCells(table, fields, (cell, spec, row) => {
      if (cell.value.kind !== 'period') return;
      const p = cell.value;
      const start = p.startYear * 12 + p.startMonth;
      const end = p.endYear * 12 + p.endMonth;
      if (end >= start) return;
      const fmt = (y: number, m: number) => (p.yearOnly ? `${y}年` : `${y}年${m}月`);
      report({
        cell: cell.ref,
        row: row.row,
        field: fieldLabel(spec),
        value: rawValue(cell.raw),
        message: `${cell.ref}：起止年限“${shown(cell)}”的结束（${fmt(p.endYear, p.endMonth)}）早于开始（${fmt(p.startYear, p.startMonth)}），请核实是否写反`,
      });
    });
  },
});
