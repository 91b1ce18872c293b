/**
 * Reading an inbox into submissions: every workbook under it is validated (validate's pipeline) and
 * given its receipt time (ledger, else modification time) and week.
 */
import type { Config } from '../config/schema.js';
import { UserError } from '../errors.js';
import { scanInbox, type InboxScan } from '../inbox/scan.js';
import { validateFile } from '../validate/pipeline.js';
import { toSubmissions, type Submission } from './submission.js';

export interface LoadedInbox {
  scan: InboxScan;
  submissions: Submission[];
}

export async function loadInbox(inbox: string, config: Config, options: { exclude?: string[]; allowEmpty?: boolean } = {}): Promise<LoadedInbox> {
  const scan = scanInbox(inbox, options);
  if (scan.files.length === 0 && !options.allowEmpty) throw new UserError(`收件文件夹 ${inbox} 中没有 Excel 文件（.xlsx/.xlsm/.xls/.et）`);
  const submissions: Submission[] = [];
  for (const file of scan.files) {
    const validated = await validateFile(file.path, { config });
    submissions.push(...toSubmissions(validated, file, config));
  }
  return { scan, submissions };
}
