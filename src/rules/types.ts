/**
 * What a rule is: a small unit with a stable code, a severity, a one-line Chinese description and
 * a check over one table (in the spirit of ESLint rules / frictionless checks).
 */
import type { Config } from '../config/schema.js';
import type { FieldId, FieldSpec } from '../schema/kinds.js';
import type { DataRow, Table, TableCell } from '../table/model.js';
import { cellAt, rowsAndTotal } from './util.js';
import type { Finding, RuleCode, Severity } from './finding.js';

/** When a file was received, for the rules that compare dates with it (filldate-stale). */
export interface Receipt {
  at: Date;
  /**
   * Where the time comes from: the ledger (a file receive filed), the file's modification time (a
   * file in an inbox without a ledger line: 'mtime'; a loose file outside any inbox: 'file'), or now
   * (validate of a loose file whose modification time lies in the future).
   */
  from: 'ledger' | 'mtime' | 'file' | 'now';
}

export interface RuleContext {
  config: Config;
  /** Absent: the receipt is unknown and receipt-dependent rules do not run. */
  receipt?: Receipt;
}

export interface RuleInfo {
  code: RuleCode;
  severity: Severity;
  /** Chinese, one line: what the rule checks. */
  description: string;
  /**
   * Chinese, a few characters: the problem's name where a list of problems is summed up (the
   * 说明 of 报送情况 in the merged workbooks: “金额按文字填写 6 处（E4、G4、F5 等）”). Without it,
   * the description is used.
   */
  short?: string;
}

export interface Rule extends RuleInfo {
  /** The rule's findings on one table, in the order it finds them. */
  check(table: Table, context: RuleContext): Finding[];
  /**
   * The rule started on a table for checkTable's single pass over the rows: what it finds goes into
   * `findings`; the visitor it returns (null: nothing to look at row by row) is then given every row
   * of the table, and ended.
   */
  start(table: Table, context: RuleContext, findings: Finding[]): RowVisitor | null;
}

/**
 * What a rule looks at row by row. checkTable walks a table's rows once for all rules: each data row
 * (`total` false), then each row that states a sum (合计, 小计, a category with amounts: `total`
 * true), as rowsAndTotal (util.ts) lists them.
 */
export interface RowVisitor {
  /** One row; a rule that reads only the data rows returns at once when `total`. */
  row?(row: DataRow, total: boolean): void;
  /** Each cell the row holds (for-in order of `row.cells`), after `row` was given that row. */
  cell?(cell: TableCell, id: FieldId, row: DataRow, total: boolean): void;
  /** After the last row: for a rule that decides on the whole column (序号 runs 1, 2, 3 …). */
  end?(): void;
}

/** What a rule reports; code and severity come from the rule itself. */
export interface Report {
  cell: string | null;
  row: number | null;
  field: string | null;
  value: string | number | boolean | null;
  message: string;
}

type Reporter = (r: Report) => void;

/**
 * The report function of one rule on one table: the finding gets the rule's own code and severity
 * (a rule cannot emit another's), and a cell is reported at most once per rule: the reader gives
 * every row of a vertical merge (a 所在区 merged over three projects) the master cell's ref, and
 * one cell is one problem.
 */
function reporter(info: RuleInfo, findings: Finding[]): Reporter {
  const { code, severity } = info;
  const cells = new Set<string>();
  return (r) => {
    if (r.cell !== null) {
      if (cells.has(r.cell)) return;
      cells.add(r.cell);
    }
    findings.push({ severity, code, ...r });
  };
}

function ruleInfo(info: RuleInfo): RuleInfo {
  const { code, severity, description, short } = info;
  return { code, severity, description, ...(short === undefined ? {} : { short }) };
}

/**
 * Walks one table's rows for the given visitors, in the order RowVisitor describes: one pass over
 * the rows, whatever the number of rules.
 */
export function visitRows(table: Table, visitors: readonly RowVisitor[]): void {
  const rowVisitors = visitors.filter((v) => v.row !== undefined);
  const cellVisitors = visitors.filter((v) => v.cell !== undefined);
  for (const { row, total } of rowsAndTotal(table)) {
    for (const visitor of rowVisitors) visitor.row!(row, total);
    if (cellVisitors.length === 0) continue;
    const cells = row.cells;
    for (const id in cells) {
      // for-in: the same keys in the same order as Object.entries, without an array per row.
      const cell = cells[id as FieldId];
      if (cell) for (const visitor of cellVisitors) visitor.cell!(cell, id as FieldId, row, total);
    }
  }
  for (const visitor of visitors) visitor.end?.();
}

/**
 * Defines a rule that looks at the table as a whole (its header, its 填表日期, its sums): `run`
 * reports problems through `report` (see reporter).
 */
export function defineRule(info: RuleInfo & { run(table: Table, context: RuleContext, report: Reporter): void }): Rule {
  const { run } = info;
  return {
    ...ruleInfo(info),
    check(table, context) {
      const findings: Finding[] = [];
      run(table, context, reporter(info, findings));
      return findings;
    },
    start(table, context, findings) {
      run(table, context, reporter(info, findings));
      return null;
    },
  };
}

/**
 * Defines a rule that looks at the rows: `visit` reads what it needs of the table once and returns
 * what it does with each row (or cell), or null when the table gives it nothing to check (no such
 * column). checkTable gives all such rules the rows in one pass (visitRows); `check` runs the rule
 * alone, the same way.
 */
export function defineRowRule(
  info: RuleInfo & { visit(table: Table, context: RuleContext, report: Reporter): RowVisitor | null },
): Rule {
  const { visit } = info;
  return {
    ...ruleInfo(info),
    check(table, context) {
      const findings: Finding[] = [];
      const visitor = visit(table, context, reporter(info, findings));
      if (visitor) visitRows(table, [visitor]);
      return findings;
    },
    start(table, context, findings) {
      return visit(table, context, reporter(info, findings));
    },
  };
}

/**
 * The visitor of a rule that looks at the data rows' cells of some columns (the amount columns, the
 * required ones …): `each` is given each data row's cell of each of `fields` (a cell the reader
 * left out as blank: cellAt), row by row, the fields in their order. null when the table has none
 * of the fields.
 */
export function dataCells(
  table: Table,
  fields: readonly FieldSpec[],
  each: (cell: TableCell, spec: FieldSpec, row: DataRow) => void,
): RowVisitor | null {
  if (fields.length === 0) return null;
  return {
    row(row, isSum) {
      if (isSum) return;
      for (const spec of fields) {
        const cell = cellAt(table, row, spec.id);
        if (cell) each(cell, spec, row);
      }
    },
  };
}
