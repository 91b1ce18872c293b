/**
 * What a table's warnings were, in a few words for the 说明 of 报送情况: each code's short Chinese
 * name (src/rules), how many times it occurred and where — “金额按文字填写 6 处（E4、G4、F5 等）；
 * 合计与各行之和不符 3 处（E8、F8、G8）”. Codes in the order they first occur in the table (validate's
 * order: by row, then column), cells in that order too.
 */
import type { RuleCode } from '../rules/finding.js';
import { ruleShortName } from '../rules/index.js';

export interface WarningRef {
  code: RuleCode;
  /** A1 reference, or null for a table-level warning. */
  cell: string | null;
}

/** How many cells to name per code before “等”. */
export const CELLS_SHOWN = 3;

/**
 * The summary of `warnings` ('' when there are none). `omit` leaves out codes that are already said
 * elsewhere on the line (e.g. filldate-missing when the note says the week came from the receipt).
 */
export function summariseWarnings(warnings: readonly WarningRef[], omit: readonly RuleCode[] = []): string {
  const byCode = new Map<RuleCode, { count: number; cells: string[] }>();
  for (const w of warnings) {
    if (omit.includes(w.code)) continue;
    const entry = byCode.get(w.code) ?? { count: 0, cells: [] };
    entry.count++;
    if (w.cell !== null && !entry.cells.includes(w.cell)) entry.cells.push(w.cell);
    byCode.set(w.code, entry);
  }
  const parts: string[] = [];
  for (const [code, { count, cells }] of byCode) {
    const times = count > 1 ? ` ${count} 处` : '';
    const shown = cells.slice(0, CELLS_SHOWN).join('、');
    const where = cells.length === 0 ? '' : `（${shown}${cells.length > CELLS_SHOWN ? ' 等' : ''}）`;
    parts.push(`${ruleShortName(code)}${times}${where}`);
  }
  return parts.join('；');
}
