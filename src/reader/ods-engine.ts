/**
 * The OpenDocument engine: .ods (content.xml inside the zip, through the zip guard) and .fods (the
 * same XML as one flat file) read straight into the neutral model with saxes — no LibreOffice, so
 * typed cells keep their type: a date cell (office:value-type="date") is a date even when the file
 * has no date style (converting such a file to .xlsx turned it into the number 44624), a boolean is
 * a boolean (是/否), not 1.
 *
 * Repeated rows and columns (table:number-rows-repeated="1048576" for the empty rest of a sheet)
 * advance the position without allocating; a repeated non-empty cell is copied only up to the
 * row/column caps and the cell cap. Spanned cells become merges. Annotations are skipped. What is
 * hidden is kept as in an .xlsx: a sheet whose table style says table:display="false", rows and
 * columns with table:visibility="collapse" (hidden) or "filter" (hidden by a filter: the filtered
 * rows become the sheet's autoFilter range). An error cell (calcext:value-type="error", which
 * LibreOffice writes as an empty string with the error shown) is an error value.
 *
 * Throws ReaderFailure; readWorkbook catches.
 */
import { MESSAGES, ReaderFailure } from './failure.js';
import type { ReaderLimits } from './limits.js';
import type { Cell, CellValue, SheetModel, WorkbookModel } from './model.js';
import { xmlSink } from './xml.js';
import type { PartSink } from './zip-guard.js';

const ERROR_TEXT = /^#(?:REF!|VALUE!|DIV\/0!|N\/A|NAME\?|NUM!|NULL!)$/;
const DAY_MS = 86_400_000;
const EPOCH_1900 = Date.UTC(1899, 11, 30);

/** "2022-03-04" or "2022-03-04T08:30:00(.5)" as the model's wall-clock iso and its 1900-system serial. */
function odsDate(value: string): { iso: string; serial: number } | undefined {
  const match = /^(-?\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?)?$/.exec(value.trim());
  if (!match) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00'] = match;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (!Number.isFinite(ms)) return undefined;
  const midnight = h === '00' && mi === '00' && s === '00';
  return { iso: midnight ? `${y}-${mo}-${d}` : `${y}-${mo}-${d}T${h}:${mi}:${s}`, serial: (ms - EPOCH_1900) / DAY_MS };
}

const count = (value: string | undefined): number => {
  const n = value === undefined ? 1 : Number(value);
  return Number.isInteger(n) && n >= 1 ? n : 1;
};

/** A sink over content.xml (or a whole .fods) that fills `sheets`. */
export function odsSink(sheets: SheetModel[], limits: ReaderLimits): PartSink {
  let sheet: SheetModel | undefined;
  let row = -1;
  let col = 0;
  let rowRepeat = 1;
  let rowCells: { col: number; cell: Cell; repeat: number }[] = [];
  let cells = 0;
  /** Rows holding data in the current sheet (READER_LIMITS.maxDataRows, as for .xlsx). */
  let dataRows = 0;
  // current cell
  let inCell = false;
  let cellAttrs: Record<string, string> = {};
  let paragraphs: string[] = [];
  let text: string[] = [];
  let inParagraph = 0;
  let inAnnotation = 0;
  // Table styles that hide their sheet (table:display="false"), and the style being read.
  const hiddenTableStyles = new Set<string>();
  let tableStyle: string | undefined;
  let column = 0;
  let hiddenRows: number[] = [];
  let filteredRows: number[] = [];
  let hiddenColumns: number[] = [];
  let rowVisibility: string | undefined;

  const keep = (r: number, c: number, cell: Cell): void => {
    if (!sheet) return;
    if (r >= limits.maxRows || c >= limits.maxColumns) {
      sheet.truncated = true;
      return;
    }
    if (++cells > limits.maxCells) throw new ReaderFailure('file-too-large', MESSAGES.tooLarge(`非空单元格超过 ${limits.maxCells} 个`));
    if (!sheet.rows[r] && ++dataRows > limits.maxDataRows)
      throw new ReaderFailure('file-too-large', MESSAGES.tooManyRows(sheet.name, limits.maxDataRows));
    (sheet.rows[r] ??= [])[c] = cell;
  };

  const finishCell = (): void => {
    inCell = false;
    const a = cellAttrs;
    const repeat = count(a['number-columns-repeated']);
    const type = a['value-type'];
    const shown = paragraphs.join('\n');
    let value: CellValue = { type: 'empty' };
    if (a['calcext-value-type'] === 'error') {
      value = { type: 'error', error: ERROR_TEXT.test(shown.trim()) ? shown.trim() : '#VALUE!' };
    } else if (type === 'float' || type === 'percentage' || type === 'currency') {
      const n = Number(a.value);
      value = Number.isFinite(n) && a.value !== undefined && a.value.trim() !== '' ? { type: 'number', number: n } : shown ? { type: 'string', text: shown } : value;
    } else if (type === 'date') {
      const date = a['date-value'] === undefined ? undefined : odsDate(a['date-value']);
      value = date ? { type: 'date', ...date } : shown ? { type: 'string', text: shown } : value;
    } else if (type === 'boolean') {
      const b = (a['boolean-value'] ?? '').trim().toLowerCase();
      value = { type: 'boolean', value: b === 'true' || b === '1' };
    } else if (type === 'string' || type === 'time' || (type === undefined && shown !== '')) {
      const textValue = a['string-value'] ?? shown;
      if (textValue !== '') value = a.formula !== undefined && ERROR_TEXT.test(textValue) ? { type: 'error', error: textValue } : { type: 'string', text: textValue };
    }
    const formula = a.formula !== undefined;
    if (value.type !== 'empty' || formula) {
      const cell: Cell = { value, formula };
      // A formula with no value at all (a generator that never computed it): its text, in Excel's
      // syntax, so that it is computed as an .xlsx's would be, or flagged — never read as blank.
      if (formula && type === undefined && a['calcext-value-type'] === undefined && shown === '') {
        const text = excelFormula(a.formula!);
        if (text !== null) cell.formulaText = text;
        cell.uncached = true;
      }
      rowCells.push({ col, cell, repeat: Math.min(repeat, Math.max(0, limits.maxColumns - col)) });
      if (col + repeat > limits.maxColumns && sheet) sheet.truncated = true;
    }
    const across = count(a['number-columns-spanned']);
    const down = count(a['number-rows-spanned']);
    if (sheet && (across > 1 || down > 1) && row < limits.maxRows && col < limits.maxColumns)
      sheet.merges.push({ top: row, left: col, bottom: Math.min(row + down - 1, limits.maxRows - 1), right: Math.min(col + across - 1, limits.maxColumns - 1) });
    col += repeat;
  };

  const finishRow = (): void => {
    if (!sheet) return;
    if (rowVisibility === 'collapse' || rowVisibility === 'filter') {
      const into = rowVisibility === 'filter' ? filteredRows : hiddenRows;
      for (let k = 0; k < rowRepeat && row + k < limits.maxRows; k++) into.push(row + k);
    }
    if (rowCells.length > 0) {
      const times = Math.min(rowRepeat, Math.max(0, limits.maxRows - row));
      if (rowRepeat > times) sheet.truncated = true;
      for (let k = 0; k < times; k++)
        for (const { col: c, cell, repeat } of rowCells) for (let j = 0; j < repeat; j++) keep(row + k, c + j, k === 0 && j === 0 ? cell : { ...cell });
    }
    row += rowRepeat;
    rowCells = [];
  };

  /** Keeps the sheet's hidden rows and columns, only those within its data (the empty rest may be hidden too). */
  const finishTable = (): void => {
    if (sheet) {
      const lastRow = sheet.rows.length - 1;
      let lastCol = -1;
      for (const cells of sheet.rows) if (cells && cells.length - 1 > lastCol) lastCol = cells.length - 1;
      const rows = [...hiddenRows, ...filteredRows].filter((r) => r <= lastRow).sort((a, b) => a - b);
      if (rows.length > 0) sheet.hiddenRows = rows;
      const columns = hiddenColumns.filter((c) => c <= lastCol);
      if (columns.length > 0) sheet.hiddenColumns = columns;
      const filtered = filteredRows.filter((r) => r <= lastRow);
      // The filter's range: from the row above the first filtered row (its header) to the last one.
      if (filtered.length > 0) sheet.autoFilter = { top: Math.max(0, filtered[0]! - 1), left: 0, bottom: filtered[filtered.length - 1]!, right: Math.max(0, lastCol) };
    }
    sheet = undefined;
  };

  return xmlSink({
    open(local, attrs, selfClosing) {
      const plain: Record<string, string> = {};
      // LibreOffice writes both office:value-type and calcext:value-type; only the latter says "error".
      for (const [key, value] of Object.entries(attrs)) plain[key.startsWith('calcext:') ? `calcext-${key.slice(8)}` : key.slice(key.indexOf(':') + 1)] = value;
      if (inAnnotation > 0) {
        if (local === 'annotation' && !selfClosing) inAnnotation++;
        return;
      }
      switch (local) {
        case 'style':
          tableStyle = plain.family === 'table' && plain.name !== undefined && !selfClosing ? plain.name : undefined;
          return;
        case 'table-properties':
          if (tableStyle !== undefined && (plain.display ?? '').trim().toLowerCase() === 'false') hiddenTableStyles.add(tableStyle);
          return;
        case 'table': {
          const hidden = plain['style-name'] !== undefined && hiddenTableStyles.has(plain['style-name']);
          sheet = { name: plain.name ?? `Sheet${sheets.length + 1}`, hidden, rows: [], merges: [] };
          dataRows = 0;
          sheets.push(sheet);
          if (sheets.length > limits.maxSheets) throw new ReaderFailure('file-too-large', MESSAGES.tooLarge(`工作表超过 ${limits.maxSheets} 个`));
          row = 0;
          column = 0;
          hiddenRows = [];
          filteredRows = [];
          hiddenColumns = [];
          return;
        }
        case 'table-column': {
          const repeat = count(plain['number-columns-repeated']);
          if ((plain.visibility ?? 'visible') !== 'visible')
            for (let k = 0; k < repeat && column + k < limits.maxColumns; k++) hiddenColumns.push(column + k);
          column += repeat;
          return;
        }
        case 'table-row':
          col = 0;
          rowRepeat = count(plain['number-rows-repeated']);
          rowVisibility = plain.visibility;
          rowCells = [];
          if (selfClosing) finishRow();
          return;
        case 'table-cell':
        case 'covered-table-cell':
          inCell = true;
          cellAttrs = local === 'covered-table-cell' ? { 'number-columns-repeated': plain['number-columns-repeated'] ?? '1' } : plain;
          paragraphs = [];
          if (selfClosing) finishCell();
          return;
        case 'annotation':
          if (!selfClosing) inAnnotation = 1;
          return;
        case 'p':
        case 'h':
          if (inCell) {
            inParagraph++;
            text = [];
            if (selfClosing) {
              inParagraph--;
              paragraphs.push('');
            }
          }
          return;
        case 's':
          if (inParagraph) text.push(' '.repeat(Math.min(count(plain.c), 1000)));
          return;
        case 'tab':
          if (inParagraph) text.push('\t');
          return;
        case 'line-break':
          if (inParagraph) text.push('\n');
          return;
      }
    },
    close(local) {
      if (inAnnotation > 0) {
        if (local === 'annotation') inAnnotation--;
        return;
      }
      if ((local === 'p' || local === 'h') && inParagraph > 0) {
        inParagraph--;
        if (inParagraph === 0) paragraphs.push(text.join(''));
      } else if ((local === 'table-cell' || local === 'covered-table-cell') && inCell) finishCell();
      else if (local === 'table-row') finishRow();
      else if (local === 'style') tableStyle = undefined;
      else if (local === 'table') finishTable();
    },
    text(chunk) {
      if (inParagraph > 0 && inAnnotation === 0) text.push(chunk);
    },
  });
}

/** Reads a flat OpenDocument spreadsheet (.fods) from its decoded text. */
export function readFods(text: string, limits: ReaderLimits): WorkbookModel {
  const sheets: SheetModel[] = [];
  const sink = odsSink(sheets, limits);
  try {
    sink.write(text);
    sink.end();
  } catch (error) {
    if (error instanceof ReaderFailure) throw error;
    throw new ReaderFailure('file-unreadable', MESSAGES.corrupt);
  }
  return { sheets, date1904: false, notices: [] };
}

/**
 * An OpenFormula (of:=SUM([.E4:.E6]); [$数据.E4]; ROUND([.F4];0)) in Excel's syntax (SUM(E4:E6),
 * '数据'!E4, ROUND(F4,0)), or null when it is not one this can read. Strings are kept as written.
 */
export function excelFormula(formula: string): string | null {
  const body = formula.replace(/^(?:of:|ooxml:|msoxl:)?=/i, '');
  if (/^[a-z]+:=/i.test(formula) && !/^(?:of|ooxml|msoxl):/i.test(formula)) return null;
  const sheetRef = (sheet: string | undefined): string => {
    if (!sheet) return '';
    const name = sheet.replace(/^\$/, '').replace(/^'(.*)'$/, (_m, n: string) => n.replace(/''/g, "'"));
    return `'${name.replace(/'/g, "''")}'!`;
  };
  const parts = body.split(/("(?:[^"]|"")*")/);
  for (let i = 0; i < parts.length; i += 2) {
    parts[i] = parts[i]!
      .replace(/\[(\$?(?:'(?:[^']|'')*'|[^.\[\]':]+))?\.(\$?[A-Z]+\$?\d+)(?::(\$?(?:'(?:[^']|'')*'|[^.\[\]':]+))?\.(\$?[A-Z]+\$?\d+))?\]/g, (_m, sheet: string | undefined, from: string, _sheet2, to: string | undefined) =>
        `${sheetRef(sheet)}${from}${to ? `:${to}` : ''}`,
      )
      .replace(/;/g, ',');
    if (/[[\]]/.test(parts[i]!)) return null;
  }
  return parts.join('');
}
