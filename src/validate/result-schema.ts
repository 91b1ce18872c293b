/**
 * The JSON contract of `xmb validate --json` (§5) as a zod schema: the types of result.ts come from
 * it, and the tests hold every output to it. Only tests import this module at run time, so that
 * `xmb validate` never loads zod (issue 9).
 */
import { z } from 'zod';
import { KIND_IDS } from '../config/constants.js';
import { RULE_CODES } from '../rules/finding.js';

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
