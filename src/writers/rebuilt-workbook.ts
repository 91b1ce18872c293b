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
import type ExcelJSNamespace from 'exceljs';
import type { Workbook, Worksheet } from 'exceljs';
import type { SheetModel, WorkbookModel } from '../reader/model.js';
import { textUnits } from './official-sheet.js';

type ExcelJS = typeof ExcelJSNamespace;

/** Column widths (Excel character units) by sheet name; undefined entries are fitted. */
export type SheetWidths = Map<string, (number | undefined)[]>;

const FONT = { name: '宋体', size: 11 };
const MIN_WIDTH = 6;
const MAX_WIDTH = 50;

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

/** A width that shows the column's longest line (merged cells spread over several columns are not counted). */
function fittedWidth(sheet: SheetModel, col: number, merged: Set<string>): number {
  let units = 0;
  sheet.rows.forEach((row, r) => {
    const cell = row?.[col];
    if (!cell || merged.has(`${r},${col}`)) return;
    const v = cell.value;
    const text = v.type === 'string' ? v.text : v.type === 'number' ? String(v.number) : v.type === 'date' ? v.iso : v.type === 'error' ? v.error : '';
    for (const line of text.split(/\r?\n/)) units = Math.max(units, textUnits(line));
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
    });
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
