/**
 * The OpenDocument engine: .ods (content.xml inside the zip, through the zip guard) and .fods (the
 * same XML as one flat file) read straight into the neutral model with saxes — no LibreOffice, so
 * typed cells keep their type: a date cell (office:value-type="date") is a date even when the file
 * has no date style (converting such a file to .xlsx turned it into the number 44624), a boolean is
 * a boolean (是/否), not 1.
 *
 * Repeated rows and columns (table:number-rows-repeated="1048576" for the empty rest of a sheet)
 * advance the position without allocating; a repeated non-empty cell is copied only up to the
 * row/column caps and the cell cap. Spanned cells become merges. Annotations are skipped.
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
    if (rowCells.length > 0) {
      const times = Math.min(rowRepeat, Math.max(0, limits.maxRows - row));
      if (rowRepeat > times) sheet.truncated = true;
      for (let k = 0; k < times; k++)
        for (const { col: c, cell, repeat } of rowCells) for (let j = 0; j < repeat; j++) keep(row + k, c + j, k === 0 && j === 0 ? cell : { ...cell });
    }
    row += rowRepeat;
    rowCells = [];
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
        case 'table':
          sheet = { name: plain.name ?? `Sheet${sheets.length + 1}`, hidden: false, rows: [], merges: [] };
          dataRows = 0;
          sheets.push(sheet);
          if (sheets.length > limits.maxSheets) throw new ReaderFailure('file-too-large', MESSAGES.tooLarge(`工作表超过 ${limits.maxSheets} 个`));
          row = 0;
          return;
        case 'table-row':
          col = 0;
          rowRepeat = count(plain['number-rows-repeated']);
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
      else if (local === 'table') sheet = undefined;
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
