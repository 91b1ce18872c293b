/**
 * What is in an inbox: every workbook under it, recursively (clerks also drop files in by hand),
 * each with its receipt time — the ledger's receivedAt for that file, else its modification time.
 * Skipped: Office lock files (~$…), annotated copies (…_批注.xlsx, written by validate --annotate),
 * our own temporary files, and the output folder when it lies inside the inbox.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join, relative, resolve, sep } from 'node:path';
import { UserError } from '../errors.js';
import { INPUT_EXTENSIONS } from '../validate/pipeline.js';
import { readLedger, type LedgerTable } from './ledger.js';

export interface InboxFile {
  /** The path to open (the inbox joined with the relative path). */
  path: string;
  /** Relative to the inbox, with "/". */
  relative: string;
  receivedAt: Date;
  receivedFrom: 'ledger' | 'mtime';
  /** What the ledger recorded about the file's tables when it was received (null: no ledger line). */
  ledgerTables: LedgerTable[] | null;
  /** The file's modification time. */
  modifiedAt: Date;
}

export interface InboxScan {
  inbox: string;
  files: InboxFile[];
  /** Ledger lines that could not be read. */
  badLedgerLines: number[];
}

export function scanInbox(inbox: string, options: { exclude?: string[] } = {}): InboxScan {
  if (!existsSync(inbox) || !statSync(inbox).isDirectory())
    throw new UserError(`找不到收件文件夹：${inbox}（用 --inbox 指定，或先用 xmb receive 收件）`);
  const ledger = readLedger(inbox);
  const byFile = new Map(ledger.entries.map((e) => [e.file, e]));
  const excluded = (options.exclude ?? []).map((p) => resolve(p));
  const files: InboxFile[] = [];
  const walk = (dir: string) => {
    if (excluded.includes(resolve(dir))) return;
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && isSubmission(entry.name)) {
        const rel = relative(inbox, full).split(sep).join('/');
        const entry = byFile.get(rel);
        const modifiedAt = statSync(full).mtime;
        files.push({
          path: full,
          relative: rel,
          receivedAt: entry ? new Date(Date.parse(entry.receivedAt)) : modifiedAt,
          receivedFrom: entry ? 'ledger' : 'mtime',
          ledgerTables: entry ? entry.tables : null,
          modifiedAt,
        });
      }
    }
  };
  walk(inbox);
  return { inbox, files, badLedgerLines: ledger.badLines };
}

function isSubmission(name: string): boolean {
  const ext = extname(name).toLowerCase();
  if (!INPUT_EXTENSIONS.includes(ext)) return false;
  const stem = basename(name, extname(name));
  return !name.startsWith('~$') && !stem.endsWith('_批注') && !name.includes('.~xmb-');
}
