import type { FieldId } from '../../schema/kinds.js';
import type { DataRow, SumRow, Table } from '../../table/model.js';
import { defineRule } from '../types.js';
import { ColumnRefs, cellAt, fieldLabel, fmtNum, rawValue } from '../util.js';
import { amountFields } from './common.js';

/** Tolerance of a 合计 against the sum of the rows, in 万元. */
export const TOTAL_TOLERANCE = 0.01;

/** The rows a sum covers; a table read before `sums` existed has its one 合计 over every row. */
function sumRows(table: Table): SumRow[] {
  if (table.sums) return table.sums;
  return table.totalRow ? [{ kind: 'total', row: table.totalRow, covers: table.rows.map((r) => r.row) }] : [];
}

/** The table's rows a sum covers, in table order (the table's own list when it covers them all). */
function coveredRows(table: Table, covers: readonly number[]): DataRow[] {
  const rows = table.rows;
  let all = covers.length === rows.length;
  for (let i = 0; all && i < rows.length; i++) all = covers[i] === rows[i]!.row;
  if (all) return rows;
  const covered = new Set(covers);
  return rows.filter((r) => covered.has(r.row));
}

/**
 * The sum of a column's amounts over `rows` (and of those typed as text), each cell once: the rows
 * of a vertically merged amount share the master cell (same ref). A cell the reader left out is
 * blank (counts as nothing) and shares no reference with another row's cell.
 */
function columnSum(table: Table, rows: readonly DataRow[], id: FieldId): { total: number; textSum: number } {
  let total = 0;
  let textSum = 0;
  const refs = new ColumnRefs(table, id);
  for (const row of rows) {
    const c = row.cells[id];
    if (!c || !refs.first(c.ref, row.row)) continue;
    if (c.value.kind !== 'number') continue;
    total += c.value.value;
    if (c.value.fromText) textSum += c.value.value;
  }
  return { total, textSum };
}

function what(sum: SumRow): string {
  if (sum.kind === 'total') return '合计行';
  if (sum.kind === 'subtotal') return '小计行';
  return '分类行';
}

function whichRows(sum: SumRow, rows: DataRow[]): string {
  if (sum.kind === 'total') return '各行之和';
  if (rows.length === 0) return '其下没有项目行，应为 0';
  const first = rows[0]!.row;
  const last = rows[rows.length - 1]!.row;
  return `${first === last ? `第${first}行` : `第${first}–${last}行`}之和`;
}

/**
 * Each 合计 (at the top or the bottom: all projects), 小计 (the projects since the category or 小计
 * before it) and category row that states amounts (its projects): each amount column's figure
 * against the sum of the rows it covers (cells that are not numbers count as nothing, they get their
 * own findings). Blank cells of a sum row are not checked. §3: “A 合计 row is checked against the
 * sum of the data rows”; 小计 and categories are the same check on the rows they sum (issue 7).
 */
export default defineRule({
  code: 'total-mismatch',
  severity: 'warning',
  description: '合计（小计、分类）行的金额与所含各行之和不符（允许误差 0.01 万元）',
  short: '合计与各行之和不符',
  run(table, _context, report) {
    const fields = amountFields(table);
    for (const sum of sumRows(table)) {
      let rows: DataRow[] | null = null;
      for (const spec of fields) {
        const cell = cellAt(table, sum.row, spec.id);
        if (!cell || cell.value.kind !== 'number') continue;
        rows ??= coveredRows(table, sum.covers);
        const { total, textSum } = columnSum(table, rows, spec.id);
        const stated = cell.value.value;
        const diff = Math.abs(stated - total);
        if (diff <= TOTAL_TOLERANCE + 1e-9) continue;
        const label = fieldLabel(spec);
        // Excel's SUM skips amounts typed as text: say so when that explains the difference.
        const skipsText = textSum !== 0 && Math.abs(stated - (total - textSum)) <= TOTAL_TOLERANCE + 1e-9;
        const advice = skipsText
          ? '合计没有算入按文字填写的金额（求和公式不计文字），请把这些金额改为数字'
          : '请核对合计或各行数字';
        report({
          cell: cell.ref,
          row: sum.row.row,
          field: label,
          value: rawValue(cell.raw),
          message: `${cell.ref}：${what(sum)}“${label}”为 ${fmtNum(stated)}，而${whichRows(sum, rows)}为 ${fmtNum(total)}，相差 ${fmtNum(diff)}，${advice}`,
        });
      }
    }
  },
});
