/**
 * Reading an inbox into submissions: every workbook under it is validated (validate's pipeline) and
 * given its receipt time (ledger, else modification time) and week.
 */
import type { Config } from '../config/schema.js';
import { UserError } from '../errors.js';
import { scanInbox, type InboxFile, type InboxScan } from '../inbox/scan.js';
import { isoWeekOf, isoWeekOfDate, type WeekId } from '../time/index.js';
import { validateFile } from '../validate/pipeline.js';
import { formatSkipped } from '../validate/inputs.js';
import { toSubmissions, type Submission } from './submission.js';

export interface LoadedInbox {
  scan: InboxScan;
  submissions: Submission[];
}

export interface LoadOptions {
  /** Folders inside the inbox to leave out (the output folder). */
  exclude?: string[];
  /** An inbox without workbooks is not an error (status). */
  allowEmpty?: boolean;
  /**
   * Only these weeks matter: a file the ledger says holds only tables dated in other weeks, received
   * in another week and not modified since, is not read again. Files without a ledger line are
   * always read.
   */
  weeks?: WeekId[];
}

/** A minute's grace between a receipt and the copy's modification time. */
const COPY_GRACE_MS = 60_000;

export function canSkip(file: InboxFile, weeks: WeekId[], timeZone: string): boolean {
  const tables = file.ledgerTables;
  if (!tables || tables.length === 0) return false;
  if (file.modifiedAt.getTime() > file.receivedAt.getTime() + COPY_GRACE_MS) return false;
  if (weeks.includes(isoWeekOf(file.receivedAt, timeZone))) return false;
  return tables.every((t) => t.fillDate !== null && /^\d{4}-\d{2}-\d{2}$/.test(t.fillDate) && !weeks.includes(isoWeekOfDate(t.fillDate)));
}

export async function loadInbox(inbox: string, config: Config, options: LoadOptions = {}): Promise<LoadedInbox> {
  const scan = scanInbox(inbox, options);
  if (scan.files.length === 0 && !options.allowEmpty) {
    const skipped = formatSkipped(scan.skipped);
    throw new UserError(`收件文件夹 ${inbox} 中没有 Excel 文件（.xlsx/.xlsm/.xls/.et）${skipped ? `（${skipped}）` : ''}`);
  }
  const submissions: Submission[] = [];
  for (const file of scan.files) {
    if (options.weeks && canSkip(file, options.weeks, config.timeZone)) continue;
    const validated = await validateFile(file.path, { config, receipt: { at: file.receivedAt, from: file.receivedFrom } });
    submissions.push(...toSubmissions(validated, file, config));
  }
  return { scan, submissions };
}
