/**
 * Reads an inbox folder for the monthly report, through the shared inbox scan (src/inbox/scan.ts:
 * every workbook under it, recursively; lock files, annotated copies …_批注.xlsx, our temporary
 * files and the output folder skipped; receipt time from the ledger 收件登记.jsonl, else the file's
 * modification time). Each file is validated, told its receipt as merge and status tell it (one cache entry per file) (through the inbox's result cache, src/inbox/cache.ts);
 * each recognised table gets its date — its 填表日期, else its receipt date in the configured zone
 * (see sourceFromTable). With a `period`, files the ledger places outside it are not read (the rule
 * is canSkip's in src/merge/load.ts: 月报素材 files are always read, their items carry their own dates).
 * With `lookBackStart` too, files the ledger dates from that day up to the period (the year the
 * 问题台账 tracks problems over) are read as well, but only as summaries (their tables cut to the cells
 * tracking reads, src/problems/tracked-cells.ts): they give sources dated before the period (counted
 * as read, never in the report's figures) and submissions for tracking.
 */
import type { Config } from '../config/schema.js';
import { scanInbox } from '../inbox/scan.js';
import { validateScannedFor, type SkipScope, type ValidatedInbox } from '../merge/load.js';
import type { WeekId } from '../time/index.js';
import { toSubmissions, type Submission } from '../merge/submission.js';
import { sourceFromTable, type DateRange, type SourceTable } from './sources.js';

export interface Unread {
  file: string;
  /** The first finding's message (file-level: unreadable, unrecognised …). */
  message: string;
}

export interface InboxContents {
  sources: SourceTable[];
  /** Files that gave no table. */
  unread: Unread[];
  /** Files not read: the ledger places them outside the period. */
  skipped: number;
  /** The same tables (and files without one) as merge sees them: for the 问题台账 (src/problems/from-inbox.ts). */
  submissions: Submission[];
}

/**
 * The inbox for a monthly report: the tables of `period` (sources, unread files, submissions), and,
 * when `weeks` is given, the submissions merge reads for those weeks (`weekSubmissions`, for the
 * 序时进度 lights) — each file validated once for both.
 */
export async function readInbox(
  inbox: string,
  config: Config,
  options: { exclude?: string[]; period?: DateRange; weeks?: WeekId[]; lookBackStart?: string } = {},
): Promise<InboxContents & { weekSubmissions: Submission[] }> {
  const scan = scanInbox(inbox, { exclude: options.exclude });
  const { period, lookBackStart } = options;
  const weekly: SkipScope[] = options.weeks ? [{ weeks: options.weeks }] : [];
  // [0]: the tables reported on (and, with lookBackStart, the summaries before them); [1]: the lights' weeks, when asked for.
  const scopes: SkipScope[] =
    period && lookBackStart !== undefined && lookBackStart < period.start
      ? [{ dates: { start: lookBackStart, end: period.end }, summary: true }, ...weekly, { dates: period }]
      : [{ dates: period }, ...weekly];
  const [dated, ofWeeks] = await validateScannedFor(scan, config, scopes, { receipt: true });
  const { files, results, skipped } = dated!;
  const sources: SourceTable[] = [];
  const unread: Unread[] = [];
  const submissions: Submission[] = [];
  for (const [i, file] of files.entries()) {
    submissions.push(...toSubmissions(results[i]!, file, config));
    for (const v of results[i]!) {
      const source = sourceFromTable(
        { file: file.path, table: v.table, valid: v.result.valid, receivedAt: file.receivedAt, receivedFrom: file.receivedFrom },
        config.timeZone,
      );
      if (source) sources.push(source);
      else unread.push({ file: file.path, message: v.result.issues[0]?.message ?? '无法读取' });
    }
  }
  return { sources, unread, skipped, submissions, weekSubmissions: options.weeks ? submissionsOf(ofWeeks!, config) : [] };
}

function submissionsOf({ files, results }: ValidatedInbox, config: Config): Submission[] {
  const submissions: Submission[] = [];
  files.forEach((file, i) => submissions.push(...toSubmissions(results[i]!, file, config)));
  return submissions;
}
