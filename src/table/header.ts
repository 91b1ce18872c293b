/**
 * Finding the header: in the first rows of a sheet, the block of one to four rows whose labels match
 * the most fields of some kind. Group labels merged across (投资情况（万元）, 基本情况, 2022年) sit
 * above the labels they group, and labels merged down span several rows; each column is read as the
 * chain of labels above it, top to bottom, and matched by its lowest label, then by the chain joined
 * (2022年 + 计划投资), then by a single-column label alone. Every row of the block must give some
 * matched column a label (a data row or a 栏次 row under the header gives none). The header then
 * goes on over the rows its merged labels still cover: it ends where the data starts, not at the
 * first row that looks blank inside a merge.
 */
import type { MergeRange, SheetModel } from '../reader/model.js';
import { KINDS, KIND_ORDER, type FieldId, type KindId } from '../schema/kinds.js';
import { matchField } from '../values/labels.js';
import { FILL_DATE_LABEL, UNIT_LABEL } from './preamble.js';
import { MergeIndex, rowWidth, textAt } from './sheet.js';
import { isCategoryLabel } from './rows.js';
import { squeezeSpaces } from '../values/text.js';

/** A column number as 栏次 rows print it: 1, (1), ①, 甲, A, 栏次. */
const COLUMN_NUMBER = /^(?:[(\[]?\d{1,2}[)\]]?|[甲乙丙丁戊己庚辛壬癸]|[①-⑳]|[A-Z]|栏次|栏号|列号)$/;

/** How many rows from the top are searched for a header. */
export const HEADER_SCAN_ROWS = 30;
/** How many columns are searched (district tables have about a dozen). */
export const HEADER_SCAN_COLS = 100;
/** The deepest header read: group labels over group labels over labels, and a unit row. */
export const MAX_HEADER_ROWS = 4;

export interface HeaderColumn {
  col: number;
  /** The label as the file writes it; group labels and the label joined with “/”. */
  label: string;
  /** Texts to match, best first (the lowest label, the chain joined, a group label alone). */
  candidates: LabelCandidate[];
}

export interface LabelCandidate {
  text: string;
  /** The label cells ("row:col", 0-based) this candidate stands for: its own and the group labels above it. */
  cells: string[];
}

export interface MatchedColumn {
  col: number;
  label: string;
  field: FieldId | null;
}

export interface HeaderMatch {
  kind: KindId;
  /** 0-based sheet rows of the header. */
  rows: number[];
  columns: MatchedColumn[];
  /** Distinct fields matched. */
  score: number;
}

/** Labels that are notes beside a table, not columns: 单位：万元, 填表日期：…, 报送单位：… */
function isNoteLabel(text: string): boolean {
  return /^\s*(金额)?单位\s*[:：]/.test(text) || FILL_DATE_LABEL.test(text) || UNIT_LABEL.test(text);
}

interface ChainEntry {
  text: string;
  /** The cells ("row:col") the text is written in (a merge's first cell; the same label typed again right below it). */
  cells: string[];
  /** The columns the label covers (a merge's, or its own). */
  left: number;
  right: number;
}

/** What blockColumns needs of one cell, worked out once per findHeader (every block above and below it reads it again). */
interface HeaderCell {
  /** The merge the cell lies in, when it has no text of its own. */
  merge: MergeRange | undefined;
  /** "row:col" of the cell the text is written in (the merge's first cell). */
  at: string;
  /** The text: its own, or the merge's. */
  text: string;
  /** A note beside the table (单位：万元 …): not a label. */
  note: boolean;
  /** A column number (1, (1), 甲 …): never a label. */
  number: boolean;
}

/** The cells of one sheet's header search, read once each. */
class HeaderCells {
  private readonly cells = new Map<number, HeaderCell>();

  constructor(
    private readonly sheet: SheetModel,
    private readonly merges: MergeIndex,
  ) {}

  at(row: number, col: number): HeaderCell {
    const id = row * HEADER_SCAN_COLS + col;
    let cell = this.cells.get(id);
    if (cell === undefined) {
      const own = textAt(this.sheet, row, col);
      // A cell with its own text reads as written, even inside a merge (a broken file's whole-sheet merge).
      const merge = own === '' ? this.merges.at(row, col) : undefined;
      const text = merge ? textAt(this.sheet, merge.top, merge.left) : own;
      const label = text !== '' && !isNoteLabel(text);
      cell = {
        merge,
        at: merge ? `${merge.top}:${merge.left}` : `${row}:${col}`,
        text,
        note: text !== '' && !label,
        number: label && COLUMN_NUMBER.test(squeezeSpaces(text.normalize('NFKC'))),
      };
      this.cells.set(id, cell);
    }
    return cell;
  }
}

/**
 * The columns of a header block of rows top … top+depth-1: for each column, its chain of labels top
 * to bottom (a label merged down counts once; a merge from above the block, such as the title, does
 * not count), and the rows that hold own text (notes such as 单位：万元 excluded). A label merged
 * across every column is a title, not a group label: it stands for no column.
 */
function blockColumns(sheet: SheetModel, top: number, depth: number, cells: HeaderCells): { columns: HeaderColumn[]; textCells: Map<number, string[]> } {
  const textCells = new Map<number, string[]>();
  let width = 0;
  for (let h = top; h < top + depth; h++) width = Math.max(width, rowWidth(sheet, h, HEADER_SCAN_COLS));
  const chains: { col: number; chain: ChainEntry[] }[] = [];
  for (let c = 0; c < width; c++) {
    const chain: ChainEntry[] = [];
    let last: string | null = null;
    for (let h = top; h < top + depth; h++) {
      const { merge, at, text, note, number } = cells.at(h, c);
      if (merge && merge.top < top) continue; // a title or note merged down from above the block
      if (at === last) continue; // the same label merged down
      last = at;
      if (text === '' || note) continue;
      const row = merge ? merge.top : h;
      if (!merge || merge.left === c) {
        const written = textCells.get(row);
        if (written) written.push(at);
        else textCells.set(row, [at]);
      }
      // A column number (1, (1), 甲 …) is never a label: its row stays unaccounted for (a 栏次 row).
      if (number) continue;
      const previous = chain[chain.length - 1];
      // The same label typed again in the row below (a header drawn without merges) is one label.
      if (previous && previous.text === text && !merge) {
        previous.cells.push(at);
        continue;
      }
      chain.push({ text, cells: [at], left: merge ? merge.left : c, right: merge ? merge.right : c });
    }
    const leaf = chain[chain.length - 1];
    // No label, or only a label merged across from the left: its first column holds it.
    if (leaf && leaf.left === c) chains.push({ col: c, chain });
  }
  if (chains.length === 0) return { columns: [], textCells };
  const first = chains[0]!.col;
  const lastCol = chains[chains.length - 1]!.col;
  const columns: HeaderColumn[] = [];
  for (const { col, chain } of chains) {
    const leafAt = chain.length - 1;
    const leaf = chain[leafAt]!;
    const title = chain.map((e) => e.left <= first && e.right >= lastCol && e.left !== e.right);
    if (title[leafAt]) continue;
    // groupAbove[k]: the cells of the group labels (merged across, not a title) above entry k.
    const groupAbove: string[][] = [];
    let group: string[] = [];
    for (let k = 0; k <= leafAt; k++) {
      groupAbove.push(group);
      const e = chain[k]!;
      if (e.left !== e.right && !title[k]) group = [...group, ...e.cells];
    }
    // Best first: the lowest label (with the group labels merged above it); the labels joined from
    // lower to higher (2022年 + 计划投资, 总投资 + （万元）); a one-column label alone (a data row below).
    const candidates: LabelCandidate[] = [{ text: leaf.text, cells: [...groupAbove[leafAt]!, ...leaf.cells] }];
    let joinedText = leaf.text;
    let joinedCells = leaf.cells;
    for (let k = leafAt - 1; k >= 0; k--) {
      const e = chain[k]!;
      if (!title[k]) {
        joinedText = e.text + joinedText;
        joinedCells = [...e.cells, ...joinedCells];
      }
      candidates.push({ text: joinedText, cells: [...groupAbove[k]!, ...joinedCells] });
    }
    for (let k = leafAt - 1; k >= 0; k--) {
      const entry = chain[k]!;
      if (entry.left === entry.right) candidates.push({ text: entry.text, cells: [...groupAbove[k]!, ...entry.cells] });
    }
    columns.push({ col, label: chain.filter((_, k) => !title[k]).map((e) => e.text).join('/'), candidates });
  }
  return { columns, textCells };
}

/** The longest text compared with the labels (group labels and a label joined stay well under it). */
const MAX_LABEL_LENGTH = 40;

interface Matched extends MatchedColumn {
  /** The label cells the match stands for. */
  cells: string[];
}

/**
 * The field each kind's schema gives a text (in KIND_ORDER), by the text: the same labels come back
 * in every file of an inbox. Bounded: cleared when full.
 */
const fieldsMemo = new Map<string, (FieldId | null)[]>();
const FIELDS_MEMO_SIZE = 20_000;

function fieldsOf(text: string): (FieldId | null)[] {
  let found = fieldsMemo.get(text);
  if (found === undefined) {
    found = KIND_ORDER.map((each) => matchField(text, each));
    if (fieldsMemo.size >= FIELDS_MEMO_SIZE) fieldsMemo.clear();
    fieldsMemo.set(text, found);
  }
  return found;
}

/**
 * Each column matched for every kind at once (in KIND_ORDER): for each kind, the column's first
 * candidate that names one of the kind's fields, else no field.
 */
function matchColumns(columns: HeaderColumn[]): Matched[][] {
  const byKind: Matched[][] = KIND_ORDER.map(() => []);
  for (const column of columns) {
    const none: Matched = { col: column.col, label: column.label, field: null, cells: [] };
    const found: Matched[] = KIND_ORDER.map(() => none);
    let open = KIND_ORDER.length;
    for (const candidate of column.candidates) {
      // Labels are short; a long text (a project's name and overview joined) is never one.
      if (candidate.text.length > MAX_LABEL_LENGTH) continue;
      const fields = fieldsOf(candidate.text);
      for (let k = 0; k < fields.length; k++) {
        const field = fields[k];
        if (field && found[k] === none) {
          found[k] = { col: column.col, label: column.label, field, cells: candidate.cells };
          open--;
        }
      }
      if (open === 0) break;
    }
    for (let k = 0; k < byKind.length; k++) byKind[k]!.push(found[k]!);
  }
  return byKind;
}

/** Rows with two or more numbers in them are data (or 栏次) rows: no header block goes over them. */
function hasNumbers(sheet: SheetModel, row: number): boolean {
  let numbers = 0;
  const cells = sheet.rows[row];
  if (!cells) return false;
  const width = Math.min(cells.length, HEADER_SCAN_COLS);
  for (let c = 0; c < width; c++) {
    const type = cells[c]?.value.type;
    if ((type === 'number' || type === 'date') && ++numbers >= 2) return true;
  }
  return false;
}

/**
 * A row whose first text is a category's label or number not merged across (（一） | 续建项目,
 * 一、产业项目): the first data row, never a header row (a group label such as 一、基本情况 over
 * several columns is merged across them).
 */
function startsCategory(sheet: SheetModel, row: number, merges: MergeIndex): boolean {
  const width = rowWidth(sheet, row, HEADER_SCAN_COLS);
  for (let c = 0; c < width; c++) {
    const text = textAt(sheet, row, c);
    if (text === '') continue;
    const merge = merges.at(row, c);
    return isCategoryLabel(text) && !(merge && merge.right > merge.left);
  }
  return false;
}

/**
 * A block of rows is a header when its first row gives some matched column a label, and in every
 * row that holds text at least as many of its texts are labels of matched columns (or group labels
 * over them) as are not: else it is a header plus a title, a data row or a 栏次 row (a data row may
 * happen to hold a text such as 标题, but not mostly labels).
 */
function usesEveryRow(top: number, columns: Matched[], textCells: Map<number, string[]>): boolean {
  const used = new Set<string>();
  for (const column of columns) if (column.field) for (const cell of column.cells) used.add(cell);
  for (const [row, cells] of textCells) {
    const accounted = cells.filter((cell) => used.has(cell)).length;
    if (accounted === 0 || accounted < cells.length - accounted) return false;
  }
  return textCells.has(top);
}

/** Whether the matched fields look like this kind's table, not a stranger's sheet. */
export function isAcceptable(kind: KindId, fields: Set<FieldId>): boolean {
  if (fields.size < 3) return false;
  const key = kind === 'monthly' ? fields.has('title') || fields.has('column') : fields.has('name');
  if (!key) return false;
  const required = KINDS[kind].fields.filter((f) => f.required);
  const found = required.filter((f) => fields.has(f.id)).length;
  return found * 2 >= required.length;
}

/** The kind named by a title, sheet name or file name, if any. */
export function kindHint(text: string): KindId | null {
  const s = text.replace(/\s+/g, '');
  if (s.includes('进度滞后') || s.includes('滞后')) return 'lagging';
  if (s.includes('白名单')) return 'whitelist';
  if (s.includes('月报') || s.includes('素材')) return 'monthly';
  if (/省(级)?(分管)?领导/.test(s) || s.includes('附件3')) return 'provincial';
  if (/市(级)?(分管)?领导/.test(s) || s.includes('附件4')) return 'municipal';
  return null;
}

interface Ranked extends HeaderMatch {
  extras: number;
  hinted: boolean;
  /** Rows of the block that hold label text of their own (a unit row （万元） counts; a blank row does not). */
  written: number;
}

/**
 * The best header in the HEADER_SCAN_ROWS rows from `fromRow` (0 for the sheet's first table, the
 * row after a table for the next one), or null when no rows look like a district table's header.
 * `hintFor(row)` gives the kind named by the title above the row, the sheet name or the file name;
 * it only breaks ties. Among equal matches the earliest block wins (group labels above belong to
 * the header), then the one with more rows of its own labels (a （万元） unit row under the labels
 * belongs to it), then the shallowest (its merged labels then carry it down; a blank row under a
 * header is not part of it).
 */
export function findHeader(sheet: SheetModel, hintFor: (row: number) => KindId | null, fromRow = 0): HeaderMatch | null {
  const scanEnd = Math.min(fromRow + HEADER_SCAN_ROWS, sheet.rows.length);
  if (scanEnd <= fromRow) return null;
  const merges = new MergeIndex(sheet.merges, { top: fromRow, bottom: scanEnd + MAX_HEADER_ROWS * 2, left: 0, right: HEADER_SCAN_COLS - 1 });
  const cells = new HeaderCells(sheet, merges);
  let best: Ranked | null = null;

  const better = (a: Ranked, b: Ranked | null): boolean => {
    if (!b) return true;
    if (a.score !== b.score) return a.score > b.score;
    if (a.rows[0] !== b.rows[0]) return a.rows[0]! < b.rows[0]!;
    if (a.written !== b.written) return a.written > b.written;
    if (a.rows.length !== b.rows.length) return a.rows.length < b.rows.length;
    if (a.extras !== b.extras) return a.extras < b.extras;
    if (a.hinted !== b.hinted) return a.hinted;
    return KIND_ORDER.indexOf(a.kind) < KIND_ORDER.indexOf(b.kind);
  };

  for (let r = fromRow; r < scanEnd; r++) {
    let hint: KindId | null | undefined;
    for (let depth = 1; depth <= MAX_HEADER_ROWS && r + depth <= sheet.rows.length; depth++) {
      if (depth > 1 && (hasNumbers(sheet, r + depth - 1) || startsCategory(sheet, r + depth - 1, merges))) break;
      const { columns, textCells } = blockColumns(sheet, r, depth, cells);
      if (columns.length < 3) continue;
      const byKind = matchColumns(columns);
      for (const [k, kind] of KIND_ORDER.entries()) {
        const matched = byKind[k]!;
        if (!usesEveryRow(r, matched, textCells)) continue;
        const result: MatchedColumn[] = matched.map(({ col, label, field }) => ({ col, label, field }));
        const fields = new Set(result.flatMap((c) => (c.field ? [c.field] : [])));
        if (!isAcceptable(kind, fields)) continue;
        if (hint === undefined) hint = hintFor(r);
        const candidate: Ranked = {
          kind,
          rows: Array.from({ length: depth }, (_, i) => r + i),
          columns: result,
          score: fields.size,
          extras: result.filter((c) => !c.field).length,
          hinted: hint === kind,
          written: textCells.size,
        };
        if (better(candidate, best)) best = candidate;
      }
    }
  }
  if (!best) return null;
  const rows = [...best.rows];
  while (rows.length < MAX_HEADER_ROWS * 2 && continuesBelow(sheet, merges, rows, best.columns)) rows.push(rows[rows.length - 1]! + 1);
  return { kind: best.kind, rows, columns: best.columns, score: best.score };
}

/**
 * The row under a header block still belongs to it when labels of the block are merged down over it
 * and it holds nothing else in the header's columns (the third row of 投资情况 over 总投资 …, each
 * merged down two rows): else it would read as the blank row that ends the table.
 */
function continuesBelow(sheet: SheetModel, merges: MergeIndex, rows: number[], columns: MatchedColumn[]): boolean {
  const top = rows[0]!;
  const next = rows[rows.length - 1]! + 1;
  let mergedDown = 0;
  for (const { col } of columns) {
    const merge = merges.at(next, col);
    if (merge && merge.top >= top && merge.top < next) mergedDown++;
    else if (textAt(sheet, next, col) !== '') return false;
  }
  return mergedDown > 0;
}
