/**
 * Finding district tables in a workbook: every visible, non-empty sheet, its formulas without a
 * trustworthy saved result computed first (formulas.ts); the header of one to four rows found by its
 * labels (header.ts); the title, 填表日期 and 报送单位 around it (preamble.ts); the data rows down to
 * the first blank row or footer (footer.ts), 栏次, category, 合计 and 小计 rows set apart (rows.ts)
 * with what each sum covers; merged cells filled only inside the table; hidden rows and columns of
 * the table; the sending group (group.ts). A sheet may hold several tables one below the other (附件3 over
 * 附件4): after a table ends, the search for a header goes on below it. Never throws on workbook
 * content.
 */
import { basename } from 'node:path';
import type { Config } from '../config/schema.js';
import { cellRef, columnName, type Cell, type SheetModel, type WorkbookModel } from '../reader/model.js';
import { KINDS, type FieldId, type KindId } from '../schema/kinds.js';
import { normaliseCell, type NormaliseOptions } from '../values/normalise.js';
import { footerKind } from './footer.js';
import { tellGroup } from './group.js';
import { findHeader, kindHint, HEADER_SCAN_ROWS } from './header.js';
import type { CategoryInfo, ColumnMapping, DataRow, ExtraColumn, SumRow, Table, TableCell } from './model.js';
import { breakdownOf, categoryOf, isNumberingRow, labelShape, masterMerges } from './rows.js';
import { FormulaEngineNotLoaded, resolveFormulas, type ResolvedCell } from './formulas.js';
import { readPreamble } from './preamble.js';
import { MergeIndex, cellAt, footerTexts, isBlankAt, rowWidth, textAt } from './sheet.js';

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

/**
 * The tables of a workbook, in sheet order. When needsFormulaEngine(workbook) (table/formulas.ts),
 * loadFormulaEngine() must have been awaited first (validate's pipeline does), else this throws
 * FormulaEngineNotLoaded; nothing else thrown.
 */
export function findTables(workbook: WorkbookModel, context: DetectContext): Table[] {
  const tables: Table[] = [];
  const options: NormaliseOptions = { date1904: workbook.date1904 };
  // Formulas saved without a result, or in a workbook that recalculates on load: as Excel shows them.
  let resolved = workbook;
  try {
    resolved = resolveFormulas(workbook);
  } catch (error) {
    if (error instanceof FormulaEngineNotLoaded) throw error;
    // Never a crash: formulas then read as saved, and the uncached ones as blank.
  }
  const readSheet = (sheet: SheetModel): void => {
    try {
      let fromRow = 0;
      let first: Table | null = null;
      for (let n = 0; n < MAX_TABLES_PER_SHEET; n++) {
        const found = detectTable(sheet, context, options, fromRow, first);
        if (!found) break;
        if (sheet.hidden) found.table.hidden = { rows: [], filteredRows: [], columns: [], ...found.table.hidden, sheet: true };
        tables.push(found.table);
        first ??= found.table;
        fromRow = found.next;
      }
    } catch {
      // Bad input is normal input: a sheet this code cannot read yields no table, never a crash.
    }
  };
  for (const sheet of resolved.sheets) if (!sheet.hidden && sheet.rows.length > 0) readSheet(sheet);
  // A hidden sheet beside visible tables is skipped (an old week kept in the file); when no visible
  // sheet holds a table, the hidden ones are read — with a warning — rather than "not a report".
  if (tables.length === 0) for (const sheet of resolved.sheets) if (sheet.hidden && sheet.rows.length > 0) readSheet(sheet);
  return tables;
}

function fieldTypeOf(kind: KindId, field: FieldId): string | undefined {
  return KINDS[kind].fields.find((f) => f.id === field)?.type;
}

/** The table's rows (header to last row, 0-based inclusive) and columns hidden in the file. */
function hiddenIn(sheet: SheetModel, top: number, bottom: number, columns: { col: number; label: string }[]): Table['hidden'] {
  const rows: number[] = [];
  const filteredRows: number[] = [];
  const filter = sheet.autoFilter;
  for (const r of sheet.hiddenRows ?? []) {
    if (r < top || r > bottom) continue;
    if (filter && r > filter.top && r <= filter.bottom) filteredRows.push(r + 1);
    else rows.push(r + 1);
  }
  const hiddenCols = new Set(sheet.hiddenColumns ?? []);
  const cols = columns.filter((c) => hiddenCols.has(c.col)).map((c) => ({ col: c.col, label: c.label })).sort((a, b) => a.col - b.col);
  return rows.length + filteredRows.length + cols.length === 0 ? null : { rows, filteredRows, columns: cols };
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
  for (let c = left; c <= end; c++) if (!isBlankAt(sheet, row, c)) return false;
  return true;
}

function rowTexts(sheet: SheetModel, row: number, right: number): string[] {
  const width = rowWidth(sheet, row, right + 1);
  const texts: string[] = [];
  for (let c = 0; c < width; c++) texts.push(textAt(sheet, row, c));
  return texts;
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

  // Data rows: to the first blank row (within the table's columns) or a footer row. On the way:
  // 栏次 rows before the first project, category rows, 合计 (top or bottom) and 小计 rows.
  const dataRows: number[] = [];
  const numberingRows: number[] = [];
  const breakdownRows: number[] = [];
  let inBreakdown = false;
  const categories: CategoryInfo[] = [];
  const rowCategories = new Map<number, string[]>();
  const sumRows: { kind: SumRow['kind']; index: number; covers: number[] | 'all' }[] = [];
  const open: CategoryInfo[] = [];
  let segment: number[] = [];
  let stop = sheet.rows.length;
  let endedByBlank = false;
  const headerCols = header.columns.map((c) => c.col);
  const masters = masterMerges(sheet.merges);
  const amountCols = columns.filter((c) => fieldTypeOf(kind, c.field) === 'amount').map((c) => c.col);
  const span = { left, right };
  for (let r = headerEnd + 1; r < sheet.rows.length; r++) {
    if (isRowBlank(sheet, r, left, right)) {
      stop = r;
      endedByBlank = true;
      break;
    }
    const footer = footerKind(footerTexts(sheet, r, right + FOOTER_MARGIN + 1));
    if (footer === 'end') {
      stop = r;
      break;
    }
    if (footer === 'total') {
      sumRows.push({ kind: 'total', index: r, covers: 'all' });
      inBreakdown = false;
      continue;
    }
    if (footer === 'subtotal') {
      // A 小计 under its category's heading, before its projects, sums the rows still to come in
      // that category; one at the bottom sums the projects since the last category or 小计.
      const heading = open[open.length - 1];
      const atTop = segment.length === 0 && heading !== undefined && heading.rows.length === 0;
      sumRows.push({ kind: 'subtotal', index: r, covers: atTop ? heading.rows : segment });
      segment = [];
      inBreakdown = false;
      continue;
    }
    if (dataRows.length === 0 && isNumberingRow(sheet, r, headerCols)) {
      numberingRows.push(r + 1);
      continue;
    }
    // 其中：产业项目 … under a sum, and the label-and-amounts lines after it: parts of that sum.
    const shape = labelShape(sheet, r, columns, kind, masters, span);
    const breakdown = breakdownOf(shape, inBreakdown);
    if (breakdown === 'start') {
      breakdownRows.push(r + 1);
      inBreakdown = true;
      continue;
    }
    const found = categoryOf(shape);
    // 基础设施项目 under 其中：产业项目 is the breakdown's next line, not a category heading.
    const category = found && !(breakdown === 'more' && found.by === 'shape') ? found : null;
    if (category) {
      inBreakdown = false;
      while (open.length > 0 && open[open.length - 1]!.level >= category.level) open.pop();
      const info: CategoryInfo = { label: category.label, row: r + 1, level: category.level, rows: [] };
      categories.push(info);
      open.push(info);
      segment = [];
      if (amountCols.some((c) => textAt(sheet, r, c) !== '')) sumRows.push({ kind: 'category', index: r, covers: info.rows });
      continue;
    }
    if (breakdown === 'more') {
      breakdownRows.push(r + 1);
      continue;
    }
    inBreakdown = false;
    dataRows.push(r);
    segment.push(r + 1);
    for (const info of open) info.rows.push(r + 1);
    if (open.length > 0) rowCategories.set(r, open.map((c) => c.label));
  }
  const firstTotal = sumRows.find((s) => s.kind === 'total');
  const subtotals = sumRows.filter((s) => s.kind === 'subtotal');
  const totalRowIndex = firstTotal ? firstTotal.index : subtotals.length === 1 ? subtotals[0]!.index : null;
  // (No spread over the rows: a sheet may hold more rows than a call takes arguments.)
  let lastRow = Math.max(headerEnd, dataRows[dataRows.length - 1] ?? headerEnd);
  for (const sum of sumRows) lastRow = Math.max(lastRow, sum.index);
  for (const row of breakdownRows) lastRow = Math.max(lastRow, row - 1);

  // Merges are expanded only inside the table: data rows × the table's columns.
  const merges = new MergeIndex(sheet.merges, { top: headerEnd + 1, bottom: lastRow, left, right });
  const fieldTypes = new Map(spec.fields.map((f) => [f.id, f.type]));
  // Per column, worked out once per table rather than once per cell: its letters and its type.
  const reads = columns.map((column) => ({ field: column.field, col: column.col, letters: columnName(column.col), type: fieldTypes.get(column.field)! }));
  const readRow = (r: number, expand = true): DataRow => {
    const cells: Partial<Record<FieldId, TableCell>> = {};
    const sheetRow = sheet.rows[r];
    const rowNumber = String(r + 1);
    for (const { field, col, letters, type } of reads) {
      let source: Cell | undefined = sheetRow?.[col];
      let ref: string | undefined;
      const own = source?.value;
      if (expand && (!own || own.type === 'empty')) {
        const merge = merges.at(r, col);
        if (merge && merge.top > headerEnd && (merge.top !== r || merge.left !== col)) {
          source = cellAt(sheet, merge.top, merge.left);
          ref = cellRef(merge.top, merge.left);
        }
      }
      const resolution = (source as ResolvedCell | undefined)?.resolution;
      const normal =
        resolution === 'unknown'
          ? { display: `=${source?.formulaText ?? ''}`, value: { kind: 'uncalculated', formula: source?.formulaText ?? '' } as const }
          : normaliseCell(source, type, options);
      const cell: TableCell = { ref: ref ?? letters + rowNumber, row: r + 1, raw: source?.value ?? { type: 'empty' }, display: normal.display, value: normal.value };
      if (resolution !== undefined && source?.formulaText !== undefined) cell.formula = source.formulaText;
      cells[field] = cell;
    }
    const row: DataRow = { row: r + 1, cells };
    const category = rowCategories.size === 0 ? undefined : rowCategories.get(r);
    if (category) row.category = category;
    return row;
  };
  const rows = dataRows.map((r) => readRow(r));
  const allRows = dataRows.map((r) => r + 1);
  const sums: SumRow[] = sumRows.map((s) => ({ kind: s.kind, row: readRow(s.index, false), covers: s.covers === 'all' ? allRows : s.covers }));
  const totalRow = totalRowIndex === null ? null : (sums.find((s) => s.row.row === totalRowIndex + 1)?.row ?? null);

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

  // Nothing read although rows below the header hold something: never a clean table with 0 rows.
  let unreadRows: number[] | null = null;
  if (rows.length === 0) {
    const unread = new Set<number>();
    for (const info of categories) unread.add(info.row);
    // A 合计 of zeros under a bare header is “nothing this week”; one with figures sums something unread.
    for (const sum of sums)
      for (const column of columns) {
        const value = fieldTypeOf(kind, column.field) === 'amount' ? sum.row.cells[column.field]?.value : undefined;
        if (value && value.kind !== 'blank' && !(value.kind === 'number' && value.value === 0)) unread.add(sum.row.row);
      }
    if (rowsAfterBlank) for (let r = rowsAfterBlank.first; r <= rowsAfterBlank.last; r++) unread.add(r);
    if (unread.size > 0) unreadRows = [...unread].sort((a, b) => a - b);
  }

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
    sums,
    categories,
    numberingRows,
    ...(breakdownRows.length > 0 ? { breakdownRows } : {}),
    unreadRows,
    hidden: hiddenIn(sheet, header.rows[0]!, lastRow, [...columns, ...extraColumns]),
  };
  return { table, next: stop + 1 };
}
