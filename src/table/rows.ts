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
  // A number per cell (a sheet has at most 16,384 columns), not a string: this is asked for every row.
  const key = (row: number, col: number): number => row * 16384 + col;
  const byMaster = new Map<number, MergeRange>();
  for (const merge of merges) byMaster.set(key(merge.top, merge.left), merge);
  return (row, col) => byMaster.get(key(row, col));
}

const STEMS = '甲乙丙丁戊己庚辛壬癸';
const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';
const CN = '一二三四五六七八九十';

/**
 * A 栏次 cell: 甲, 乙 …, 0 … 99 (a number or text, bracketed or not; some writers count from 0), 一 … 十一,
 * a column computed from others (7=5-6, 3=1+2), ①, A … or a … as its column number.
 */
function numberingToken(sheet: SheetModel, row: number, col: number): { n: number | null } | null {
  const value = cellAt(sheet, row, col)?.value;
  if (!value) return null;
  if (value.type === 'number') return Number.isInteger(value.number) && value.number >= 0 && value.number <= 99 ? { n: value.number } : null;
  if (value.type !== 'string') return null;
  const text = squeezeSpaces(nfkc(value.text)).replace(/\s+/g, '');
  if (text.length === 1 && STEMS.includes(text)) return { n: null };
  if (text.length === 1 && CIRCLED.includes(text)) return { n: CIRCLED.indexOf(text) + 1 };
  const chinese = chineseNumber(text);
  if (chinese !== null) return { n: chinese };
  const digits = /^[(\[]?(\d{1,2})[)\]]?$/.exec(text);
  if (digits) return { n: Number(digits[1]) };
  // 7=5-6, 3=1+2, 10=8/9, 6=(4+5): the column's number, then how it is computed from other columns.
  const computed = /^(\d{1,2})=[\d+\-*/×÷()]+$/.exec(text);
  if (computed) return { n: Number(computed[1]) };
  if (/^[A-Za-z]$/.test(text)) return { n: null };
  return null;
}

/** 一 … 九十九 as a number (栏次 written 一 二 三 …), or null. */
function chineseNumber(text: string): number | null {
  const m = new RegExp(`^([${CN.slice(0, 9)}])?(十)?([${CN.slice(0, 9)}])?$`).exec(text);
  if (!m || text === '' || (m[1] && !m[2] && m[3])) return null;
  const digit = (c: string | undefined): number => (c ? CN.indexOf(c) + 1 : 0);
  return m[2] ? (m[1] ? digit(m[1]) : 1) * 10 + digit(m[3]) : digit(m[1]);
}

/** A 栏 label in the first cell: 栏次, 栏号, 列号. */
const NUMBERING_LABEL = /^(?:栏次|栏号|列号|列次)$/;

/**
 * A column-numbering (栏次) row under the header: a first cell saying 栏次, or at least three of the
 * table's columns holding only column numbers, the numbered ones increasing — in half the columns,
 * or 1, 2, 3 … (0, 1, 2 …) without a gap.
 */
export function isNumberingRow(sheet: SheetModel, row: number, cols: number[]): boolean {
  const first = cols.map((c) => textAt(sheet, row, c)).find((t) => t !== '');
  if (first !== undefined && NUMBERING_LABEL.test(squeezeSpaces(nfkc(first)))) return true;
  let filled = 0;
  let previous: number | null = null;
  let consecutive = true;
  for (const col of cols) {
    if (textAt(sheet, row, col) === '') continue;
    const token = numberingToken(sheet, row, col);
    if (!token) return false;
    if (token.n !== null) {
      if (previous !== null && token.n <= previous) return false;
      // 1, 2, 3 … or 0, 1, 2 … without a gap.
      if (previous === null ? token.n > 1 : token.n !== previous + 1) consecutive = false;
      previous = token.n;
    } else consecutive = false;
    filled++;
  }
  // Half the columns numbered, or at least 1, 2, 3 in order.
  return filled >= 3 && (filled * 2 >= cols.length || consecutive);
}

/**
 * Category labels by level (on the NFKC text, so （一） is (一) and Ⅱ is II): 一、 (1), （一） (2),
 * 1. (3), (1) (4); 第一类, 第一部分, 一是 (as a report lists its parts) and I、 II、 (Roman) are 1.
 */
const CATEGORY_PATTERNS: { level: number; pattern: RegExp }[] = [
  { level: 1, pattern: new RegExp(`^[${CN}百]+\\s*[、.,，]`) },
  { level: 1, pattern: new RegExp(`^第[${CN}]+(?:类|部分|批|项)`) },
  { level: 1, pattern: new RegExp(`^[${CN}]+是\\s*\\S`) },
  { level: 1, pattern: /^[IVX]{1,4}\s*[、.]\s*[^\d\s]/ },
  { level: 2, pattern: new RegExp(`^[(]\\s*[${CN}]+\\s*[)]`) },
  { level: 3, pattern: /^\d{1,2}\s*[、.]\s*[^\d\s]/ },
  { level: 4, pattern: /^[(]\s*\d{1,2}\s*[)]\s*\S/ },
];
/** A label ending in a count of projects: 产业项目（2个）, 续建项目(5项). */
const COUNTED = /(?:项目|类)\s*[(]\s*共?\s*\d+\s*[个项]\s*[)]$/;
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
  /** 1 for 一、…, 2 for （一）…, 3 for 1.…, 4 for (1)…, 5 for ①…. */
  level: number;
}

function levelOf(label: string): number | null {
  // ①产业项目: circled numbers are a fifth level (NFKC would make ① a plain 1).
  if (/^[①-⑳]\s*[、.．]?\s*[^\d\s]/.test(label)) return 5;
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
export function categoryOf(shape: LabelShape | null): CategoryRow | null {
  if (!shape) return null;
  const { parts, wide } = shape;
  const [first, ...rest] = parts.map((p) => p.replace(/\s*\n\s*/g, ' ').trim());
  // 一 | 产业项目: the category number in the 序号 column, its name beside it.
  // 一 + 产业项目 reads 一、产业项目; （一） + 续建项目 reads （一）续建项目.
  if (rest.length > 0 && !CATEGORY_SERIAL.test(squeezeSpaces(nfkc(first!)))) return null;
  const label = rest.length > 0 ? `${first}${/[、.．)）]$/.test(first!) ? '' : '、'}${rest.join(' ')}` : parts.join(' ');
  const level = levelOf(squeezeSpaces(label)) ?? (wide ? 1 : null);
  return level === null ? null : { label, level };
}

/** A row's label texts, left to right, and whether one is merged across at least half of the table. */
export interface LabelShape {
  parts: string[];
  wide: boolean;
}

/**
 * A row holding only a label (in the 序号/项目名称 columns, or merged across) and amounts: the shape
 * of a category, a 其中 line or a breakdown under it (categoryOf and breakdownOf read it; worked
 * out once per row). null for any other row.
 */
export function labelShape(
  sheet: SheetModel,
  row: number,
  columns: ColumnMapping[],
  kind: KindId,
  merges: MasterMerge,
  span: { left: number; right: number },
): LabelShape | null {
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
  return parts.length === 0 ? null : { parts, wide };
}

/** 其中：, 其中, 其中:产业项目 — the line that starts a breakdown of the sum above it. */
const BREAKDOWN = /^其中/;

/**
 * A breakdown line under a 合计, 小计 or category (其中：产业项目 84000 …, then 基础设施项目 9000 …):
 * 'start' for the 其中 line, 'more' for a label-and-amounts line that continues it (`after` says the
 * row above was a breakdown line), null for any other row. Breakdown lines are parts of a sum, not
 * projects: the caller skips them.
 */
export function breakdownOf(shape: LabelShape | null, after: boolean): 'start' | 'more' | null {
  if (!shape) return null;
  const label = squeezeSpaces(shape.parts.join('').normalize('NFKC'));
  if (BREAKDOWN.test(label)) return 'start';
  return after ? 'more' : null;
}

/**
 * A text that reads as a category's label or number (一、产业项目, （一）, 一, 1、产业类, ①…): under a
 * header it starts the data, never a further header row.
 */
export function isCategoryLabel(text: string): boolean {
  const squeezed = squeezeSpaces(text);
  if (squeezed === '') return false;
  return CATEGORY_SERIAL.test(squeezed.normalize('NFKC')) || levelOf(squeezed) !== null;
}
