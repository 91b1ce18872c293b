/**
 * The receipt time `validate` checks a file against (filldate-stale), the same one the other
 * commands would use:
 * - a file inside an inbox (a folder above it holds 收件登记.jsonl): the ledger's time for that file,
 *   else its modification time — what merge and status use;
 * - any other file: its modification time (when it was downloaded or saved from the mail — for a
 *   file that just came, the time receive would record), but never later than now: with XMB_NOW
 *   fixing "now" to a past week, files count as received by then. Such a time says when the file
 *   was saved here, not when the district sent it, so filldate-stale only uses it for a 填表日期 a
 *   few weeks back (a resent recent table); a file copied from an archive is not warned about merely
 *   for being old.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Receipt } from '../rules/index.js';
import { LEDGER_FILE_NAME, readLedger, type LedgerEntry } from './ledger.js';

/** How many folders up an inbox is looked for (a file is filed at 收件/2022-W09/…). */
const LEVELS = 3;

export class ReceiptFinder {
  private readonly ledgers = new Map<string, Map<string, LedgerEntry>>();

  constructor(private readonly now: Date) {}

  /** The receipt of `path` (see the module comment). */
  receiptOf(path: string): Receipt {
    const full = resolve(path);
    let dir = dirname(full);
    for (let level = 0; level < LEVELS; level++) {
      if (existsSync(join(dir, LEDGER_FILE_NAME))) {
        const entry = this.ledger(dir).get(relative(dir, full).split(sep).join('/'));
        if (entry) return { at: new Date(Date.parse(entry.receivedAt)), from: 'ledger' };
        try {
          return { at: statSync(full).mtime, from: 'mtime' };
        } catch {
          break;
        }
      }
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    try {
      const mtime = statSync(full).mtime;
      return mtime.getTime() <= this.now.getTime() ? { at: mtime, from: 'file' } : { at: this.now, from: 'now' };
    } catch {
      return { at: this.now, from: 'now' };
    }
  }

  private ledger(inbox: string): Map<string, LedgerEntry> {
    let byFile = this.ledgers.get(inbox);
    if (!byFile) {
      byFile = new Map(readLedger(inbox).entries.map((e) => [e.file, e]));
      this.ledgers.set(inbox, byFile);
    }
    return byFile;
  }
}
