/**
 * What a rule is: a small unit with a stable code, a severity, a one-line Chinese description and
 * a check over one table (in the spirit of ESLint rules / frictionless checks).
 */
import type { Config } from '../config/schema.js';
import type { Table } from '../table/model.js';
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
  check(table: Table, context: RuleContext): Finding[];
}

/** What a rule reports; code and severity come from the rule itself. */
export interface Report {
  cell: string | null;
  row: number | null;
  field: string | null;
  value: string | number | boolean | null;
  message: string;
}

/**
 * Defines a rule whose `run` reports problems through `report`, so that a rule cannot emit a
 * finding under another code or severity than its own. A cell is reported at most once per rule:
 * the reader gives every row of a vertical merge (a 所在区 merged over three projects) the master
 * cell's ref, and one cell is one problem.
 */
export function defineRule(
  info: RuleInfo & { run(table: Table, context: RuleContext, report: (r: Report) => void): void },
): Rule {
  const { code, severity, description, short, run } = info;
  return {
    code,
    severity,
    description,
    ...(short === undefined ? {} : { short }),
    check(table, context) {
      const findings: Finding[] = [];
      const cells = new Set<string>();
      run(table, context, (r) => {
        if (r.cell !== null) {
          if (cells.has(r.cell)) return;
          cells.add(r.cell);
        }
        findings.push({ severity, code, ...r });
      });
      return findings;
    },
  };
}
