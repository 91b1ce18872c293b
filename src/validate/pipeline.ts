/**
 * validate's pipeline: file → reader → tables → rules → results. Used by validate, receive, merge
 * and monthly alike.
 */
import type { Config } from '../config/schema.js';
import { readWorkbook } from '../reader/index.js';
import { findTables } from '../table/detect.js';
import { checkTable, type Receipt } from '../rules/index.js';
import type { Finding } from '../rules/finding.js';
import type { TableResult, Validated } from './result.js';

/** The extensions read when a folder is given (see inputs.ts); files named on the command line are read by content. */
export const INPUT_EXTENSIONS = ['.xlsx', '.xlsm', '.xls', '.et'];

export interface ValidateContext {
  config: Config;
  groupOverride?: number;
  /** Convert .xls/.et with LibreOffice when it is there (default true). */
  convert?: boolean;
  /** When the file was received (filldate-stale); absent: not checked. */
  receipt?: Receipt;
}

function fileResult(file: string, finding: Finding): TableResult {
  return { file, sheet: null, kind: null, group: null, district: null, fillDate: null, rows: 0, valid: false, issues: [finding] };
}

export async function validateFile(path: string, context: ValidateContext): Promise<Validated[]> {
  const read = await readWorkbook(path, { convert: context.convert ?? true });
  if (!read.ok) {
    const finding: Finding = { severity: 'error', code: read.code, cell: null, row: null, field: null, value: null, message: read.message };
    return [{ result: fileResult(path, finding), table: null, path }];
  }
  const tables = findTables(read.workbook, { file: path, config: context.config, groupOverride: context.groupOverride });
  if (tables.length === 0) {
    const finding: Finding = {
      severity: 'error',
      code: 'template-unrecognized',
      cell: null,
      row: null,
      field: null,
      value: null,
      message: '没有找到附件2–4、白名单或月报素材的表头（如“项目名称”“总投资”“进展情况”等列），可能不是报送表格；如是，请按 xmb template 生成的模板填写后重新报送',
    };
    return [{ result: fileResult(path, finding), table: null, path }];
  }
  return tables.map((table) => {
    const issues = checkTable(table, { config: context.config, receipt: context.receipt });
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
    return { result, table, path };
  });
}
