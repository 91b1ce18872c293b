import { defineRowRule } from '../types.js';
import { cellAt, fieldLabel, presentFields, rawValue, shown, squeeze } from '../util.js';

/** A dropdown column (落实情况, 栏目) holding a value that is not one of its list. Whitespace is ignored. */
export default defineRowRule({
  code: 'value-not-in-list',
  severity: 'error',
  description: '下拉列（落实情况、栏目）填了列表以外的值',
  short: '填了下拉列表外的值',
  visit(table, _context, report) {
    const lists = presentFields(table)
      .filter((f) => f.type === 'list' && f.list && f.list.length > 0)
      .map((spec) => {
        const allowed = spec.list ?? [];
        return { spec, allowed, keys: new Set(allowed.map(squeeze)), label: fieldLabel(spec) };
      });
    if (lists.length === 0) return null;
    return {
      row(row, isSum) {
        if (isSum) return;
        for (const { spec, allowed, keys, label } of lists) {
          const cell = cellAt(table, row, spec.id);
          if (!cell || cell.value.kind === 'blank' || cell.value.kind === 'error' || cell.value.kind === 'uncalculated') continue;
          const text = shown(cell);
          if (keys.has(squeeze(text))) continue;
          report({
            cell: cell.ref,
            row: row.row,
            field: label,
            value: rawValue(cell.raw),
            message: `${cell.ref}：第${row.row}行“${label}”填的是“${text}”，只能填${allowed.map((v) => `“${v}”`).join('、')}之一，请从下拉列表中选择`,
          });
        }
      },
    };
  },
});
