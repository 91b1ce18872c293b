/**
 * The workbook reader: the only code that opens a spreadsheet file. Turns any file into the neutral
 * WorkbookModel of ./model.ts, or a file-level failure with a Chinese message.
 * STUB — to be implemented (see issue 2, build step 3 and 6).
 */
import type { ReadOutcome } from './model.js';

export interface ReadOptions {
  /** Convert .xls/.et/.ods… with LibreOffice when `soffice` is on PATH (default true). */
  convert?: boolean;
}

export async function readWorkbook(_path: string, _options: ReadOptions = {}): Promise<ReadOutcome> {
  return { ok: false, code: 'file-unreadable', message: '读取器尚未实现' };
}
