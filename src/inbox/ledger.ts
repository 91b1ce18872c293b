/**
 * The inbox ledger 收件登记.jsonl: one JSON object per received file, appended by `xmb receive`
 * (and by the fixture generator). Merge reads it for receipt times; a file dropped into the inbox
 * by hand has no line and its modification time counts instead.
 */
import { appendFileSync, closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, readFileSync, readSync, truncateSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { KIND_IDS } from '../config/constants.js';
import type { LedgerEntry, LedgerTable } from './ledger-schema.js';
import type { TableResult } from '../validate/result.js';

export const LEDGER_FILE_NAME = '收件登记.jsonl';

export type { LedgerEntry, LedgerTable } from './ledger-schema.js';

/** The ledger's list of a file's tables (LedgerEntry.tables): one per result that is a table, in order. */
export function ledgerTablesOf(results: readonly TableResult[]): LedgerTable[] {
  return results
    .filter((r) => r.kind !== null && r.sheet !== null)
    .map((r) => ({ sheet: r.sheet!, kind: r.kind!, group: r.group, district: r.district, fillDate: r.fillDate, rows: r.rows, valid: r.valid }));
}

export interface BadLedgerLine {
  /** 1-based line number in 收件登记.jsonl. */
  line: number;
  /** The line's beginning (at most 60 characters), to recognise it. */
  text: string;
  /** The last line, without its line end: a write cut short (a crash or a full disk while receiving). */
  torn: boolean;
}

export interface Ledger {
  entries: LedgerEntry[];
  /** 1-based line numbers that are not a valid entry (skipped, reported to the user). */
  badLines: number[];
  /** The same lines with their text. */
  bad: BadLedgerLine[];
}

export function ledgerPath(inbox: string): string {
  return join(inbox, LEDGER_FILE_NAME);
}

function parseLine(line: string): LedgerEntry | null {
  try {
    return ledgerEntryFrom(JSON.parse(line));
  } catch {
    return null;
  }
}

type Plain = Record<string, unknown>;

function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

const KIND_SET: ReadonlySet<unknown> = new Set(KIND_IDS);
const SHA256 = /^[0-9a-f]{64}$/;

function ledgerTableFrom(t: unknown): LedgerTable | null {
  if (!isPlain(t)) return null;
  const { sheet, kind, group, district, fillDate, rows, valid } = t;
  if (typeof sheet !== 'string' || !KIND_SET.has(kind)) return null;
  if (group !== null && !(typeof group === 'number' && Number.isSafeInteger(group))) return null;
  if (district !== null && typeof district !== 'string') return null;
  if (fillDate !== null && typeof fillDate !== 'string') return null;
  if (!isCount(rows) || typeof valid !== 'boolean') return null;
  return { sheet, kind: kind as LedgerTable['kind'], group, district, fillDate, rows, valid };
}

/**
 * A ledger line's parsed JSON as an entry, or null when it is not one: exactly what
 * `ledgerEntrySchema.safeParse` (ledger-schema.ts) accepts and gives back (the same keys, in the schema's order;
 * others dropped), by hand — a year's ledger has thousands of lines and every status, merge and
 * monthly reads it (test/inbox/ledger.test.ts holds the two to the same answers).
 */
export function ledgerEntryFrom(value: unknown): LedgerEntry | null {
  if (!isPlain(value)) return null;
  const { receivedAt, original, file, sha256, summary, tables } = value;
  if (typeof receivedAt !== 'string' || Number.isNaN(Date.parse(receivedAt))) return null;
  if (typeof original !== 'string' || typeof file !== 'string') return null;
  if (typeof sha256 !== 'string' || !SHA256.test(sha256)) return null;
  if (!isPlain(summary)) return null;
  const { tables: count, valid, invalid, errors, warnings } = summary;
  if (!isCount(count) || !isCount(valid) || !isCount(invalid) || !isCount(errors) || !isCount(warnings)) return null;
  if (!Array.isArray(tables)) return null;
  const list: LedgerTable[] = [];
  for (const t of tables) {
    const table = ledgerTableFrom(t);
    if (table === null) return null;
    list.push(table);
  }
  return { receivedAt, original, file, sha256, summary: { tables: count, valid, invalid, errors, warnings }, tables: list };
}

/** Reads 收件登记.jsonl; lines that are not a valid entry are skipped and listed in `bad`. No file: empty. */
export function readLedger(inbox: string): Ledger {
  const path = ledgerPath(inbox);
  if (!existsSync(path)) return { entries: [], badLines: [], bad: [] };
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  const entries: LedgerEntry[] = [];
  const bad: BadLedgerLine[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const entry = parseLine(line);
    if (entry) entries.push(entry);
    else bad.push({ line: index + 1, text: shorten(line), torn: index === lines.length - 1 });
  });
  return { entries, badLines: bad.map((b) => b.line), bad };
}

function shorten(line: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = line.replace(/[\x00-\x1f\x7f]/g, ' ').trim();
  return clean.length > 60 ? `${clean.slice(0, 60)}…` : clean;
}

/**
 * Appends one entry as one line and flushes it to disk. If the write fails (a full disk), the
 * ledger is cut back to where it was, so no half line stays behind; the error is rethrown.
 * Call under the inbox lock (lock.ts).
 */
export function appendLedger(inbox: string, entry: LedgerEntry): void {
  const path = ledgerPath(inbox);
  const fd = openSync(path, 'a+');
  try {
    const size = fstatSync(fd).size;
    let prefix = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, size - 1);
      if (last[0] !== 0x0a) prefix = '\n';
    }
    const bytes = Buffer.from(`${prefix}${JSON.stringify(entry)}\n`, 'utf8');
    try {
      writeAll(fd, bytes);
      fsyncSync(fd);
    } catch (error) {
      try {
        ftruncateSync(fd, size);
        fsyncSync(fd);
      } catch {
        // the next receive cuts the torn line (recover.ts)
      }
      throw error;
    }
  } finally {
    closeSync(fd);
  }
}

/** Writes every byte (writeSync may write fewer than asked). */
export function writeAll(fd: number, bytes: Uint8Array): void {
  let at = 0;
  while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
}

/**
 * A last line cut short by a crash or a full disk (no line end, not a valid entry) is cut off;
 * a valid last line without its line end gets one. Returns the removed text, or null. Call under
 * the inbox lock: by the order receive writes in (copy, ledger line, then the copy's name), a line
 * that was never finished recorded nothing.
 */
export function repairLedgerTail(inbox: string): string | null {
  const path = ledgerPath(inbox);
  if (!existsSync(path)) return null;
  const bytes = readFileSync(path);
  if (bytes.length === 0 || bytes[bytes.length - 1] === 0x0a) return null;
  const start = bytes.lastIndexOf(0x0a) + 1;
  const tail = bytes.subarray(start).toString('utf8');
  if (tail.trim() !== '' && parseLine(tail.replace(/^\uFEFF/, '').replace(/\r$/, '')) !== null) {
    appendFileSync(path, '\n');
    return null;
  }
  truncateSync(path, start);
  return tail.trim() === '' ? null : shorten(tail);
}
