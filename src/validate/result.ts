/**
 * The validation result of §5 — one per recognised table, or one per file that yields no table —
 * and its zod schema (the JSON contract of `xmb validate --json`).
 */
import { z } from 'zod';
import { KIND_IDS } from '../config/schema.js';
import { RULE_CODES, type Finding } from '../rules/finding.js';
import type { Table } from '../table/model.js';
import type { KindId } from '../schema/kinds.js';

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

export const findingSchema = z.object({
  severity: z.enum(['error', 'warning']),
  code: z.enum(RULE_CODES),
  cell: z.string().regex(/^[A-Z]{1,3}[1-9]\d*$/).nullable(),
  row: z.number().int().positive().nullable(),
  field: z.string().nullable(),
  value: z.union([z.string(), z.number(), z.boolean()]).nullable(),
  message: z.string().regex(/[\u4e00-\u9fff]/, 'message must be Chinese'),
});

export const tableResultSchema = z.object({
  file: z.string(),
  sheet: z.string().nullable(),
  kind: z.enum(KIND_IDS).nullable(),
  group: z.number().int().positive().nullable(),
  district: z.string().nullable(),
  fillDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
  rows: z.number().int().nonnegative(),
  valid: z.boolean(),
  issues: z.array(findingSchema),
  categories: z
    .array(
      z.object({
        label: z.string(),
        row: z.number().int().positive(),
        level: z.number().int().min(1).max(4),
        rows: z.array(z.number().int().positive()),
      }),
    )
    .optional(),
});

/**
 * One annotated copy of `validate --annotate` (in the JSON only when --annotate is given): what it
 * holds — 'original' the district's workbook marked, 'rebuilt' a marked workbook built from the
 * values xmb read (the original could not be re-saved without losing something), 'summary' only
 * the 校验结果 sheet — and why, when it is not the original.
 */
export const annotatedCopySchema = z.object({
  file: z.string(),
  path: z.string(),
  content: z.enum(['original', 'rebuilt', 'summary']),
  reason: z.string().nullable(),
  cells: z.number().int().nonnegative(),
  findings: z.number().int().nonnegative(),
});

export type AnnotatedCopy = z.infer<typeof annotatedCopySchema>;

export const validateOutputSchema = z.object({
  version: z.literal(1),
  results: z.array(tableResultSchema),
  annotated: z.array(annotatedCopySchema).optional(),
  summary: z.object({
    files: z.number().int().nonnegative(),
    tables: z.number().int().nonnegative(),
    valid: z.number().int().nonnegative(),
    invalid: z.number().int().nonnegative(),
    errors: z.number().int().nonnegative(),
    warnings: z.number().int().nonnegative(),
  }),
  /** Files not read: in folders (not a workbook, lock files, xmb's own outputs), given twice, or xmb's own outputs given by name. */
  skipped: z.array(z.object({ file: z.string(), reason: z.enum(['own-output', 'lock', 'temp', 'not-spreadsheet', 'duplicate']) })).optional(),
});

export type ValidateOutput = z.infer<typeof validateOutputSchema>;

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
