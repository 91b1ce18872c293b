/**
 * What sits around the header: the title row, “填表日期：…” and “报送单位：…”. The value may be in
 * the same cell after the colon, or in the next non-empty cell to the right.
 */
import type { SheetModel } from '../reader/model.js';
import { cellRef } from '../reader/model.js';
import { parseDate, parseDateText, type DateOptions } from '../values/dates.js';
import { displayIso, formatNumber } from '../values/text.js';
import type { FillDate } from './model.js';
import { cellAt, rowWidth, textAt } from './sheet.js';

const SCAN_COLS = 60;

/** 统计日期/统计时间 is deliberately not here: it says “data as of”, not when the form was filled. */
export const FILL_DATE_LABEL = /(?:填表|填报|报送)(?:日期|时间)\s*[:：]?/;
export const UNIT_LABEL = /(?:报送|填报)单位\s*[:：]?/;
/** Where a value written after a label ends: the next label in the same cell. */
const NEXT_LABEL = /(?:报送单位|填报单位|填表日期|填报日期|报送日期|填表人|审核人|联系电话|制表人|联系人|(?:金额)?单位\s*[:：])/;
/** A label cell, not a value. */
const ANY_LABEL = new RegExp(`^\\s*(?:${NEXT_LABEL.source}|[^\\s:：]{1,6}[:：])`);

function afterLabel(text: string, label: RegExp): string | null {
  const match = label.exec(text);
  if (!match) return null;
  const rest = text.slice(match.index + match[0].length);
  const end = NEXT_LABEL.exec(rest);
  return (end ? rest.slice(0, end.index) : rest).trim();
}

/** “    年  月  日” as printed on a blank template: nothing written. */
function isBlankDateForm(text: string): boolean {
  return /^[\s年月日_\-—./]*$/.test(text);
}

/** The next non-empty cell to the right of (row, col), unless it is another label. */
function nextValueCell(sheet: SheetModel, row: number, col: number): number | null {
  const width = rowWidth(sheet, row, SCAN_COLS);
  for (let c = col + 1; c < width; c++) {
    const text = textAt(sheet, row, c);
    if (text === '') continue;
    return ANY_LABEL.test(text) ? null : c;
  }
  return null;
}

export interface Preamble {
  title: string | null;
  fillDate: FillDate | null;
  reportingUnit: string | null;
}

/**
 * The formula of a cell saved without a result that src/table/formulas.ts could not compute (TODAY,
 * NOW, TEXT …), else null. Its date is the day the file is opened, not the day it was filled, so it
 * is never made up here.
 */
function unknownFormula(sheet: SheetModel, row: number, col: number): string | null {
  const cell = cellAt(sheet, row, col) as (ReturnType<typeof cellAt> & { resolution?: string }) | undefined;
  return cell?.formula && cell.resolution === 'unknown' ? (cell.formulaText ?? '') : null;
}

function readFillDate(sheet: SheetModel, row: number, col: number, text: string, options: DateOptions): FillDate {
  // ="填表日期："&TEXT(TODAY(),"yyyy年m月d日") saved without a result: the label and the date are one formula.
  const own = unknownFormula(sheet, row, col);
  if (own !== null) return { ref: cellRef(row, col), display: '', iso: null, formula: own };
  const rest = afterLabel(text, FILL_DATE_LABEL) ?? '';
  if (rest !== '' && !isBlankDateForm(rest)) {
    return { ref: cellRef(row, col), display: rest, iso: parseDateText(rest) };
  }
  const next = nextValueCell(sheet, row, col);
  if (next !== null) {
    const formula = unknownFormula(sheet, row, next);
    if (formula !== null) return { ref: cellRef(row, next), display: '', iso: null, formula };
    const value = cellAt(sheet, row, next)!.value;
    const display =
      value.type === 'date' ? displayIso(value.iso) : value.type === 'number' ? formatNumber(value.number) : textAt(sheet, row, next);
    if (!isBlankDateForm(display)) return { ref: cellRef(row, next), display, iso: parseDate(value, options) };
  }
  return { ref: cellRef(row, col), display: '', iso: null };
}

function readUnit(sheet: SheetModel, row: number, col: number, text: string): string | null {
  const rest = afterLabel(text, UNIT_LABEL) ?? '';
  if (rest !== '') return rest;
  const next = nextValueCell(sheet, row, col);
  return next === null ? null : textAt(sheet, row, next);
}

function isTitleCandidate(text: string): boolean {
  if (FILL_DATE_LABEL.test(text) || UNIT_LABEL.test(text)) return false;
  if (/^附件\s*\d*$/.test(text.replace(/\s+/g, ''))) return false;
  if (/^(金额)?单位\s*[:：]/.test(text)) return false;
  return true;
}

/**
 * Reads the rows from `fromRow` up to the header (and, for 填表日期 and 报送单位 not found there,
 * the rows `extraRows` — the header rows themselves and the footer below the table).
 */
export function readPreamble(sheet: SheetModel, aboveRows: number, extraRows: number[], options: DateOptions, fromRow = 0): Preamble {
  let title: string | null = null;
  let fillDate: FillDate | null = null;
  let reportingUnit: string | null = null;
  const visit = (row: number, allowTitle: boolean) => {
    const width = rowWidth(sheet, row, SCAN_COLS);
    for (let c = 0; c < width; c++) {
      const text = textAt(sheet, row, c);
      if (text === '') continue;
      if (fillDate === null && FILL_DATE_LABEL.test(text)) fillDate = readFillDate(sheet, row, c, text, options);
      if (reportingUnit === null && UNIT_LABEL.test(text)) reportingUnit = readUnit(sheet, row, c, text);
      if (allowTitle && title === null && isTitleCandidate(text)) {
        // “附件2：进度滞后的…统计表” → the title without the annex mark.
        title = text.replace(/\s*\n\s*/g, '').replace(/^附件\s*\d+\s*[:：]?\s*/, '') || null;
      }
    }
  };
  for (let r = fromRow; r < aboveRows; r++) visit(r, true);
  for (const r of extraRows) if (fillDate === null || reportingUnit === null) visit(r, false);
  return { title, fillDate, reportingUnit };
}
