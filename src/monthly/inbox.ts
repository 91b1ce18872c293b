/**
 * Reads an inbox folder for the monthly report, through the shared inbox scan (src/inbox/scan.ts:
 * every workbook under it, recursively; lock files, annotated copies …_批注.xlsx, our temporary
 * files and the output folder skipped; receipt time from the ledger 收件登记.jsonl, else the file's
 * modification time). Every file is validated; each recognised table gets its date — its 填表日期,
 * else its receipt date in the configured zone (see sourceFromTable).
 */
import type { Config } from '../config/schema.js';
import { scanInbox } from '../inbox/scan.js';
import { validateFile } from '../validate/pipeline.js';
import { toSubmissions, type Submission } from '../merge/submission.js';
import { sourceFromTable, type SourceTable } from './sources.js';

export interface Unread {
  file: string;
  /** The first finding's message (file-level: unreadable, unrecognised …). */
  message: string;
}

export interface InboxContents {
  sources: SourceTable[];
  /** Files that gave no table. */
  unread: Unread[];
  /** Every table (and file without one) as merge sees it: for the 问题台账 (src/problems/from-inbox.ts). */
  submissions: Submission[];
}

export async function readInbox(inbox: string, config: Config, options: { exclude?: string[] } = {}): Promise<InboxContents> {
  const scan = scanInbox(inbox, options);
  const sources: SourceTable[] = [];
  const unread: Unread[] = [];
  const submissions: Submission[] = [];
  for (const file of scan.files) {
    const validated = await validateFile(file.path, { config });
    submissions.push(...toSubmissions(validated, file, config));
    for (const v of validated) {
      const source = sourceFromTable(
        { file: file.path, table: v.table, valid: v.result.valid, receivedAt: file.receivedAt, receivedFrom: file.receivedFrom },
        config.timeZone,
      );
      if (source) sources.push(source);
      else unread.push({ file: file.path, message: v.result.issues[0]?.message ?? '无法读取' });
    }
  }
  return { sources, unread, submissions };
}
