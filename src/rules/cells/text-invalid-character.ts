import { UNWRITABLE_NAMES, findUnwritable, visibleUnwritable } from '../../writers/xml-text.js';
import { defineRowRule } from '../types.js';
import { fieldLabel, fieldSpec, placeOf } from '../util.js';

/**
 * Text holding characters no workbook or document may contain as they are (src/writers/xml-text.ts):
 * control characters (C0 other than tab and line breaks, DEL, C1 — OOXML stores them as `_x0001_`,
 * so such a file opens and validates), noncharacters (U+FFFE, U+FFFF …), lone surrogates and
 * bidirectional controls. The writers drop or replace them (merged workbooks, annotated copies, the
 * 月报), so the clerk is told at the cell what will not be carried over. Not in §4: added because a
 * file that validated clean made every merged workbook unreadable (issue 8).
 *
 * The finding's value is the text with each such character shown as [U+XXXX], never the raw
 * characters (they would reach the terminal and the JSON reader as they are).
 */
export default defineRowRule({
  code: 'text-invalid-character',
  severity: 'warning',
  description: '文字中有控制字符等不能写入 Excel/Word 的字符（汇总表、批注副本、月报中不保留）',
  short: '特殊字符',
  visit(table, _context, report) {
    return {
      cell(cell, id, row, total) {
        if (cell.raw.type !== 'string') return;
        const found = findUnwritable(cell.raw.text);
        if (!found) return;
        const spec = fieldSpec(table, id);
        const label = spec ? fieldLabel(spec) : null;
        const where = placeOf(row, total, label);
        const kinds = found.kinds.map((k) => UNWRITABLE_NAMES[k]).join('、');
        report({
          cell: cell.ref,
          row: row.row,
          field: label,
          value: visibleUnwritable(cell.raw.text),
          message:
            `${cell.ref}：${where}有 ${found.count} 个看不见的特殊字符（${kinds}，第一个是 ${found.first}，多是从别的系统复制时带进来的），` +
            '汇总表、批注副本和月报中不会保留这些字符；请在原表中重新输入这段文字',
        });
      },
    };
  },
});
