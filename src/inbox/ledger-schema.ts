/**
 * A line of the inbox ledger 收件登记.jsonl as a zod schema: the types of ledger.ts come from it, and
 * test/inbox/ledger.test.ts holds the hand-written check (ledgerEntryFrom) to it. Only tests import
 * this module at run time, so that reading the ledger never loads zod (issue 9).
 */
import { z } from 'zod';
import { KIND_IDS } from '../config/constants.js';

export const ledgerTableSchema = z.object({
  sheet: z.string(),
  kind: z.enum(KIND_IDS),
  group: z.number().int().nullable(),
  district: z.string().nullable(),
  fillDate: z.string().nullable(),
  rows: z.number().int().nonnegative(),
  valid: z.boolean(),
});

export const ledgerEntrySchema = z.object({
  /** The receipt instant with the zone's offset, "2022-03-04T11:30:00+08:00". */
  receivedAt: z.string().refine((text) => !Number.isNaN(Date.parse(text)), 'not a time'),
  /** The file's name as it arrived. */
  original: z.string(),
  /** Relative to the inbox, with "/". */
  file: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  summary: z.object({
    tables: z.number().int().nonnegative(),
    valid: z.number().int().nonnegative(),
    invalid: z.number().int().nonnegative(),
    errors: z.number().int().nonnegative(),
    warnings: z.number().int().nonnegative(),
  }),
  tables: z.array(ledgerTableSchema),
});

export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;
export type LedgerTable = z.infer<typeof ledgerTableSchema>;
