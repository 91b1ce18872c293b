import { dataCells, defineRowRule } from '../types.js';
import { fieldLabel, presentFields, rawValue, shown, squeeze } from '../util.js';

/** A dropdown column (落实情况, 栏目) holding a value that is not one of its list. Whitespace is ignored. */
export default defineRowRule({
  code: 'value-not-in-list',
  severity: 'error',
  description: '下拉列（落实情况、栏目）填了列表以外的值',
  short: '填了下拉列表外的值',
  visit(table, _context, report) {
    const fields = presentFields(table).filter((f) => f.type === 'list' && f.list && f.list.length > 0);
    const keys = new Map(fields.map((spec) => [spec.id, new Set((spec.list ?? []).map(squeeze))]));
    return dataCells(table, fields, (cell, spec, row) => {
      if (cell.value.kind === 'blank' || cell.value.kind === 'error' || cell.value.kind === 'uncalculated') return;
      const text = shown(cell);
      if (keys.get(spec.id)!.has(squeeze(text))) return;
      const label = fieldLabel(spec);
      const allowed = spec.list ?? [];
      report({
        cell: cell.ref,
        row: row.row,
        field: label,
        value: rawValue(cell.raw),
        message: `${cell.ref}：第${row.row}行“${label}”填的是“${text}”，只能填${allowed.map((v) => `“${v}”`).join('、')}之一，请从下拉列表中选择`,
      });
    });
  },
});
