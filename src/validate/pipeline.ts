/**
 * validate's pipeline: file → reader → tables → rules → results. Used by validate, receive, merge
 * and monthly alike.
 */
import type { Config } from '../config/schema.js';
import { readWorkbook } from '../reader/index.js';
import { findTables } from '../table/detect.js';
import { loadFormulaEngine, needsFormulaEngine } from '../table/formulas.js';
import { checkTable, compareFindings, type Receipt } from '../rules/index.js';
import type { ReaderNotice } from '../reader/model.js';
import type { Table } from '../table/model.js';
import type { Finding } from '../rules/finding.js';
import type { TableResult, Validated } from './result.js';

export interface ValidateContext {
  config: Config;
  groupOverride?: number;
  /** Convert .xls/.et with LibreOffice when it is there (default true). */
  convert?: boolean;
  /** When the file was received (filldate-stale); absent: not checked. */
  receipt?: Receipt;
  /** The file's bytes, already read by the caller (the inbox's result cache): the file is not opened again. */
  bytes?: Uint8Array;
}

function fileResult(file: string, finding: Finding): TableResult {
  return { file, sheet: null, kind: null, group: null, district: null, fillDate: null, rows: 0, valid: false, issues: [finding] };
}

const TEMPLATE_UNRECOGNIZED =
  '没有找到附件2–4、白名单或月报素材的表头（如“项目名称”“总投资”“进展情况”等列），可能不是报送表格；如是，请按 xmb template 生成的模板填写后重新报送';

function noticeFinding(notice: ReaderNotice): Finding {
  const cell = notice.cell ?? null;
  const row = cell === null ? null : Number(/\d+$/.exec(cell)?.[0] ?? NaN);
  return {
    severity: notice.severity,
    code: notice.code,
    cell,
    row: row !== null && Number.isInteger(row) && row > 0 ? row : null,
    field: null,
    value: notice.value ?? null,
    message: notice.message,
  };
}

/** The first 1-based sheet row a table occupies (its title, else its header). */
const tableTop = (table: Table): number => Math.min(...table.headerRows, table.rows[0]?.row ?? Infinity);

/**
 * Validates one file: reads it, finds its tables, runs the rules. One result per table; a file that
 * yields no table gives one result with the file-level finding. What the reader noticed
 * (WorkbookModel.notices) becomes findings: a notice about the whole file goes on every table of the
 * file; one about a sheet goes on that sheet's table (the table holding the cell, when it names
 * one), or, when the sheet has no table, on a result of its own for that sheet; an error notice at a
 * cell replaces the rules' findings at that cell (one problem, one finding). Never throws for a bad file.
 */
export async function validateFile(path: string, context: ValidateContext): Promise<Validated[]> {
  const read = await readWorkbook(path, { convert: context.convert ?? true, bytes: context.bytes });
  if (!read.ok) {
    const finding: Finding = { severity: 'error', code: read.code, cell: null, row: null, field: null, value: null, message: read.message };
    return [{ result: fileResult(path, finding), table: null, path }];
  }
  const workbook = read.workbook;
  const notices = workbook.notices ?? [];
  if (needsFormulaEngine(workbook)) await loadFormulaEngine();
  const tables = findTables(workbook, { file: path, config: context.config, groupOverride: context.groupOverride });
  const fileNotices = notices.filter((n) => n.sheet === undefined).map(noticeFinding);
  const out: Validated[] = [];

  // Notices about a sheet: onto the table that holds the cell, else the sheet's first table, else a result of their own.
  const extra = new Map<Table, Finding[]>();
  const sheetOnly = new Map<string, Finding[]>();
  for (const notice of notices) {
    if (notice.sheet === undefined) continue;
    const finding = noticeFinding(notice);
    const onSheet = tables.filter((t) => t.sheet === notice.sheet);
    if (onSheet.length === 0) {
      sheetOnly.set(notice.sheet, [...(sheetOnly.get(notice.sheet) ?? []), finding]);
      continue;
    }
    const row = finding.row ?? 0;
    const holder = [...onSheet].reverse().find((t) => tableTop(t) <= row) ?? onSheet[0]!;
    extra.set(holder, [...(extra.get(holder) ?? []), finding]);
  }

  if (tables.length === 0) {
    const unreadable = new Set(notices.filter((n) => n.code === 'sheet-unreadable' && n.sheet !== undefined).map((n) => n.sheet));
    const allUnreadable = workbook.sheets.length > 0 && workbook.sheets.every((s) => unreadable.has(s.name));
    if (!allUnreadable || sheetOnly.size === 0) {
      const finding: Finding = { severity: 'error', code: 'template-unrecognized', cell: null, row: null, field: null, value: null, message: TEMPLATE_UNRECOGNIZED };
      const result = fileResult(path, finding);
      result.issues.push(...fileNotices);
      result.issues.sort(compareFindings);
      out.push({ result, table: null, path });
    }
  }

  for (const table of tables) {
    const own = [...fileNotices, ...(extra.get(table) ?? [])];
    const replaced = new Set(own.filter((f) => f.severity === 'error' && f.cell !== null).map((f) => f.cell));
    const issues = [...checkTable(table, { config: context.config, receipt: context.receipt }).filter((f) => f.cell === null || !replaced.has(f.cell)), ...own].sort(compareFindings);
    const result: TableResult = {
      file: path,
      sheet: table.sheet,
      kind: table.kind,
      group: table.group,
      district: table.district,
      fillDate: table.fillDate?.iso ?? null,
      rows: table.rows.length,
      valid: !issues.some((i) => i.severity === 'error'),
      issues,
    };
    if (table.categories && table.categories.length > 0)
      result.categories = table.categories.map(({ label, row, level, rows }) => ({ label, row, level, rows: [...rows] }));
    out.push({ result, table, path });
  }

  for (const [sheet, findings] of sheetOnly) {
    const issues = (tables.length === 0 && out.length === 0 ? [...fileNotices, ...findings] : findings).sort(compareFindings);
    const result: TableResult = { ...fileResult(path, issues[0]!), sheet, issues, valid: !issues.some((i) => i.severity === 'error') };
    out.push({ result, table: null, path });
  }
  return out;
}
