import { defineRule } from '../types.js';
import { cellAt, fieldLabel, presentFields, rawValue, shown, squeeze } from '../util.js';

/** A dropdown column (落实情况, 栏目) holding a value that is not one of its list. Whitespace is ignored. */
export default defineRule({
  code: 'value-not-in-list',
  severity: 'error',
  description: '下拉列（落实情况、栏目）填了列表以外的值',
  short: '填了下拉列表外的值',
  run(table, _context, report) {
    const fields = presentFields(table).filter((f) => f.type === 'list' && f.list && f.list.length > 0);
    for (const spec of fields) {
      const allowed = spec.list ?? [];
      const keys = new Set(allowed.map(squeeze));
      const label = fieldLabel(spec);
      for (const row of table.rows) {
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
    }
  },
});
