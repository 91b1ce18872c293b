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
import { cellAt, isBlankAt, textAt } from './sheet.js';

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
/**
 * An unnumbered label that names a class of projects, not a project: 产业项目, 基础设施类, 续建项目,
 * 计划新开工项目, 社会民生类项目 (NFKC, spaces squeezed). A project's own name is longer and names a
 * place or a thing (中原智能制造产业园（一期））; these words alone never do.
 */
const CLASS_NAME = new RegExp(
  '^(?:先进制造业?|制造业|工业|产业|产业发展|基础设施|城建|城市建设|城市更新|交通|交通基础设施|水利|能源|生态环保|生态|环保|农业|现代农业|' +
    '服务业|现代服务业|科技创新|科创|社会民生|民生|社会事业|文化旅游|文旅|续建|新建|新开工|计划新开工|拟新开工|前期|储备|竣工|计划竣工|其他|其它)' +
    '(?:类)?(?:项目)?(?:类)?$',
);
/** Text with something other than digits and punctuation (a label, not a number). */
const WORDY = /[^\d\s.,，、。()（）-]/;

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
  /**
   * What made it a category: its number or count ('number'), a merge across half the table ('wide'),
   * or, unnumbered, its place or words ('shape': see `unnumbered`) — a 'shape' row right under a 其中
   * line continues the breakdown instead (detect.ts).
   */
  by: 'number' | 'wide' | 'shape';
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
  const { parts, wide, merged, serialOnly } = shape;
  const [first, ...rest] = parts.map((p) => p.replace(/\s*\n\s*/g, ' ').trim());
  // 一 | 产业项目: the category number in the 序号 column, its name beside it.
  // 一 + 产业项目 reads 一、产业项目; （一） + 续建项目 reads （一）续建项目.
  if (rest.length > 0 && !CATEGORY_SERIAL.test(squeezeSpaces(nfkc(first!)))) return null;
  const label = rest.length > 0 ? `${first}${/[、.．)）]$/.test(first!) ? '' : '、'}${rest.join(' ')}` : parts.join(' ');
  const squeezed = squeezeSpaces(label);
  const numbered = levelOf(squeezed);
  if (numbered !== null) return { label, level: numbered, by: 'number' };
  if (wide) return { label, level: 1, by: 'wide' };
  return unnumbered(squeezed, rest.length === 0, merged, serialOnly) ? { label, level: 1, by: 'shape' } : null;
}

/**
 * An unnumbered label alone in its row (amounts allowed) is a category when its shape says so: merged
 * across half the table or more, merged over two columns or more that take in the 序号 or 项目名称
 * column (产业项目 in A:B — a project's name is never merged over the 序号 column), written in the 序号
 * column (which never holds a project's name), or a class of projects by its words (CLASS_NAME, e.g.
 * 产业项目 alone in 项目名称). A project's name alone in 项目名称 stays a project, missing its cells.
 */
function unnumbered(label: string, alone: boolean, merged: boolean, serialOnly: boolean): boolean {
  if (!alone || !WORDY.test(label)) return false;
  return merged || serialOnly || CLASS_NAME.test(nfkc(label));
}

/** A row's label texts, left to right, and how they are laid out. */
export interface LabelShape {
  parts: string[];
  /** A label merged across at least half of the table. */
  wide: boolean;
  /** A label merged over two columns or more, the 序号 or 项目名称 column among them (产业项目 in A:B). */
  merged: boolean;
  /** The only label, written in the 序号 column. */
  serialOnly: boolean;
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
  // The label cells' columns; their texts are made only for a row of this shape (most rows are projects).
  const labels: number[] = [];
  let wide = false;
  let merged = false;
  let serial = false;
  const sorted = sortedColumns(columns);
  for (const column of sorted) {
    if (isBlankAt(sheet, row, column.col)) continue;
    const merge = merges(row, column.col);
    if (LABEL_FIELDS.has(column.field) || (merge && merge.right > merge.left)) {
      labels.push(column.col);
      if (column.field === 'serial') serial = true;
      if (merge && merge.right > merge.left) {
        if ((merge.right - merge.left + 1) * 2 >= span.right - span.left + 1) wide = true;
        if (sorted.some((c) => (c.field === 'serial' || c.field === 'name') && c.col >= merge.left && c.col <= merge.right)) merged = true;
      }
      continue;
    }
    if (types.get(column.field) === 'amount') continue;
    return null;
  }
  if (labels.length === 0) return null;
  const parts = labels.map((col) => textAt(sheet, row, col));
  return { parts, wide, merged, serialOnly: serial && parts.length === 1 };
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
