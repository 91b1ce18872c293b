/**
 * What is in an inbox: every workbook under it, recursively (clerks also drop files in by hand),
 * each with its receipt time — the ledger's receivedAt for that file, else its modification time.
 * A file the ledger records is read whatever its extension (receive files by content: .xlsx, .xls,
 * .csv …). Skipped, and listed in `skipped`: Office lock files (~$…), xmb's own outputs (汇总表,
 * 批注副本, 模板 — by the marker in their document properties, src/reader/own-output.ts), our own
 * temporary files (an interrupted receive), files that are not workbooks; the output folder is left
 * out when it lies inside the inbox. Ledger lines that cannot be read and ledger entries whose file
 * is not there are listed too, for the commands to say (notes.ts).
 */
import { existsSync, readdirSync, statSync, type Stats } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { UserError } from '../errors.js';
import { folderSkipReason, isInboxBookkeeping, type SkippedFile } from '../validate/inputs.js';
import { CACHE_DIR_NAME } from './cache.js';
import { readLedger, type BadLedgerLine, type LedgerEntry, type LedgerTable } from './ledger.js';

/** The inbox folder when --inbox is not given (relative to the working folder). */
export const DEFAULT_INBOX = '收件';

export interface InboxFile {
  /** The path to open (the inbox joined with the relative path). */
  path: string;
  /** Relative to the inbox, with "/". */
  relative: string;
  receivedAt: Date;
  receivedFrom: 'ledger' | 'mtime';
  /**
   * The place of the file's line in 收件登记.jsonl (0 for the first line read; null: no line). The
   * ledger is appended in the order files are received, so this orders files whose receipt times are
   * equal (several copies received in one second, or under a fixed XMB_NOW).
   */
  receiptOrder: number | null;
  /** What the ledger recorded about the file's tables when it was received (null: no ledger line). */
  ledgerTables: LedgerTable[] | null;
  /** The file's modification time. */
  modifiedAt: Date;
  /** The file's stat when the scan listed it (the result cache looks it up by it, cache.ts). */
  stats?: Stats;
}

export interface InboxScan {
  inbox: string;
  files: InboxFile[];
  /** Ledger lines that could not be read. */
  badLedgerLines: number[];
  /** The same, with their text. */
  badLedger: BadLedgerLine[];
  /** Files under the inbox that are not read, and why. */
  skipped: SkippedFile[];
  /** Ledger entries whose file is not in the inbox (moved or deleted, or a receive interrupted before naming it). */
  missing: LedgerEntry[];
}

export function scanInbox(inbox: string, options: { exclude?: string[] } = {}): InboxScan {
  if (!existsSync(inbox) || !statSync(inbox).isDirectory())
    throw new UserError(`找不到收件文件夹：${inbox}（用 --inbox 指定，或先用 xmb receive 收件）`);
  const ledger = readLedger(inbox);
  const byFile = new Map(ledger.entries.map((e) => [e.file, e]));
  const orderOf = new Map(ledger.entries.map((e, i) => [e.file, i]));
  const excluded = (options.exclude ?? []).map((p) => resolve(p));
  const files: InboxFile[] = [];
  const skipped: SkippedFile[] = [];
  const seen = new Set<string>();
  // `rel`: the folder relative to the inbox, with "/" ('' for the inbox itself).
  const walk = (dir: string, rel: string) => {
    if (excluded.includes(resolve(dir))) return;
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== CACHE_DIR_NAME) walk(full, `${rel}${entry.name}/`); // the result cache (cache.ts): not submissions, not "skipped"
      }
      else if (entry.isFile() && !isInboxBookkeeping(entry.name)) {
        const relative = `${rel}${entry.name}`;
        const recorded = byFile.get(relative);
        if (recorded) seen.add(relative);
        const reason = recorded ? null : folderSkipReason(entry.name, full);
        if (reason) {
          skipped.push({ path: full, reason });
          continue;
        }
        const stats = statSync(full);
        const modifiedAt = stats.mtime;
        files.push({
          path: full,
          relative,
          receivedAt: recorded ? new Date(Date.parse(recorded.receivedAt)) : modifiedAt,
          receivedFrom: recorded ? 'ledger' : 'mtime',
          receiptOrder: recorded ? orderOf.get(relative)! : null,
          ledgerTables: recorded ? recorded.tables : null,
          modifiedAt,
          stats,
        });
      }
    }
  };
  walk(inbox, '');
  const missing = ledger.entries.filter((e) => !seen.has(e.file) && !excluded.some((x) => resolve(inbox, e.file).startsWith(x + sep)));
  return { inbox, files, badLedgerLines: ledger.badLines, badLedger: ledger.bad, skipped, missing };
}
