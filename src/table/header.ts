/**
 * Finding the header: in the first rows of a sheet, the row (or pair of rows) whose labels match
 * the most fields of some kind. A two-row header — a group label such as 投资情况（万元） merged
 * over 总投资 / 年度计划投资 / 截至完成投资, the other labels merged down over both rows — is read
 * as one.
 */
import type { SheetModel } from '../reader/model.js';
import { KINDS, KIND_ORDER, type FieldId, type KindId } from '../schema/kinds.js';
import { matchField } from '../values/labels.js';
import { FILL_DATE_LABEL, UNIT_LABEL } from './preamble.js';
import { MergeIndex, rowWidth, textAt } from './sheet.js';

/** How many rows from the top are searched for a header. */
export const HEADER_SCAN_ROWS = 30;
/** How many columns are searched (district tables have about a dozen). */
export const HEADER_SCAN_COLS = 100;

export interface HeaderColumn {
  col: number;
  /** The label as the file writes it; a group label and its sub-label joined with “/”. */
  label: string;
  /** Texts to match, best first (sub-label, group + sub-label, group label). */
  candidates: LabelCandidate[];
}

export interface LabelCandidate {
  text: string;
  /** Which header rows the text comes from (a two-row header must use both). */
  fromTop: boolean;
  fromSub: boolean;
}

const one = (text: string): LabelCandidate => ({ text, fromTop: true, fromSub: false });

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

function singleRowColumns(sheet: SheetModel, row: number): HeaderColumn[] {
  const out: HeaderColumn[] = [];
  const width = rowWidth(sheet, row, HEADER_SCAN_COLS);
  for (let c = 0; c < width; c++) {
    const text = textAt(sheet, row, c);
    if (text !== '' && !isNoteLabel(text)) out.push({ col: c, label: text, candidates: [one(text)] });
  }
  return out;
}

function twoRowColumns(sheet: SheetModel, row: number, merges: MergeIndex): HeaderColumn[] {
  const out: HeaderColumn[] = [];
  const width = Math.max(rowWidth(sheet, row, HEADER_SCAN_COLS), rowWidth(sheet, row + 1, HEADER_SCAN_COLS));
  for (let c = 0; c < width; c++) {
    const topMerge = merges.at(row, c);
    const topIsContinuation = topMerge !== undefined && topMerge.left !== c;
    const top = topMerge ? textAt(sheet, topMerge.top, topMerge.left) : textAt(sheet, row, c);
    const subMerge = merges.at(row + 1, c);
    let sub = '';
    if (subMerge && subMerge.top <= row) sub = ''; // merged down from the top row: one label over both rows
    else if (subMerge && subMerge.left !== c) continue; // a sub-label merged across: its first column holds it
    else sub = textAt(sheet, row + 1, c);
    if (sub !== '') {
      if (isNoteLabel(sub)) continue;
      const groupSpansOne = !topMerge || topMerge.left === topMerge.right;
      const subOnly: LabelCandidate = { text: sub, fromTop: false, fromSub: true };
      const candidates =
        top === '' ? [subOnly] : [subOnly, { text: top + sub, fromTop: true, fromSub: true }, ...(groupSpansOne ? [one(top)] : [])];
      out.push({ col: c, label: top === '' ? sub : `${top}/${sub}`, candidates });
    } else if (top !== '' && !topIsContinuation && !isNoteLabel(top)) {
      out.push({ col: c, label: top, candidates: [one(top)] });
    }
  }
  return out;
}

interface Matched extends MatchedColumn {
  /** The label that matched came from the top row / the second row. */
  fromTop: boolean;
  fromSub: boolean;
}

function matchColumns(columns: HeaderColumn[], kind: KindId, memo: Map<string, FieldId | null>): Matched[] {
  return columns.map((column) => {
    for (const candidate of column.candidates) {
      const key = `${kind}\u0000${candidate.text}`;
      let found = memo.get(key);
      if (found === undefined) {
        found = matchField(candidate.text, kind);
        memo.set(key, found);
      }
      if (found) return { col: column.col, label: column.label, field: found, fromTop: candidate.fromTop, fromSub: candidate.fromSub };
    }
    return { col: column.col, label: column.label, field: null, fromTop: false, fromSub: false };
  });
}

/** A two-row header must owe matched labels to each row (else it is one row plus a note or a data row). */
function usesBothRows(columns: Matched[]): boolean {
  return columns.some((c) => c.field && c.fromTop && !c.fromSub) && columns.some((c) => c.field && c.fromSub);
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
}

/**
 * The best header in the HEADER_SCAN_ROWS rows from `fromRow` (0 for the sheet's first table, the
 * row after a table for the next one), or null when no rows look like a district table's header.
 * `hintFor(row)` gives the kind named by the title above the row, the sheet name or the file name;
 * it only breaks ties.
 */
export function findHeader(sheet: SheetModel, hintFor: (row: number) => KindId | null, fromRow = 0): HeaderMatch | null {
  const scanEnd = Math.min(fromRow + HEADER_SCAN_ROWS, sheet.rows.length);
  if (scanEnd <= fromRow) return null;
  const merges = new MergeIndex(sheet.merges, { top: fromRow, bottom: scanEnd, left: 0, right: HEADER_SCAN_COLS - 1 });
  const memo = new Map<string, FieldId | null>();
  let best: Ranked | null = null;

  const better = (a: Ranked, b: Ranked | null): boolean => {
    if (!b) return true;
    if (a.score !== b.score) return a.score > b.score;
    if (a.rows.length !== b.rows.length) return a.rows.length < b.rows.length;
    if (a.rows[0] !== b.rows[0]) return a.rows[0]! < b.rows[0]!;
    if (a.extras !== b.extras) return a.extras < b.extras;
    if (a.hinted !== b.hinted) return a.hinted;
    return KIND_ORDER.indexOf(a.kind) < KIND_ORDER.indexOf(b.kind);
  };

  for (let r = fromRow; r < scanEnd; r++) {
    const layouts: { rows: number[]; columns: HeaderColumn[] }[] = [{ rows: [r], columns: singleRowColumns(sheet, r) }];
    if (r + 1 < sheet.rows.length) layouts.push({ rows: [r, r + 1], columns: twoRowColumns(sheet, r, merges) });
    let hint: KindId | null | undefined;
    for (const layout of layouts) {
      if (layout.columns.length < 3) continue;
      for (const kind of KIND_ORDER) {
        const matched = matchColumns(layout.columns, kind, memo);
        if (layout.rows.length === 2 && !usesBothRows(matched)) continue;
        const columns: MatchedColumn[] = matched.map(({ col, label, field }) => ({ col, label, field }));
        const fields = new Set(columns.flatMap((c) => (c.field ? [c.field] : [])));
        if (!isAcceptable(kind, fields)) continue;
        if (hint === undefined) hint = hintFor(r);
        const candidate: Ranked = {
          kind,
          rows: layout.rows,
          columns,
          score: fields.size,
          extras: columns.filter((c) => !c.field).length,
          hinted: hint === kind,
        };
        if (better(candidate, best)) best = candidate;
      }
    }
  }
  if (!best) return null;
  const rows = best.rows.length === 1 && continuesBelow(sheet, merges, best.rows[0]!, best.columns) ? [best.rows[0]!, best.rows[0]! + 1] : best.rows;
  return { kind: best.kind, rows, columns: best.columns, score: best.score };
}

/**
 * A one-row header whose labels are merged down over the next row too (a tall header with no group
 * label above any column): that row belongs to the header, not to the data — else it would read
 * as the blank row that ends the table.
 */
function continuesBelow(sheet: SheetModel, merges: MergeIndex, row: number, columns: MatchedColumn[]): boolean {
  let mergedDown = 0;
  for (const { col } of columns) {
    const merge = merges.at(row + 1, col);
    if (merge && merge.top <= row && merge.bottom === row + 1) mergedDown++;
    else if (textAt(sheet, row + 1, col) !== '') return false;
  }
  return mergedDown > 0;
}
