/**
 * Rows under a header that are not projects: 栏次 rows (甲 乙 1 2 3 …, (1) (2) …, a first cell
 * saying 栏次), category rows (一、产业项目（2个）, （一）续建项目, 1.产业类 — the label alone in the
 * 序号/项目名称 columns, or merged across the table, amounts allowed: a category may carry its
 * subtotal), and 合计/小计 rows (footer.ts). Works on the sheet as written: a merge is not expanded
 * here, so a category merged across the table does not read as a project with its label everywhere.
 */
import type { SheetModel } from '../reader/model.js';
import { KINDS, type FieldId, type KindId } from '../schema/kinds.js';
import { nfkc, squeezeSpaces } from '../values/text.js';
import type { ColumnMapping } from './model.js';
import type { MergeRange } from '../reader/model.js';
import { cellAt, textAt } from './sheet.js';

/** The merge whose first cell is (row, col), if any. */
export type MasterMerge = (row: number, col: number) => MergeRange | undefined;

/** Looks up merges by their first cell (built once per sheet, never expanded). */
export function masterMerges(merges: readonly MergeRange[]): MasterMerge {
  const byMaster = new Map<string, MergeRange>();
  for (const merge of merges) byMaster.set(`${merge.top}:${merge.left}`, merge);
  return (row, col) => byMaster.get(`${row}:${col}`);
}

const STEMS = '甲乙丙丁戊己庚辛壬癸';
const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';
const CN = '一二三四五六七八九十';

/** A 栏次 cell: 甲, 乙 …, 1 … 99 (a number or text, bracketed or not), ①, A … as its column number. */
function numberingToken(sheet: SheetModel, row: number, col: number): { n: number | null } | null {
  const value = cellAt(sheet, row, col)?.value;
  if (!value) return null;
  if (value.type === 'number') return Number.isInteger(value.number) && value.number >= 1 && value.number <= 99 ? { n: value.number } : null;
  if (value.type !== 'string') return null;
  const text = squeezeSpaces(nfkc(value.text));
  if (text.length === 1 && STEMS.includes(text)) return { n: null };
  if (text.length === 1 && CIRCLED.includes(text)) return { n: CIRCLED.indexOf(text) + 1 };
  const digits = /^[(\[]?(\d{1,2})[)\]]?$/.exec(text);
  if (digits) return { n: Number(digits[1]) };
  if (/^[A-Z]$/.test(text)) return { n: null };
  return null;
}

/** A 栏 label in the first cell: 栏次, 栏号, 列号. */
const NUMBERING_LABEL = /^(?:栏次|栏号|列号|列次)$/;

/**
 * A column-numbering (栏次) row under the header: a first cell saying 栏次, or at least three of the
 * table's columns holding only column numbers, the numbered ones increasing — in half the columns,
 * or 1, 2, 3 … without a gap.
 */
export function isNumberingRow(sheet: SheetModel, row: number, cols: number[]): boolean {
  const first = cols.map((c) => textAt(sheet, row, c)).find((t) => t !== '');
  if (first !== undefined && NUMBERING_LABEL.test(squeezeSpaces(nfkc(first)))) return true;
  let filled = 0;
  let previous = 0;
  let consecutive = true;
  for (const col of cols) {
    if (textAt(sheet, row, col) === '') continue;
    const token = numberingToken(sheet, row, col);
    if (!token) return false;
    if (token.n !== null) {
      if (token.n <= previous) return false;
      if (token.n !== previous + 1) consecutive = false;
      previous = token.n;
    } else consecutive = false;
    filled++;
  }
  // Half the columns numbered, or at least 1, 2, 3 in order.
  return filled >= 3 && (filled * 2 >= cols.length || consecutive);
}

/** Category labels by level: 一、 (1), （一） (2), 1. (3), (1) (4); 第一类 is 1. */
const CATEGORY_PATTERNS: { level: number; pattern: RegExp }[] = [
  { level: 1, pattern: new RegExp(`^[${CN}百]+\\s*[、.,，]`) },
  { level: 1, pattern: new RegExp(`^第[${CN}]+(?:类|部分|批|项)`) },
  { level: 2, pattern: new RegExp(`^[(]\\s*[${CN}]+\\s*[)]`) },
  { level: 3, pattern: /^\d{1,2}\s*[、.]\s*[^\d\s]/ },
  { level: 4, pattern: /^[(]\s*\d{1,2}\s*[)]\s*\S/ },
];
/** A label ending in a count of projects: 产业项目（2个）, 续建项目(5项). */
const COUNTED = /(?:项目|类)\s*[(]\s*\d+\s*[个项]\s*[)]$/;
/** A serial cell that is a category number: 一, 一、, （一）. */
const CATEGORY_SERIAL = new RegExp(`^(?:[${CN}]+[、.]?|[(][${CN}]+[)])$`);

const LABEL_FIELDS = new Set<FieldId>(['serial', 'name', 'title', 'column']);
const kindTypes = new Map<KindId, Map<FieldId, string>>();
const sortedCache = new WeakMap<ColumnMapping[], ColumnMapping[]>();

function typesOf(kind: KindId): Map<FieldId, string> {
  let types = kindTypes.get(kind);
  if (!types) kindTypes.set(kind, (types = new Map(KINDS[kind].fields.map((f) => [f.id, f.type]))));
  return types;
}

/** A table's columns left to right (sorted once per table, not once per row). */
function sortedColumns(columns: ColumnMapping[]): ColumnMapping[] {
  let sorted = sortedCache.get(columns);
  if (!sorted) sortedCache.set(columns, (sorted = [...columns].sort((a, b) => a.col - b.col)));
  return sorted;
}

export interface CategoryRow {
  label: string;
  /** 1 for 一、…, 2 for （一）…, 3 for 1.…, 4 for (1)…. */
  level: number;
}

function levelOf(label: string): number | null {
  const text = label.normalize('NFKC');
  for (const { level, pattern } of CATEGORY_PATTERNS) if (pattern.test(text)) return level;
  return COUNTED.test(text) ? 1 : null;
}

/**
 * A category row: its label (in the 序号 or 项目名称 column, or merged across the table) and nothing
 * else but amounts. The label must read as a category (一、… （一）… 1.… (1)… …（2个）) unless it is
 * merged across at least half of the table. null for any other row (a project with only its name
 * filled is a project with missing cells, not a category).
 */
export function categoryOf(
  sheet: SheetModel,
  row: number,
  columns: ColumnMapping[],
  kind: KindId,
  merges: MasterMerge,
  span: { left: number; right: number },
): CategoryRow | null {
  const types = typesOf(kind);
  const parts: string[] = [];
  let wide = false;
  for (const column of sortedColumns(columns)) {
    const text = textAt(sheet, row, column.col);
    if (text === '') continue;
    const merge = merges(row, column.col);
    if (LABEL_FIELDS.has(column.field) || (merge && merge.right > merge.left)) {
      parts.push(text);
      if (merge && (merge.right - merge.left + 1) * 2 >= span.right - span.left + 1) wide = true;
      continue;
    }
    if (types.get(column.field) === 'amount') continue;
    return null;
  }
  if (parts.length === 0) return null;
  const [first, ...rest] = parts.map((p) => p.replace(/\s*\n\s*/g, ' ').trim());
  // 一 | 产业项目: the category number in the 序号 column, its name beside it.
  const label = rest.length > 0 && CATEGORY_SERIAL.test(squeezeSpaces(first!.normalize('NFKC'))) ? `${first}${/[、.．]$/.test(first!) ? '' : '、'}${rest.join(' ')}` : parts.join(' ');
  if (rest.length > 0 && !CATEGORY_SERIAL.test(squeezeSpaces(first!.normalize('NFKC')))) return null;
  const level = levelOf(squeezeSpaces(label)) ?? (wide ? 1 : null);
  return level === null ? null : { label, level };
}
