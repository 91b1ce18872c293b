/**
 * The text engine: CSV and tab-separated text (Excel's "CSV (逗号分隔)" and "Unicode 文本") read
 * straight into the neutral model, without LibreOffice. The encoding is told from the bytes
 * (encoding.ts: BOM, UTF-16 zero bytes, UTF-8 validity, GB18030 for what Excel on Chinese Windows
 * writes); fields are split by csv-parse. One sheet, named after the file.
 *
 * Fields are typed the way Excel types them when it opens a CSV: a plain decimal number
 * ("48000", "-3.5") or one with thousands commas ("12,000", which Excel writes for a #,##0 cell)
 * is a number; everything else — "0371" with its leading zero, dates as written, "1e3", "0x1A" —
 * is text, read later by the column's own rules. A file read in another encoding than UTF-8 gets a
 * `file-encoding` notice naming it.
 *
 * Throws ReaderFailure; readWorkbook catches.
 */
import { parse } from 'csv-parse/sync';
import { ENCODING_NAMES, type DecodedText } from './encoding.js';
import { MESSAGES, ReaderFailure } from './failure.js';
import type { ReaderLimits } from './limits.js';
import type { Cell, ReaderNotice, SheetModel, WorkbookModel } from './model.js';

const PLAIN_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;
const GROUPED_NUMBER = /^-?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?$/;

/**
 * The field separator: tab when the first lines are split by tabs at least as much as by commas;
 * else semicolon when there are more semicolons than commas (Excel on a machine whose list
 * separator is “;” — a text may still hold a comma); else comma.
 */
export function detectDelimiter(text: string): ',' | '\t' | ';' {
  const lines = text.split(/\r\n|\n|\r/, 20).filter((line) => line.trim() !== '');
  let tabs = 0;
  let commas = 0;
  let semicolons = 0;
  for (const line of lines) {
    // Separators inside quoted fields do not count.
    const outside = line.replace(/"[^"]*"/g, '');
    for (const char of outside) {
      if (char === '\t') tabs++;
      else if (char === ',') commas++;
      else if (char === ';') semicolons++;
    }
  }
  if (tabs > 0 && tabs >= commas) return '\t';
  if (semicolons > commas) return ';';
  return ',';
}

function typed(field: string): Cell | undefined {
  if (field === '') return undefined;
  if (PLAIN_NUMBER.test(field)) return { value: { type: 'number', number: Number(field) }, formula: false };
  if (GROUPED_NUMBER.test(field)) return { value: { type: 'number', number: Number(field.replace(/,/g, '')), format: '#,##0' }, formula: false };
  // Excel writes a logical cell as TRUE/FALSE and reads it back as one: 是/否 as in an .xlsx.
  if (/^(?:TRUE|FALSE)$/i.test(field)) return { value: { type: 'boolean', value: field.toUpperCase() === 'TRUE' }, formula: false };
  return { value: { type: 'string', text: field }, formula: false };
}

/** Reads decoded CSV/TSV text into a one-sheet workbook. `sheetName` is the file's name without its extension. */
export function readCsv(decoded: Extract<DecodedText, { ok: true }>, sheetName: string, limits: ReaderLimits): WorkbookModel {
  const { text } = decoded;
  const delimiter = detectDelimiter(text);
  // An upper bound on the fields before parsing: no file makes the parser build more than the cell cap allows.
  let separators = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10 || code === 13 || text[i] === delimiter) separators++;
  }
  if (separators > 4 * limits.maxCells)
    throw new ReaderFailure('file-too-large', MESSAGES.tooLarge(`文本中的单元格超过 ${limits.maxCells} 个`));

  let records: string[][];
  try {
    records = parse(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      to_line: limits.maxRows + 1,
    });
  } catch {
    throw new ReaderFailure('file-unreadable', MESSAGES.badText('引号没有配对或格式有误，无法分出各列'));
  }

  const sheet: SheetModel = { name: sheetName, hidden: false, rows: [], merges: [] };
  let cells = 0;
  let dataRows = 0;
  records.forEach((record, r) => {
    if (r >= limits.maxRows) {
      sheet.truncated = true;
      return;
    }
    if (record.length > limits.maxColumns) sheet.truncated = true;
    const row: (Cell | undefined)[] = [];
    const width = Math.min(record.length, limits.maxColumns);
    for (let c = 0; c < width; c++) {
      const cell = typed(record[c]!);
      if (!cell) continue;
      row[c] = cell;
      if (++cells > limits.maxCells) throw new ReaderFailure('file-too-large', MESSAGES.tooLarge(`非空单元格超过 ${limits.maxCells} 个`));
    }
    if (row.length === 0) return;
    // The row limit of every sheet (READER_LIMITS.maxDataRows), as for .xlsx.
    if (++dataRows > limits.maxDataRows) throw new ReaderFailure('file-too-large', MESSAGES.tooManyRows(sheetName, limits.maxDataRows));
    sheet.rows[r] = row;
  });

  const notices: ReaderNotice[] = [];
  if (decoded.encoding !== 'utf-8')
    notices.push({
      code: 'file-encoding',
      severity: 'warning',
      message: `这个文本文件按 ${ENCODING_NAMES[decoded.encoding]}编码读取（不是 UTF-8）；如有文字显示不对，请让报送单位在 Excel 或 WPS 中“另存为 Excel 工作簿(*.xlsx)”后重新发送`,
    });
  return { sheets: [sheet], date1904: false, notices };
}
