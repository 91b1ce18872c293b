/**
 * Does a written copy hold what the original held? Both sides as xmb's own reader sees them
 * (src/reader/model.ts): every sheet of the original, by name, with every cell's value — text,
 * number and its number format, date, true/false, error value — and its merged ranges.
 *
 * What a copy is expected to hold is the original as the writers must store it (xml-text.ts
 * `cellText`: characters XML forbids dropped, text cut at Excel's 32,767 characters), so those
 * changes are not differences. Not compared: formulas (a copy built from values holds their
 * results), hyperlinks, styles other than the number format, and sheets only the copy has (校验结果).
 */
import { cellRef, type Cell, type CellValue, type MergeRange, type SheetModel, type WorkbookModel } from '../reader/model.js';
import { cellText, visibleUnwritable } from './xml-text.js';

/** One place where the copy does not hold what the original does. */
export interface Difference {
  sheet: string;
  /** A1 reference; null for the sheet as a whole or a merged range. */
  cell: string | null;
  /** What the original holds and what the copy holds, in Chinese, for the clerk. */
  before: string;
  after: string;
}

/** The value a copy must hold for an original cell. */
function expected(value: CellValue): CellValue {
  if (value.type !== 'string') return value;
  const text = cellText(value.text);
  return text === '' ? { type: 'empty' } : { type: 'string', text };
}

function valueOf(cell: Cell | undefined): CellValue {
  return cell?.value ?? { type: 'empty' };
}

function same(a: CellValue, b: CellValue): boolean {
  switch (a.type) {
    case 'empty':
      return b.type === 'empty';
    case 'string':
      return b.type === 'string' && b.text === a.text;
    case 'number':
      return b.type === 'number' && b.number === a.number && (b.format ?? null) === (a.format ?? null);
    case 'date':
      return b.type === 'date' && b.iso === a.iso;
    case 'boolean':
      return b.type === 'boolean' && b.value === a.value;
    case 'error':
      return b.type === 'error' && b.error.toUpperCase() === a.error.toUpperCase();
  }
}

/** A value as a clerk would recognise it, short and on one line. */
export function describeValue(value: CellValue): string {
  switch (value.type) {
    case 'empty':
      return '空白';
    case 'string': {
      const text = visibleUnwritable(value.text).replace(/\s+/g, ' ');
      return `“${text.length > 20 ? `${text.slice(0, 20)}…` : text}”`;
    }
    case 'number':
      return value.format ? `${value.number}（格式 ${value.format}）` : String(value.number);
    case 'date':
      return `日期 ${value.iso.replace('T', ' ')}`;
    case 'boolean':
      return value.value ? 'TRUE' : 'FALSE';
    case 'error':
      return value.error;
  }
}

const mergeKey = (m: MergeRange): string => `${cellRef(m.top, m.left)}:${cellRef(m.bottom, m.right)}`;

function compareSheet(original: SheetModel, copy: SheetModel, out: Difference[], limit: number): void {
  const rows = Math.max(original.rows.length, copy.rows.length);
  for (let r = 0; r < rows && out.length < limit; r++) {
    const a = original.rows[r] ?? [];
    const b = copy.rows[r] ?? [];
    const cols = Math.max(a.length, b.length);
    for (let c = 0; c < cols && out.length < limit; c++) {
      const want = expected(valueOf(a[c]));
      const got = valueOf(b[c]);
      if (!same(want, got)) out.push({ sheet: original.name, cell: cellRef(r, c), before: describeValue(valueOf(a[c])), after: describeValue(got) });
    }
  }
  const merges = new Set(copy.merges.map(mergeKey));
  for (const m of original.merges) {
    if (out.length >= limit) break;
    if (!merges.has(mergeKey(m))) out.push({ sheet: original.name, cell: null, before: `合并单元格 ${mergeKey(m)}`, after: '未合并' });
  }
}

/**
 * Where `copy` does not hold what `original` holds (at most `limit` differences; [] when it holds
 * it all). Sheets are matched by name; a sheet the copy lacks is one difference.
 */
export function compareWorkbooks(original: WorkbookModel, copy: WorkbookModel, limit = 20): Difference[] {
  const out: Difference[] = [];
  const byName = new Map(copy.sheets.map((s) => [s.name, s]));
  for (const sheet of original.sheets) {
    if (out.length >= limit) break;
    const other = byName.get(sheet.name) ?? byName.get(cellText(sheet.name));
    if (!other) {
      out.push({ sheet: sheet.name, cell: null, before: '工作表', after: '缺失' });
      continue;
    }
    if (other.hidden !== sheet.hidden)
      out.push({ sheet: sheet.name, cell: null, before: sheet.hidden ? '隐藏的工作表' : '工作表', after: other.hidden ? '被隐藏' : '不再隐藏' });
    compareSheet(sheet, other, out, limit);
  }
  return out;
}

/** “进度滞后!B5 原为 日期 2022-03-04，副本中为 2022” */
export function describeDifference(d: Difference): string {
  const where = d.cell ? `${d.sheet}!${d.cell}` : `工作表“${d.sheet}”`;
  return `${where}原为${d.before}，副本中为${d.after}`;
}
