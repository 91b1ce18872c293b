/**
 * The validation result of §5 — one per recognised table, or one per file that yields no table —
 * The JSON contract of `xmb validate --json` is the zod schema in result-schema.ts (its types are
 * re-exported here; the schema itself is loaded by the tests only, so a run never loads zod).
 */
import type { Finding } from '../rules/finding.js';
import type { Table } from '../table/model.js';
import type { KindId } from '../schema/kinds.js';
import type { ValidateOutput } from './result-schema.js';

export interface TableResult {
  file: string;
  sheet: string | null;
  kind: KindId | null;
  group: number | null;
  district: string | null;
  fillDate: string | null;
  rows: number;
  valid: boolean;
  issues: Finding[];
  /**
   * The table's category rows (一、产业项目（2个）, （一）续建项目 …) and the 1-based sheet rows of the
   * projects under each; present only when the table has some (added by issue 7, backwards compatible).
   */
  categories?: CategoryResult[];
}

export interface CategoryResult {
  label: string;
  /** 1-based sheet row of the category row. */
  row: number;
  /** 1 for 一、…, 2 for （一）…, 3 for 1.…, 4 for (1)…. */
  level: number;
  /** 1-based sheet rows of its projects. */
  rows: number[];
}

/** A result and what it was made from, for the commands that go on (merge, receive, monthly). */
export interface Validated {
  result: TableResult;
  /** null for a file that yields no table. */
  table: Table | null;
  /** The path as given on the command line (or found in a folder). */
  path: string;
}

export type { AnnotatedCopy, ValidateOutput } from './result-schema.js';

export function summarise(results: TableResult[]): ValidateOutput['summary'] {
  const files = new Set(results.map((r) => r.file)).size;
  const tables = results.filter((r) => r.kind !== null).length;
  let errors = 0;
  let warnings = 0;
  for (const r of results)
    for (const issue of r.issues) {
      if (issue.severity === 'error') errors++;
      else warnings++;
    }
  const valid = results.filter((r) => r.valid).length;
  return { files, tables, valid, invalid: results.length - valid, errors, warnings };
}
