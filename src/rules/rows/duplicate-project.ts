import { defineRowRule } from '../types.js';
import { cellAt, fieldLabel, fieldSpec, rawValue, shown, squeeze } from '../util.js';

/**
 * The same 项目名称 twice in one table, compared without whitespace (and full-width → half-width).
 * Reported at each later occurrence, naming the first row that has the name. The rows of one
 * vertically merged name cell (same ref) are one project.
 */
export default defineRowRule({
  code: 'duplicate-project',
  severity: 'error',
  description: '同一张表中项目名称重复',
  short: '项目名称重复',
  visit(table, _context, report) {
    const spec = fieldSpec(table, 'name');
    if (!spec) return null;
    const label = fieldLabel(spec);
    const seen = new Map<string, { row: number; ref: string }>();
    return {
      row(row, isSum) {
        if (isSum) return;
        const cell = cellAt(table, row, 'name');
        if (!cell || cell.value.kind === 'blank' || cell.value.kind === 'error' || cell.value.kind === 'uncalculated') return;
        const text = shown(cell);
        const key = squeeze(text);
        if (key === '') return;
        const first = seen.get(key);
        if (first === undefined) {
          seen.set(key, { row: row.row, ref: cell.ref });
          return;
        }
        // Rows of one merged 项目名称 cell are one project, not a duplicate.
        if (first.ref === cell.ref) return;
        report({
          cell: cell.ref,
          row: row.row,
          field: label,
          value: rawValue(cell.raw),
          message: `${cell.ref}：项目“${text}”与第${first.row}行重复，同一项目只填一行，请合并或删除重复的一行`,
        });
      },
    };
  },
});
