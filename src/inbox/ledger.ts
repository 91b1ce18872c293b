/**
 * The inbox ledger 收件登记.jsonl: one JSON object per received file, appended by `xmb receive`
 * (and by the fixture generator). Merge reads it for receipt times; a file dropped into the inbox
 * by hand has no line and its modification time counts instead.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { KIND_IDS } from '../config/schema.js';

export const LEDGER_FILE_NAME = '收件登记.jsonl';

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

export interface Ledger {
  entries: LedgerEntry[];
  /** 1-based line numbers that are not a valid entry (skipped, reported to the user). */
  badLines: number[];
}

export function ledgerPath(inbox: string): string {
  return join(inbox, LEDGER_FILE_NAME);
}

export function readLedger(inbox: string): Ledger {
  const path = ledgerPath(inbox);
  if (!existsSync(path)) return { entries: [], badLines: [] };
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  const entries: LedgerEntry[] = [];
  const badLines: number[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      const parsed = ledgerEntrySchema.safeParse(JSON.parse(line));
      if (parsed.success) entries.push(parsed.data);
      else badLines.push(index + 1);
    } catch {
      badLines.push(index + 1);
    }
  });
  return { entries, badLines };
}

/** Appends one line (a single write, so a crash cannot leave half an entry behind another). */
export function appendLedger(inbox: string, entry: LedgerEntry): void {
  const path = ledgerPath(inbox);
  let prefix = '';
  if (existsSync(path)) {
    const existing = readFileSync(path, 'utf8');
    if (existing.length > 0 && !existing.endsWith('\n')) prefix = '\n';
  }
  appendFileSync(path, `${prefix}${JSON.stringify(entry)}\n`, 'utf8');
}
