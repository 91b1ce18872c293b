/**
 * The neutral workbook model: what the reader hands to everything else. Nothing outside
 * src/reader/ touches the reading engine or the file's bytes; everything works on these types.
 */

/** One cell's value as stored in the file, before any interpretation by a schema. */
export type CellValue =
  | { type: 'empty' }
  /** Text; rich text is flattened to its plain characters (line breaks kept). */
  | { type: 'string'; text: string }
  /** A number that is not formatted as a date. `format` is the number format code, when not General. */
  | { type: 'number'; number: number; format?: string }
  /**
   * A cell formatted as a date (built-in ids 14–22, 27–36, 45–47, 50–58, or a custom code with y/m/d),
   * converted with the workbook's 1900/1904 date system. `iso` is the wall-clock value as written,
   * "YYYY-MM-DD" or "YYYY-MM-DDTHH:mm:ss" — no time zone is implied. `serial` is the stored number.
   */
  | { type: 'date'; iso: string; serial: number }
  | { type: 'boolean'; value: boolean }
  /** An error value such as #REF!, #VALUE!, #DIV/0!, #N/A, #NAME?, #NUM!, #NULL!. */
  | { type: 'error'; error: string };

export interface Cell {
  value: CellValue;
  /** The cell holds a formula; `value` is its cached result. */
  formula: boolean;
  /**
   * The formula as written, without the leading "=" (e.g. "SUM(E4:E6)"). A shared formula's other
   * cells get the master's text moved to their own position (E4-18000 in G4 → E5-18000 in G5).
   * Absent when the cell has no formula, or a shared formula whose master cell was not found.
   */
  formulaText?: string;
  /**
   * The formula was saved without any result (no <v>, or an empty one on a non-text cell): `value`
   * is then empty and says nothing about what Excel would show. Writers that never calculate
   * (openpyxl, xlsx-populate, excel4node …) save formulas this way.
   */
  uncached?: boolean;
  /** A hyperlink target, when the cell carries one. */
  hyperlink?: string;
}

/** A merged range, 0-based, inclusive. */
export interface MergeRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface SheetModel {
  name: string;
  /** hidden or veryHidden in the workbook. */
  hidden: boolean;
  /** rows[r][c], 0-based; missing rows and cells are undefined. Only the master cell of a merge holds its value. */
  rows: (Cell | undefined)[][];
  /**
   * Merged ranges, clamped to the rows and columns that hold data (a merge over A1:XFD1048576 covers
   * no more than the data; CSV has none), kept while their areas add up to READER_LIMITS.maxMergedCells.
   */
  merges: MergeRange[];
  /** 0-based rows hidden in the file (row hidden="1": hidden by hand, by a collapsed outline or by a filter; or a row of height 0), ascending. */
  hiddenRows?: number[];
  /** 0-based columns hidden in the file (a <col hidden="1"> span, or one of width 0), ascending, within the reader's column cap. */
  hiddenColumns?: number[];
  /** The sheet's autofilter range, when it has one: hidden rows inside it are hidden by the filter. */
  autoFilter?: MergeRange;
  /**
   * Set when the sheet went past the reader's row or column cap (READER_LIMITS.maxRows/maxColumns):
   * cells beyond it were not read, merges were clipped to it.
   */
  truncated?: boolean;
}

export interface WorkbookModel {
  sheets: SheetModel[];
  date1904: boolean;
  /**
   * The workbook asks to be fully recalculated when opened (<calcPr fullCalcOnLoad="1">): the
   * formula results saved in it may be stale or placeholders (XlsxWriter saves 0 for every formula).
   */
  fullCalcOnLoad?: boolean;
  /**
   * What the reader noticed while reading a file it could still read: a sheet it could not read, a
   * cell whose text is not in the file, bytes that are not valid UTF-8, formats it had to ignore, the
   * encoding a text file was read in. Absent or empty when there is nothing to say. The pipeline
   * (src/validate/pipeline.ts) turns each into a finding with the same code; nothing the reader
   * leaves out of the model is left out without a notice here.
   */
  notices?: ReaderNotice[];
}

/**
 * The codes a reader notice can carry; each is also a finding code (RULE_CODES in
 * src/rules/finding.ts, the README's table), with the severity given here.
 * - `sheet-unreadable` (error): a sheet the workbook lists whose part is missing, whose relationship
 *   is broken, or whose XML is damaged; the sheet is in the model, empty.
 * - `cell-unreadable` (error): a cell whose text is not in the file (a shared-string index out of
 *   range); the cell is in the model as empty.
 * - `encoding-invalid` (error): a part holds bytes that are not valid UTF-8; the cells whose text
 *   lost characters (shown as U+FFFD) are named when known.
 * - `formats-ignored` (warning): styles.xml could not be read; values were read without number
 *   formats (dates then come out as serial numbers; date columns still read them as dates).
 * - `file-encoding` (warning): a text file (CSV, tab-separated text) was read in an encoding other
 *   than UTF-8, named in the message (e.g. GBK), so a clerk can tell why characters look wrong.
 * - `sheet-truncated` (warning): a sheet held cells past `maxRows` row numbers or `maxColumns`
 *   columns (src/reader/limits.ts); they were not read (added by src/reader/index.ts).
 */
export type ReaderNoticeCode = 'sheet-unreadable' | 'cell-unreadable' | 'encoding-invalid' | 'formats-ignored' | 'file-encoding' | 'sheet-truncated';

export interface ReaderNotice {
  code: ReaderNoticeCode;
  severity: 'error' | 'warning';
  /** Chinese, one line: what is wrong, where, and what to do. Starts with the cell ("G7：…") when there is one. */
  message: string;
  /** The sheet it concerns, by its name in the workbook; absent when it concerns the whole file. */
  sheet?: string;
  /** A1 reference of the cell it concerns (then `sheet` is set). */
  cell?: string;
  /** What the cell or part held, when there is something to show. */
  value?: string;
}

/** The file-level codes of §4: a file that yields no workbook. */
export type FileFailureCode =
  | 'file-unreadable'
  | 'file-encrypted'
  | 'file-format-unsupported'
  | 'file-too-large';

export type ReadOutcome =
  | { ok: true; workbook: WorkbookModel; /** set when the file was converted by LibreOffice first */ convertedFrom?: string }
  | { ok: false; code: FileFailureCode; /** Chinese, one line, says what to do */ message: string };

/** "A1"-style reference of a 0-based row and column. */
export function cellRef(row: number, col: number): string {
  let name = col < COLUMN_NAMES.length ? COLUMN_NAMES[col] : undefined;
  if (name === undefined) {
    name = '';
    let c = col + 1;
    while (c > 0) {
      const rem = (c - 1) % 26;
      name = String.fromCharCode(65 + rem) + name;
      c = Math.floor((c - 1) / 26);
    }
    if (col < 1024) COLUMN_NAMES[col] = name;
  }
  return name + String(row + 1);
}
/** Column letters worked out so far, by 0-based column (refs are built for every cell of a table). */
const COLUMN_NAMES: (string | undefined)[] = [];

/** The column letters of a 0-based column. */
export function columnName(col: number): string {
  return cellRef(0, col).replace(/\d+$/, '');
}
