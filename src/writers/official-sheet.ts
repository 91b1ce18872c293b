/**
 * The official table layout on an exceljs Worksheet: what every workbook xmb hands to a clerk or a
 * leader looks like (the blank templates of `xmb template`, the weekly merged workbooks of
 * `xmb merge --week`). One layout, so that a template and the merged table it ends up in look alike.
 *
 *   row 1  title, merged across the table, 方正小标宋简体 20 pt bold, centred
 *   row 2  “填表日期：…” on the left half, “报送单位：…” on the right half (right-aligned)
 *   row 3  header: 黑体 11 pt bold, light grey fill, wrapped, centred, thin borders
 *   row 4… data rows (writeDataRow), then an optional 合计 row (writeTotalRow)
 *
 * Print setup: A3 or A4 landscape, fit to one page wide (any number of pages high), centred
 * horizontally, margins about 1.5 cm, the header row repeated on every printed page, footer
 * “第 &P 页，共 &N 页”. The header is frozen on screen.
 *
 * Amounts are 万元 and printed with the format `#,##0.00_ ` (12,000.00 and a space's padding): it renders the same in
 * Excel, WPS and LibreOffice, never leaves a dangling decimal point (as `#,##0.##` does for whole
 * numbers) and keeps the column aligned on the decimal point.
 *
 * Text values are always stored as strings: a value beginning with = + - @ stays text, never a
 * formula (exceljs only writes a formula for a `{ formula }` object, which this module never makes).
 *
 * This module only shapes a sheet; it does not load exceljs itself (callers import it lazily) and
 * holds no state.
 */
import type { Borders, Cell, Fill, Font, PaperSize, Row, Worksheet } from 'exceljs';
import { KINDS, type FieldType, type KindId } from '../schema/kinds.js';
import { columnName } from '../reader/model.js';

/** One column of the official table. */
export interface OfficialColumn {
  /** The header label as printed (line breaks allowed). */
  label: string;
  /** Column width in Excel character units. */
  width: number;
  /** How cells of the column are formatted: amounts get the number format and right alignment. */
  type: FieldType;
  /** Font size of the column's body cells in points (default 11), e.g. a smaller one for file names. */
  fontSize?: number;
}

export interface OfficialSheetOptions {
  /** The kind of table; its fields give the default columns and paper. */
  kind: KindId;
  /** The configured year (kept for callers that build the title from it; not printed by itself). */
  year: number;
  /** The title, already with the year filled in (see kindTitle in schema/kinds.ts). */
  title: string;
  /** The whole text of the date cell, e.g. “填表日期：” or “填表日期：2022年3月4日”. */
  fillDateText: string;
  /** The whole text of the reporting unit cell, e.g. “报送单位：第三组（高新区）”; omitted when absent. */
  reportingUnitText?: string;
  /** The columns; defaults to the kind's fields (labels, widths, types from KINDS). */
  columns?: OfficialColumn[];
  /** Paper; defaults to the kind's paper. Always landscape. */
  paper?: 'A3' | 'A4';
  /**
   * How text measures (row heights): CALIBRI_METRICS (default) for exceljs's base font; a workbook
   * saved with another base font (saveWorkbook's baseFont) passes its metrics, e.g. SONG_METRICS.
   */
  metrics?: TextMetrics;
}

/** Where things are on a sheet laid out by layoutOfficialSheet (1-based rows and columns). */
export interface OfficialLayout {
  titleRow: number;
  /** The row of 填表日期 / 报送单位. */
  infoRow: number;
  headerRow: number;
  /** The first data row (headerRow + 1). */
  firstDataRow: number;
  /** The columns as laid out, in order; column i (0-based) is sheet column i + 1. */
  columns: OfficialColumn[];
  /** The A1 column letters of each column, in order. */
  letters: string[];
  /** How text measures on this sheet (for row heights). */
  metrics: TextMetrics;
}

/** A data cell's value: text (always written as text), a number, a date, or nothing. */
export type OfficialValue = string | number | Date | null | undefined;

export const FONT_TITLE = '方正小标宋简体';
export const FONT_HEADER = '黑体';
export const FONT_BODY = '宋体';
/** GB2312 charset, so that Excel and WPS pick a Chinese face when the named font is missing. */
const GB2312 = 134;

/** Amounts in 万元: thousands separator, two decimals, a space's padding on the right (`_ `). */
export const AMOUNT_FORMAT = '#,##0.00_ ';
/** Dates in data cells (e.g. the 日期 of the monthly material). */
export const DATE_FORMAT = 'yyyy"年"m"月"d"日"';

export const HEADER_FILL_ARGB = 'FFE7E6E6';
const BORDER_ARGB = 'FF000000';

/** Paper sizes as Excel numbers them. */
const PAPER_SIZE = { A3: 8, A4: 9 } as const;

/** Margins in inches: 1.5 cm at the sides and top, room for the page footer at the bottom. */
export const MARGINS = { left: 0.59, right: 0.59, top: 0.59, bottom: 0.79, header: 0.3, footer: 0.3 };

export const PAGE_FOOTER = '&C第 &P 页，共 &N 页';

const thin = { style: 'thin' as const, color: { argb: BORDER_ARGB } };
export const THIN_BORDERS: Partial<Borders> = { top: thin, left: thin, bottom: thin, right: thin };

export const HEADER_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL_ARGB } };

function font(name: string, size: number, bold = false): Partial<Font> {
  return { name, size, bold, charset: GB2312 };
}

export const TITLE_FONT = font(FONT_TITLE, 20, true);
export const INFO_FONT = font(FONT_BODY, 11);
export const HEADER_FONT = font(FONT_HEADER, 11, true);
export const BODY_FONT = font(FONT_BODY, 11);
export const TOTAL_FONT = font(FONT_HEADER, 11, true);

/** The default columns of a kind: its fields' labels, widths and types, in the template's order. */
export function kindColumns(kind: KindId): OfficialColumn[] {
  return KINDS[kind].fields.map((f) => ({ label: f.label, width: f.width, type: f.type }));
}

/** 1 → "A", 27 → "AA". */
export function columnLetter(index1: number): string {
  return columnName(index1 - 1);
}

/**
 * How text measures in a workbook, for estimating how many lines a wrapped cell takes. Excel,
 * WPS and LibreOffice do not grow a row to fit its text when they open a file (and rows written with
 * content by exceljs are not auto-fitted), so xmb computes every row's height itself.
 *
 * A column width is counted in the maximum digit width of the workbook's base font (the font of
 * the Normal style). Widths of full-width (Chinese) and half-width characters and the line height
 * are per 11 pt of text, and scale with the cell's font size.
 */
export interface TextMetrics {
  /** The base font, written as the Normal style's font (null: exceljs's default, Calibri 11). */
  baseFont: { name: string; size: number; charset: number } | null;
  /** Width of a full-width character (汉字, full-width punctuation) at 11 pt, in column units. */
  wide: number;
  /** Width of a printable ASCII character at 11 pt. */
  narrow: number;
  /** Width of any other character (Latin-1 letters, symbols) at 11 pt. */
  other: number;
  /** Column units lost to the cell's margins, without and with an indent of 1. */
  padding: number;
  indentPadding: number;
  /** Points per line of 11 pt text, and points added to a row for its top and bottom margins. */
  lineHeight: number;
  rowPadding: number;
}

/**
 * exceljs's default base font, Calibri 11: a unit is 7 pixels, a 宋体 11 pt character 15 pixels.
 * Used by the blank templates and the annotated copies (a district's workbook keeps its own base font).
 */
export const CALIBRI_METRICS: TextMetrics = {
  baseFont: null,
  wide: 2.1,
  narrow: 1.05,
  other: 1.6,
  padding: 1.2,
  indentPadding: 1.2,
  lineHeight: 14.5,
  rowPadding: 7,
};

/**
 * 宋体 11 as the base font, as in a Chinese Excel or WPS: a unit is a half-width character of 宋体
 * (8 pixels in Excel on Windows), a Chinese character 15 pixels = 1.875 units. Measured in LibreOffice
 * with the stand-in font of a machine without 宋体 (Noto Serif CJK): 1.85 units a character, a unit
 * or less a digit, about 1 unit for the margins and indent, 15.8 pt a line (Excel's 宋体: 14.25 pt).
 * The figures below lie between the two, rounded towards one more line rather than one fewer. The
 * point of this base font: column widths mean the same in Excel, WPS and LibreOffice, with or without
 * Calibri installed (without it, LibreOffice measures Calibri's stand-in, and every column is a third wider).
 */
export const SONG_METRICS: TextMetrics = {
  baseFont: { name: FONT_BODY, size: 11, charset: 134 },
  wide: 1.875,
  narrow: 1.0,
  other: 1.0,
  padding: 0.5,
  indentPadding: 1.4,
  lineHeight: 15.4,
  rowPadding: 6,
};

/** Column widths written for a table designed in Calibri units (KINDS), in 宋体 units: the same paper width. */
export function songWidth(calibriWidth: number): number {
  return Math.round(calibriWidth * 0.875 * 4) / 4;
}

/** A character that takes a full width: CJK, full-width forms, and the punctuation 宋体 draws full-width (“”—…→). */
function isWide(code: number): boolean {
  return code >= 0x2e80 || (code >= 0x2010 && code <= 0x2bff);
}

function charUnits(code: number, metrics: TextMetrics): number {
  if (isWide(code)) return metrics.wide;
  return code >= 0x20 && code < 0x7f ? metrics.narrow : metrics.other;
}

/** Display width of text at 11 pt, in column units (see TextMetrics). */
export function textUnits(text: string, metrics: TextMetrics = CALIBRI_METRICS): number {
  let units = 0;
  for (const ch of text) units += charUnits(ch.codePointAt(0) ?? 0, metrics);
  return units;
}

/**
 * The pieces a line may break between, as Excel and LibreOffice break them: every full-width
 * character on its own; a run of half-width characters breaks after a space, a hyphen or a slash
 * (so “20220304-0800.xlsx” may break after the hyphen, “lagging” never inside).
 */
function breakPieces(paragraph: string): string[] {
  const pieces: string[] = [];
  let word = '';
  for (const ch of paragraph) {
    if (isWide(ch.codePointAt(0) ?? 0)) {
      if (word) pieces.push(word);
      word = '';
      pieces.push(ch);
      continue;
    }
    word += ch;
    if (ch === ' ' || ch === '-' || ch === '/') {
      pieces.push(word);
      word = '';
    }
  }
  if (word) pieces.push(word);
  return pieces;
}

export interface WrapOptions {
  metrics?: TextMetrics;
  /** Font size in points (default 11). */
  fontSize?: number;
  /** Whether the cell has an indent of 1 (left-aligned body text). */
  indent?: boolean;
}

/**
 * How many lines a text wraps to in a column of `width` units (at least 1): line breaks in the
 * text are kept, and each paragraph is filled greedily with the pieces of breakPieces; a piece
 * longer than a whole line starts a new line and is broken between characters, as both programs do.
 */
export function wrappedLines(text: string, width: number, options: WrapOptions = {}): number {
  const metrics = options.metrics ?? CALIBRI_METRICS;
  const scale = (options.fontSize ?? 11) / 11;
  const usable = Math.max(1, width - (options.indent ? metrics.indentPadding : metrics.padding));
  const units = (piece: string) => textUnits(piece, metrics) * scale;
  let lines = 0;
  for (const paragraph of text.split(/\r?\n/)) {
    let count = 1;
    let used = 0;
    for (const piece of breakPieces(paragraph)) {
      const w = units(piece);
      if (used + w <= usable) {
        used += w;
        continue;
      }
      if (w <= usable) {
        count++;
        used = units(piece.trimStart());
        continue;
      }
      // A piece longer than a line: on a line of its own, broken between characters.
      if (used > 0) count++;
      used = 0;
      for (const ch of piece) {
        const c = units(ch);
        if (used + c > usable && used > 0) {
          count++;
          used = 0;
        }
        used += c;
      }
    }
    lines += count;
  }
  return Math.max(1, lines);
}

/** An amount as AMOUNT_FORMAT shows it: 18449200 → "18,449,200.00 " (the trailing space is the format's `_ `). */
export function formattedAmount(value: number): string {
  const [whole, cents] = Math.abs(value).toFixed(2).split('.');
  return `${value < 0 ? '-' : ''}${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents} `;
}

/**
 * Column widths from content: each column at least as wide as its given width, as the longest line
 * of its header (so that “年度计划投资” never leaves “资” alone on a line) and as its longest value
 * where a value should not wrap — amounts (which Excel would show as ###### if they did not fit),
 * 起止年限 and dates; short centred values (区县, 组别, 落实情况) grow the column up to half again
 * its width, and wrap beyond that. Text columns keep their width and wrap. `rows` are the values
 * as written (a 合计 row's sums included).
 */
export function fitColumnWidths(
  columns: readonly OfficialColumn[],
  rows: readonly (readonly OfficialValue[])[],
  metrics: TextMetrics = CALIBRI_METRICS,
): OfficialColumn[] {
  return columns.map((column, i) => {
    const scale = (column.fontSize ?? 11) / 11;
    // Header labels are bold: allow a little more than their plain width.
    let width = column.width;
    for (const line of column.label.split('\n')) width = Math.max(width, textUnits(line, metrics) * 1.05 + metrics.padding + 0.5);
    const fits = column.type === 'amount' || column.type === 'period' || column.type === 'date';
    const grows = column.type === 'serial' || column.type === 'district' || column.type === 'list';
    if (fits || grows) {
      let longest = 0;
      for (const row of rows) {
        const value = row[i];
        if (value === null || value === undefined || value === '') continue;
        // A date prints in DATE_FORMAT, at most as wide as 2022年12月31日.
        const text = typeof value === 'number' ? (column.type === 'amount' ? formattedAmount(value) : String(value)) : value instanceof Date ? '2022年12月31日' : value;
        for (const line of text.split('\n')) longest = Math.max(longest, textUnits(line, metrics) * scale);
      }
      const need = longest + (column.type === 'amount' ? metrics.padding + 0.5 : metrics.padding + 0.4);
      width = Math.max(width, fits ? need : Math.min(need, column.width * 1.5));
    }
    return { ...column, width: Math.ceil(width * 4) / 4 };
  });
}

/** Points taken by `lines` lines of text at `fontSize` points (see TextMetrics). */
export function linesHeight(lines: number, fontSize = 11, metrics: TextMetrics = CALIBRI_METRICS): number {
  return lines * metrics.lineHeight * (fontSize / 11);
}

/** Row height in points for text `textPoints` tall, with the row's margins, at least `minimum`; rounded to ¼ pt. */
export function rowHeight(textPoints: number, minimum = 20, metrics: TextMetrics = CALIBRI_METRICS): number {
  return Math.max(minimum, Math.round((textPoints + metrics.rowPadding) * 4) / 4);
}

/** Row height in points for `lines` lines of 11 pt text (see TextMetrics), at least `minimum`. */
export function heightForLines(lines: number, minimum = 20, metrics: TextMetrics = CALIBRI_METRICS): number {
  return rowHeight(linesHeight(lines, 11, metrics), minimum, metrics);
}

/**
 * Lays out the official table on an empty sheet: column widths, title, 填表日期 / 报送单位 row,
 * header row, frozen panes and print setup. Returns where the data goes.
 */
/** A header cell of an official table: 黑体 bold on light grey, centred, wrapped, thin borders. */
export function styleHeaderCell(cell: Cell, label: string): void {
  cell.value = label;
  cell.font = HEADER_FONT;
  cell.fill = HEADER_FILL;
  cell.border = THIN_BORDERS;
  cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
}

export function layoutOfficialSheet(sheet: Worksheet, options: OfficialSheetOptions): OfficialLayout {
  const columns = options.columns ?? kindColumns(options.kind);
  if (columns.length === 0) throw new Error('layoutOfficialSheet: no columns');
  const metrics = options.metrics ?? CALIBRI_METRICS;
  const paper = options.paper ?? KINDS[options.kind].paper;
  const n = columns.length;
  const letters = columns.map((_, i) => columnLetter(i + 1));
  const last = letters[n - 1]!;
  const titleRow = 1;
  const infoRow = 2;
  const headerRow = 3;

  // exceljs leaves out a width of exactly 9 (its own default), and the program's default (8.43) then
  // applies: write such a column a hair wider.
  sheet.columns = columns.map((c) => ({ width: c.width === 9 ? 9.01 : c.width }));

  // Row 1: the title, merged across the table.
  sheet.mergeCells(`A${titleRow}:${last}${titleRow}`);
  const title = sheet.getCell(`A${titleRow}`);
  title.value = options.title;
  title.font = TITLE_FONT;
  title.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  sheet.getRow(titleRow).height = 42;

  // Row 2: 填表日期 on the left, 报送单位 on the right. With one column there is room for the date only.
  const split = n >= 2 ? Math.ceil(n / 2) : n;
  if (split > 1) sheet.mergeCells(`A${infoRow}:${letters[split - 1]}${infoRow}`);
  const date = sheet.getCell(`A${infoRow}`);
  date.value = options.fillDateText;
  date.font = INFO_FONT;
  date.alignment = { horizontal: 'left', vertical: 'middle' };
  if (options.reportingUnitText !== undefined && split < n) {
    const from = letters[split]!;
    if (from !== last) sheet.mergeCells(`${from}${infoRow}:${last}${infoRow}`);
    const unit = sheet.getCell(`${from}${infoRow}`);
    unit.value = options.reportingUnitText;
    unit.font = INFO_FONT;
    unit.alignment = { horizontal: 'right', vertical: 'middle' };
  }
  sheet.getRow(infoRow).height = 24;

  // Row 3: the header.
  const header = sheet.getRow(headerRow);
  let headerLines = 1;
  columns.forEach((c, i) => {
    styleHeaderCell(header.getCell(i + 1), c.label);
    headerLines = Math.max(headerLines, wrappedLines(c.label, c.width, { metrics }));
  });
  header.height = heightForLines(headerLines, 32, metrics);

  sheet.views = [{ state: 'frozen', xSplit: 0, ySplit: headerRow, topLeftCell: `A${headerRow + 1}`, activeCell: `A${headerRow + 1}` }];

  sheet.pageSetup = {
    ...sheet.pageSetup,
    paperSize: PAPER_SIZE[paper] as PaperSize,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    verticalCentered: false,
    margins: { ...MARGINS },
    printTitlesRow: `${headerRow}:${headerRow}`,
  };
  sheet.headerFooter = { oddFooter: PAGE_FOOTER };

  return { titleRow, infoRow, headerRow, firstDataRow: headerRow + 1, columns, letters, metrics };
}

export interface DataRowOptions {
  /**
   * Row height: a number of points, 'auto' (estimated from the wrapped text, the default — Excel
   * does not grow rows by itself when a file is opened), or 'none' (leave it to the application).
   */
  height?: number | 'auto' | 'none';
}

function isCentred(type: FieldType): boolean {
  return type === 'serial' || type === 'district' || type === 'list' || type === 'period' || type === 'date';
}

function styleBodyCell(cell: Cell, type: FieldType, fontSize = 11): void {
  cell.font = fontSize === 11 ? BODY_FONT : font(FONT_BODY, fontSize);
  cell.border = THIN_BORDERS;
  const horizontal = type === 'amount' ? 'right' : isCentred(type) ? 'center' : 'left';
  cell.alignment = { horizontal, vertical: 'middle', wrapText: true, ...(horizontal === 'left' ? { indent: 1 } : {}) };
  if (type === 'amount') cell.numFmt = AMOUNT_FORMAT;
  else if (type === 'date') cell.numFmt = DATE_FORMAT;
}

/** Sets a cell's value the safe way: strings stay strings (never formulas), blanks stay empty. */
export function setSafeValue(cell: Cell, value: OfficialValue): void {
  if (value === null || value === undefined || value === '') {
    cell.value = null;
    return;
  }
  if (typeof value === 'number') {
    cell.value = Number.isFinite(value) ? value : String(value);
    return;
  }
  if (value instanceof Date) {
    cell.value = value;
    return;
  }
  // A plain string: exceljs stores it as a shared string, so '=SUM(A1)' stays the text it is.
  cell.value = String(value);
}

/**
 * Writes one data row at `rowNumber` (1-based): values in column order (missing values leave the
 * cell blank but bordered), each cell styled for its column's type. Returns the row.
 */
export function writeDataRow(
  sheet: Worksheet,
  layout: OfficialLayout,
  rowNumber: number,
  values: readonly OfficialValue[],
  options: DataRowOptions = {},
): Row {
  const row = sheet.getRow(rowNumber);
  const { metrics } = layout;
  let text = linesHeight(1, 11, metrics);
  layout.columns.forEach((c, i) => {
    const cell = row.getCell(i + 1);
    const value = values[i];
    setSafeValue(cell, value);
    styleBodyCell(cell, c.type, c.fontSize);
    if (typeof value === 'string' && value !== '') {
      const lines = wrappedLines(value, c.width, { metrics, fontSize: c.fontSize, indent: c.type !== 'amount' && !isCentred(c.type) });
      text = Math.max(text, linesHeight(lines, c.fontSize, metrics));
    }
  });
  const height = options.height ?? 'auto';
  if (typeof height === 'number') row.height = height;
  else if (height === 'auto') row.height = rowHeight(text, 24, metrics);
  return row;
}

/**
 * Writes a 合计 row at `rowNumber`: the label in the first column (merged over the leading
 * non-amount columns up to the first amount column), `sums` in the amount columns (by 0-based
 * column index; missing → 0), other cells blank but bordered, all in bold.
 */
export function writeTotalRow(
  sheet: Worksheet,
  layout: OfficialLayout,
  rowNumber: number,
  sums: ReadonlyMap<number, number> | Record<number, number>,
  label = '合计',
): Row {
  const row = sheet.getRow(rowNumber);
  const get = (i: number): number | undefined =>
    sums instanceof Map ? sums.get(i) : (sums as Record<number, number>)[i];
  const firstAmount = layout.columns.findIndex((c) => c.type === 'amount');
  layout.columns.forEach((c, i) => {
    const cell = row.getCell(i + 1);
    styleBodyCell(cell, c.type);
    cell.font = TOTAL_FONT;
    if (i === 0) {
      cell.value = label;
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    } else if (c.type === 'amount') {
      const v = get(i);
      cell.value = v !== undefined && Number.isFinite(v) ? roundCents(v) : 0;
    } else cell.value = null;
  });
  if (firstAmount > 1) sheet.mergeCells(`A${rowNumber}:${layout.letters[firstAmount - 1]}${rowNumber}`);
  row.height = 26;
  return row;
}

/** Rounds a sum of 万元 amounts to cents, so that 0.1 + 0.2 prints and compares as 0.3. */
export function roundCents(value: number): number {
  return Math.round(value * 100) / 100;
}
