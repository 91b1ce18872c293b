import { EXCEL_CELL_MAX_CHARS } from '../../writers/xml-text.js';
import { defineRowRule } from '../types.js';
import { fieldLabel, fieldSpec, placeOf } from '../util.js';

/** How much of the text the finding's value quotes. */
const PREVIEW = 40;

/**
 * Text longer than an Excel cell can hold (32,767 characters, counted in UTF-16 units as Excel
 * does). Excel and WPS cannot have typed it; another program wrote it, and Excel would offer to
 * repair any workbook holding it whole. The writers cut it there with a visible mark
 * (“……（以下已截断：原文 N 字…）”), so what leaders read says it is incomplete; a warning, since the
 * rest of the table is sound and merges. Not in §4: added with the writers' limit (issue 8).
 *
 * The value is the first 40 characters and the length, not the whole text.
 */
export default defineRowRule({
  code: 'text-too-long',
  severity: 'warning',
  description: `单元格文字超过 Excel 上限 ${EXCEL_CELL_MAX_CHARS} 字（汇总表和批注副本中截断并注明）`,
  short: '文字过长',
  visit(table, _context, report) {
    return {
      cell(cell, id, row, total) {
        if (cell.raw.type !== 'string' || cell.raw.text.length <= EXCEL_CELL_MAX_CHARS) return;
        const text = cell.raw.text;
        const spec = fieldSpec(table, id);
        const label = spec ? fieldLabel(spec) : null;
        const where = placeOf(row, total, label);
        report({
          cell: cell.ref,
          row: row.row,
          field: label,
          value: `${[...text].slice(0, PREVIEW).join('')}……（共 ${text.length} 字）`,
          message:
            `${cell.ref}：${where}有 ${text.length} 字，超过 Excel 单元格最多 ${EXCEL_CELL_MAX_CHARS} 字的上限；` +
            `汇总表和批注副本中只保留前面部分并注明“已截断”，请精简到 ${EXCEL_CELL_MAX_CHARS} 字以内后重新报送`,
        });
      },
    };
  },
});
