/**
 * A workbook built from what xmb's reader read (src/reader/model.ts), for an annotated copy that
 * cannot be the district's own file re-saved (annotate.ts): every sheet by its name (hidden ones
 * stay hidden), every value with its type — text as text (never a formula), numbers with their
 * number format, dates as dates (shown yyyy-mm-dd, with the time when there is one), TRUE/FALSE,
 * error values — and the merged ranges. Column widths are the original's where exceljs could read
 * them, else fitted to the text. Formulas become their saved results; fonts, colours, borders,
 * hyperlinks, data validation and pictures are not carried over.
 *
 * exceljs is passed in (callers import it lazily).
 */
import type { Workbook, Worksheet } from 'exceljs';
import type { ExcelJS } from './exceljs-module.js';
import type { SheetModel, WorkbookModel } from '../reader/model.js';
import { textUnits, wrappedLines } from './official-sheet.js';

/** Column widths (Excel character units) by sheet name; undefined entries are fitted. */
export type SheetWidths = Map<string, (number | undefined)[]>;

const FONT = { name: '宋体', size: 11 };
const BORDER = { style: 'thin' as const, color: { argb: 'FFBFBFBF' } };
const MIN_WIDTH = 6;
/** Text wider than this wraps (the row grows) rather than widening the column. */
const MAX_TEXT_WIDTH = 30;
const MAX_WIDTH = 60;

/** The widths exceljs read from a loaded workbook, by sheet name. */
export function widthsOf(workbook: Workbook): SheetWidths {
  const widths: SheetWidths = new Map();
  for (const sheet of workbook.worksheets) {
    const list: (number | undefined)[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) list.push(sheet.getColumn(c).width);
    widths.set(sheet.name, list);
  }
  return widths;
}

/** About how wide a number shows in its format: digits, thousands separators, decimals and the format's quoted text (“万元”). */
function numberUnits(n: number, format: string | undefined): number {
  if (!format) return textUnits(String(n));
  const digits = String(Math.trunc(Math.abs(n))).length + (n < 0 ? 1 : 0);
  const commas = format.includes(',') ? Math.floor((digits - 1) / 3) : 0;
  const decimals = /\.(0+)/.exec(format)?.[1]?.length ?? 0;
  const literal = [...format.matchAll(/"([^"]*)"/g)].reduce((sum, m) => sum + textUnits(m[1]!), 0);
  return digits + commas + (decimals ? decimals + 1 : 0) + (format.includes('%') ? 1 : 0) + literal;
}

/** A width that shows the column's values (text up to MAX_TEXT_WIDTH, then it wraps); cells merged across columns do not count. */
function fittedWidth(sheet: SheetModel, col: number, merged: Set<string>): number {
  let units = 0;
  sheet.rows.forEach((row, r) => {
    const cell = row?.[col];
    if (!cell || merged.has(`${r},${col}`)) return;
    const v = cell.value;
    if (v.type === 'string') for (const line of v.text.split(/\r?\n/)) units = Math.max(units, Math.min(MAX_TEXT_WIDTH, textUnits(line)));
    else if (v.type === 'number') units = Math.max(units, numberUnits(v.number, v.format));
    else if (v.type === 'date') units = Math.max(units, v.iso.includes('T') ? 19 : 10);
    else if (v.type === 'error' || v.type === 'boolean') units = Math.max(units, 7);
  });
  return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, Math.ceil(units + 2)));
}

function writeSheet(target: Worksheet, sheet: SheetModel, widths: (number | undefined)[] | undefined): void {
  // Cells a merge spreads over more than one column do not set their column's width.
  const spread = new Set<string>();
  for (const m of sheet.merges) if (m.right > m.left) for (let r = m.top; r <= m.bottom; r++) for (let c = m.left; c <= m.right; c++) spread.add(`${r},${c}`);
  const columns = Math.max(0, ...sheet.rows.map((row) => row?.length ?? 0), ...sheet.merges.map((m) => m.right + 1));
  for (let c = 0; c < columns; c++) target.getColumn(c + 1).width = widths?.[c] ?? fittedWidth(sheet, c, spread);

  sheet.rows.forEach((row, r) => {
    row?.forEach((cell, c) => {
      if (!cell || cell.value.type === 'empty') return;
      const x = target.getCell(r + 1, c + 1);
      const v = cell.value;
      switch (v.type) {
        case 'string':
          x.value = v.text;
          break;
        case 'number':
          x.value = v.number;
          if (v.format) x.numFmt = v.format;
          break;
        case 'date':
          // The serial in the workbook's own date system (set below), shown as a date.
          x.value = v.serial;
          x.numFmt = v.iso.includes('T') ? 'yyyy-mm-dd hh:mm:ss' : 'yyyy-mm-dd';
          break;
        case 'boolean':
          x.value = v.value;
          break;
        case 'error':
          x.value = { error: v.error } as typeof x.value;
          break;
      }
      x.font = FONT;
      x.alignment = { vertical: 'middle', wrapText: v.type === 'string' };
      x.border = { top: BORDER, left: BORDER, bottom: BORDER, right: BORDER };
    });
  });
  // Rows as tall as their wrapped text (LibreOffice does not grow rows written without a height).
  sheet.rows.forEach((row, r) => {
    let lines = 1;
    row?.forEach((cell, c) => {
      if (cell?.value.type === 'string' && !spread.has(`${r},${c}`)) lines = Math.max(lines, wrappedLines(cell.value.text, target.getColumn(c + 1).width ?? 10));
    });
    if (lines > 1) target.getRow(r + 1).height = Math.min(409, lines * 14.5);
  });
  for (const m of sheet.merges) {
    try {
      target.mergeCells(m.top + 1, m.left + 1, m.bottom + 1, m.right + 1);
    } catch {
      // An overlapping merge exceljs refuses: the comparison after writing reports it.
    }
  }
  target.pageSetup = { ...target.pageSetup, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
}

/**
 * The workbook of `model` (see the module note). `widths` gives original column widths where they
 * are known. The caller sets the document properties.
 */
export function rebuildWorkbook(excel: ExcelJS, model: WorkbookModel, widths?: SheetWidths): Workbook {
  const workbook = new excel.Workbook();
  if (model.date1904) (workbook.properties as { date1904?: boolean }).date1904 = true;
  for (const sheet of model.sheets) {
    const target = workbook.addWorksheet(sheet.name, { state: sheet.hidden ? 'hidden' : 'visible' });
    writeSheet(target, sheet, widths?.get(sheet.name));
  }
  return workbook;
}
