/**
 * Finding district tables in a workbook: every visible, non-empty sheet; the header found by its
 * labels (header.ts); the title, 填表日期 and 报送单位 around it (preamble.ts); the data rows down to
 * the first blank row or footer (footer.ts); merged cells filled only inside the table; the
 * sending group (group.ts). A sheet may hold several tables one below the other (附件3 over
 * 附件4): after a table ends, the search for a header goes on below it. Never throws on workbook
 * content.
 */
import { basename } from 'node:path';
import type { Config } from '../config/schema.js';
import { cellRef, type Cell, type SheetModel, type WorkbookModel } from '../reader/model.js';
import { KINDS, type FieldId, type KindId } from '../schema/kinds.js';
import { normaliseCell, type NormaliseOptions } from '../values/normalise.js';
import { footerKind } from './footer.js';
import { tellGroup } from './group.js';
import { findHeader, kindHint, HEADER_SCAN_ROWS } from './header.js';
import type { ColumnMapping, DataRow, ExtraColumn, Table, TableCell } from './model.js';
import { readPreamble } from './preamble.js';
import { MergeIndex, cellAt, rowWidth, textAt } from './sheet.js';

export interface DetectContext {
  /** The path as the user gave it; goes into Table.file. */
  file: string;
  config: Config;
  /** --group N: the sending group, whatever the file says. */
  groupOverride?: number;
}

/** Columns beyond the table searched for a footer's first text (填表人 may sit left of the table). */
const FOOTER_MARGIN = 6;
/** Rows after the table searched for 填表日期 / 报送单位 when they are not above the header. */
const FOOTER_ROWS = 6;
/** Most tables read from one sheet. */
const MAX_TABLES_PER_SHEET = 10;
/** Rows after a table's blank row searched for stray data rows. */
const STRAY_SCAN_ROWS = 200;

export function findTables(workbook: WorkbookModel, context: DetectContext): Table[] {
  const tables: Table[] = [];
  const options: NormaliseOptions = { date1904: workbook.date1904 };
  for (const sheet of workbook.sheets) {
    if (sheet.hidden || sheet.rows.length === 0) continue;
    try {
      let fromRow = 0;
      let first: Table | null = null;
      for (let n = 0; n < MAX_TABLES_PER_SHEET; n++) {
        const found = detectTable(sheet, context, options, fromRow, first);
        if (!found) break;
        tables.push(found.table);
        first ??= found.table;
        fromRow = found.next;
      }
    } catch {
      // Bad input is normal input: a sheet this code cannot read yields no table, never a crash.
    }
  }
  return tables;
}

function rowText(sheet: SheetModel, row: number): string {
  const parts: string[] = [];
  const width = rowWidth(sheet, row, 60);
  for (let c = 0; c < width; c++) {
    const text = textAt(sheet, row, c);
    if (text !== '') parts.push(text);
  }
  return parts.join(' ');
}

function isRowBlank(sheet: SheetModel, row: number, left: number, right: number): boolean {
  const cells = sheet.rows[row];
  if (!cells) return true;
  const end = Math.min(right, cells.length - 1);
  for (let c = left; c <= end; c++) if (textAt(sheet, row, c) !== '') return false;
  return true;
}

function rowTexts(sheet: SheetModel, row: number, right: number): string[] {
  const width = rowWidth(sheet, row, right + 1);
  const texts: string[] = [];
  for (let c = 0; c < width; c++) texts.push(textAt(sheet, row, c));
  return texts;
}

/**
 * A column-numbering row under the header (1, 2, 3 … or (1), (2) … across the columns, as
 * statistical forms print them): not a data row.
 */
function isNumberingRow(sheet: SheetModel, row: number, cols: number[]): boolean {
  let expected = 1;
  for (const col of cols) {
    const value = cellAt(sheet, row, col)?.value;
    if (!value || value.type === 'empty') continue;
    let n: number | null = null;
    if (value.type === 'number') n = value.number;
    else if (value.type === 'string') {
      const match = /^[(（]?\s*(\d{1,2})\s*[)）]?$/.exec(value.text.normalize('NFKC').trim());
      n = match ? Number(match[1]) : null;
    }
    if (n !== expected) return false;
    expected++;
  }
  return expected > 3;
}

/**
 * A row that looks like a project row of this table: its 项目名称 (or 标题) filled, at least three
 * of its columns non-empty, an amount column holding a number where the kind has amounts, and not
 * a footer.
 */
function looksLikeData(sheet: SheetModel, row: number, columns: ColumnMapping[], kind: KindId, right: number): boolean {
  const key = columns.find((c) => c.field === 'name' || c.field === 'title');
  if (!key || textAt(sheet, row, key.col) === '') return false;
  if (columns.filter((c) => textAt(sheet, row, c.col) !== '').length < 3) return false;
  const amounts = columns.filter((c) => KINDS[kind].fields.find((f) => f.id === c.field)?.type === 'amount');
  if (amounts.length > 0 && !amounts.some((c) => normaliseCell(cellAt(sheet, row, c.col), 'amount').value.kind === 'number')) return false;
  return footerKind(rowTexts(sheet, row, right + FOOTER_MARGIN)) === null;
}

/**
 * The first table whose header lies in the HEADER_SCAN_ROWS rows from `fromRow`, and the row after
 * it where the search for another table goes on. `sheetFirst` is the sheet's first table, whose
 * 填表日期 and 报送单位 a later table without its own takes.
 */
function detectTable(
  sheet: SheetModel,
  context: DetectContext,
  options: NormaliseOptions,
  fromRow: number,
  sheetFirst: Table | null,
): { table: Table; next: number } | null {
  const fileName = basename(context.file.replace(/\\/g, '/'));
  const aboveTexts: string[] = [];
  for (let r = fromRow; r < Math.min(fromRow + HEADER_SCAN_ROWS, sheet.rows.length); r++) aboveTexts.push(rowText(sheet, r));
  const hintFor = (row: number): KindId | null =>
    kindHint(aboveTexts.slice(0, row - fromRow).join(' ')) ?? kindHint(sheet.name) ?? kindHint(fileName);

  const header = findHeader(sheet, hintFor, fromRow);
  if (!header) return null;
  const kind = header.kind;
  const spec = KINDS[kind];
  const headerEnd = header.rows[header.rows.length - 1]!;

  const columns: ColumnMapping[] = [];
  const duplicateColumns: ColumnMapping[] = [];
  const extraColumns: ExtraColumn[] = [];
  for (const column of header.columns) {
    if (!column.field) extraColumns.push({ col: column.col, label: column.label });
    else if (columns.some((c) => c.field === column.field)) duplicateColumns.push({ field: column.field, col: column.col, label: column.label });
    else columns.push({ field: column.field, col: column.col, label: column.label });
  }
  const missingFields = spec.fields.filter((f) => !columns.some((c) => c.field === f.id)).map((f) => f.id);
  const left = Math.min(...header.columns.map((c) => c.col));
  const right = Math.max(...header.columns.map((c) => c.col));

  // Data rows: to the first blank row (within the table's columns) or a footer row.
  const dataRows: number[] = [];
  let totalRowIndex: number | null = null;
  const subtotalRows: number[] = [];
  let stop = sheet.rows.length;
  let endedByBlank = false;
  const headerCols = header.columns.map((c) => c.col);
  const firstDataRow = isNumberingRow(sheet, headerEnd + 1, headerCols) ? headerEnd + 2 : headerEnd + 1;
  for (let r = firstDataRow; r < sheet.rows.length; r++) {
    if (isRowBlank(sheet, r, left, right)) {
      stop = r;
      endedByBlank = true;
      break;
    }
    const footer = footerKind(rowTexts(sheet, r, right + FOOTER_MARGIN));
    if (footer === 'end') {
      stop = r;
      break;
    }
    if (footer === 'total') totalRowIndex ??= r;
    else if (footer === 'subtotal') subtotalRows.push(r);
    else dataRows.push(r);
  }
  if (totalRowIndex === null && subtotalRows.length === 1) totalRowIndex = subtotalRows[0]!;
  // (No spread over the rows: a sheet may hold more rows than a call takes arguments.)
  const lastRow = Math.max(headerEnd, dataRows[dataRows.length - 1] ?? headerEnd, totalRowIndex ?? headerEnd);

  // Merges are expanded only inside the table: data rows × the table's columns.
  const merges = new MergeIndex(sheet.merges, { top: headerEnd + 1, bottom: lastRow, left, right });
  const fieldTypes = new Map(spec.fields.map((f) => [f.id, f.type]));
  const readRow = (r: number): DataRow => {
    const cells: Partial<Record<FieldId, TableCell>> = {};
    for (const column of columns) {
      let source: Cell | undefined = cellAt(sheet, r, column.col);
      let ref = cellRef(r, column.col);
      const own = source?.value;
      if (!own || own.type === 'empty') {
        const merge = merges.at(r, column.col);
        if (merge && merge.top > headerEnd && (merge.top !== r || merge.left !== column.col)) {
          source = cellAt(sheet, merge.top, merge.left);
          ref = cellRef(merge.top, merge.left);
        }
      }
      const { display, value } = normaliseCell(source, fieldTypes.get(column.field)!, options);
      cells[column.field] = { ref, row: r + 1, raw: source?.value ?? { type: 'empty' }, display, value };
    }
    return { row: r + 1, cells };
  };
  const rows = dataRows.map(readRow);
  const totalRow = totalRowIndex === null ? null : readRow(totalRowIndex);

  const footerRows: number[] = [];
  for (let r = stop; r < Math.min(sheet.rows.length, stop + FOOTER_ROWS); r++) footerRows.push(r);
  const own = readPreamble(sheet, header.rows[0]!, [...header.rows, ...footerRows], options, fromRow);
  const preamble = {
    title: own.title,
    fillDate: own.fillDate ?? sheetFirst?.fillDate ?? null,
    reportingUnit: own.reportingUnit ?? sheetFirst?.reportingUnit ?? null,
  };

  // Data-like rows after the blank row that ended the table, up to the next table's header.
  let rowsAfterBlank: Table['rowsAfterBlank'] = null;
  if (endedByBlank) {
    const scanEnd = Math.min(sheet.rows.length, stop + 1 + STRAY_SCAN_ROWS);
    const nextHeader = findHeader(sheet, () => null, stop + 1);
    const limit = nextHeader ? Math.min(scanEnd, nextHeader.rows[0]!) : scanEnd;
    for (let r = stop + 1; r < limit; r++) {
      if (!looksLikeData(sheet, r, columns, kind, right)) continue;
      let last = r;
      while (last + 1 < limit && looksLikeData(sheet, last + 1, columns, kind, right)) last++;
      rowsAfterBlank = { first: r + 1, last: last + 1, blankRow: stop + 1 };
      break;
    }
  }

  const sending = tellGroup(
    {
      groupOverride: context.groupOverride,
      reportingUnit: preamble.reportingUnit,
      file: context.file,
      districtTexts: rows.map((row) => {
        const cell = row.cells.district;
        return cell && cell.value.kind === 'text' ? cell.value.text : '';
      }),
    },
    context.config,
  );

  const table: Table = {
    file: context.file,
    sheet: sheet.name,
    kind,
    title: preamble.title,
    headerRows: header.rows.map((r) => r + 1),
    columns,
    extraColumns,
    duplicateColumns,
    missingFields,
    fillDate: preamble.fillDate,
    reportingUnit: preamble.reportingUnit,
    rows,
    totalRow,
    group: sending.group,
    district: sending.district,
    groupSource: sending.groupSource,
    rowsAfterBlank,
  };
  return { table, next: stop + 1 };
}
