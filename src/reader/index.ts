/**
 * The workbook reader: the only code that opens a spreadsheet file. Turns any file into the neutral
 * WorkbookModel of ./model.ts, or a file-level failure with a Chinese message. Never throws and never
 * writes to the input.
 *
 * Flow: stat (size limit) → read the bytes → sniff (sniff.ts: empty, OLE/CFB encrypted or BIFF, zip,
 * text) → OOXML zips go to the engine (xlsx-engine.ts on fflate + saxes, behind the zip guard of
 * zip-guard.ts); .ods and .fods to ods-engine.ts; CSV and tab-separated text to csv-engine.ts
 * (encoding told by encoding.ts); other spreadsheet formats (.xls, .et, .xlsb …) are converted by LibreOffice
 * (convert.ts) when allowed and available, then read by the same engine.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { readFods } from './ods-engine.js';
import { convertToXlsx, findSoffice } from './convert.js';
import { MESSAGES, ReaderFailure } from './failure.js';
import { READER_LIMITS, type ReaderLimits } from './limits.js';
import type { ReaderNotice, ReadOutcome, WorkbookModel } from './model.js';
import { sniffBytes, type ConvertibleFormat } from './sniff.js';
import { readXlsx, type ReadStats } from './xlsx-engine.js';

export { READER_LIMITS } from './limits.js';
export type { ReaderLimits } from './limits.js';
export type { ReadStats } from './xlsx-engine.js';

export interface ReadOptions {
  /** Convert .xls/.et/.ods… with LibreOffice when `soffice` is on PATH (default true). */
  convert?: boolean;
  /** Override some safety limits (tests); the defaults are READER_LIMITS. */
  limits?: Partial<ReaderLimits>;
  /** Filled with what the read cost (tests and the bench prove the bounds by these counts). */
  stats?: ReadStats;
  /** Where LibreOffice's work folder goes (default: the system's temporary folder); tests pass their own. */
  tempRoot?: string;
  /**
   * The file's bytes, when the caller has already read them (the inbox's result cache reads each
   * file to hash it): the file is then not opened again, and what is read is exactly these bytes.
   */
  bytes?: Uint8Array;
}

export async function readWorkbook(path: string, options: ReadOptions = {}): Promise<ReadOutcome> {
  const limits: ReaderLimits = { ...READER_LIMITS, ...options.limits };
  try {
    return await read(path, options.convert !== false, limits, options.tempRoot, options.stats, options.bytes);
  } catch (error) {
    if (error instanceof ReaderFailure) return { ok: false, code: error.code, message: error.userMessage };
    if (error instanceof RangeError && /memory|allocation|Array buffer/i.test(error.message))
      return { ok: false, code: 'file-too-large', message: MESSAGES.tooLarge('读取时内存不足') };
    return { ok: false, code: 'file-unreadable', message: MESSAGES.corrupt };
  }
}

async function read(
  path: string,
  convert: boolean,
  limits: ReaderLimits,
  tempRoot: string | undefined,
  stats: ReadStats | undefined,
  given: Uint8Array | undefined,
): Promise<ReadOutcome> {
  let size: number;
  if (given) size = given.length;
  else
    try {
      const info = await stat(path);
      if (!info.isFile()) return { ok: false, code: 'file-unreadable', message: MESSAGES.notAFile };
      size = info.size;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return { ok: false, code: 'file-unreadable', message: code === 'ENOENT' || code === 'ENOTDIR' ? MESSAGES.notFound : MESSAGES.cannotOpen };
    }
  if (size > limits.maxFileBytes)
    return {
      ok: false,
      code: 'file-too-large',
      message: MESSAGES.tooLarge(`文件有 ${Math.round(size / 1024 / 1024)} MB，超过 ${Math.round(limits.maxFileBytes / 1024 / 1024)} MB 的上限`),
    };
  let bytes: Uint8Array;
  if (given) bytes = given;
  else
    try {
      bytes = await readFile(path, { flag: 'r' });
    } catch {
      return { ok: false, code: 'file-unreadable', message: MESSAGES.cannotOpen };
    }
  if (bytes.length > limits.maxFileBytes)
    return { ok: false, code: 'file-too-large', message: MESSAGES.tooLarge(`文件超过 ${Math.round(limits.maxFileBytes / 1024 / 1024)} MB 的上限`) };

  const sniffed = sniffBytes(bytes, path);
  if (sniffed.kind === 'failure') return { ok: false, code: sniffed.code, message: sniffed.message };
  if (sniffed.kind === 'convertible') return convertAndRead(bytes, sniffed.format, convert, limits, tempRoot);
  if (sniffed.kind === 'text') {
    // csv-parse is loaded only for a CSV file: validate of an .xlsx does not pay for it at start-up.
    const { readCsv } = await import('./csv-engine.js');
    return { ok: true, workbook: noticeTruncation(readCsv(sniffed.decoded, basename(path, extname(path)), limits), limits) };
  }
  if (sniffed.kind === 'fods') return { ok: true, workbook: noticeTruncation(readFods(sniffed.text, limits), limits) };
  const result = readXlsx(bytes, limits, stats);
  if (result.kind === 'convertible') return convertAndRead(bytes, result.format, convert, limits, tempRoot);
  return { ok: true, workbook: noticeTruncation(result.workbook, limits) };
}

async function convertAndRead(
  bytes: Uint8Array,
  format: ConvertibleFormat,
  convert: boolean,
  limits: ReaderLimits,
  tempRoot: string | undefined,
): Promise<ReadOutcome> {
  if (!convert) return { ok: false, code: 'file-format-unsupported', message: MESSAGES.unsupported(format.label, '需要转换才能读取') };
  const soffice = findSoffice();
  if (!soffice)
    return { ok: false, code: 'file-format-unsupported', message: MESSAGES.unsupported(format.label, '本机没有安装 LibreOffice，无法自动转换') };
  const converted = await convertToXlsx(soffice, bytes, format, limits.convertTimeoutSeconds, tempRoot);
  if (!converted.ok) return { ok: false, code: 'file-format-unsupported', message: MESSAGES.convertFailed(format.label) };
  if (converted.bytes.length > limits.maxFileBytes)
    return { ok: false, code: 'file-too-large', message: MESSAGES.tooLarge(`转换后超过 ${Math.round(limits.maxFileBytes / 1024 / 1024)} MB 的上限`) };
  const result = readXlsx(converted.bytes, limits);
  if (result.kind !== 'workbook') return { ok: false, code: 'file-format-unsupported', message: MESSAGES.convertFailed(format.label) };
  return { ok: true, workbook: noticeTruncation(result.workbook, limits), convertedFrom: format.id };
}

/**
 * A sheet the engine cut at `maxRows` row numbers or `maxColumns` columns gets a `sheet-truncated`
 * warning naming it: what lies beyond was not read, and the clerk must be told rather than see
 * a table that silently ends (the rows past the limit would otherwise vanish from every total).
 */
function noticeTruncation(workbook: WorkbookModel, limits: ReaderLimits): WorkbookModel {
  const cut = workbook.sheets.filter((s) => s.truncated);
  if (cut.length === 0) return workbook;
  const notices: ReaderNotice[] = cut.map((s) => ({
    code: 'sheet-truncated',
    severity: 'warning',
    sheet: s.name,
    message: `工作表“${s.name}”超出读取范围（最多读 ${limits.maxRows} 行、${limits.maxColumns} 列），超出部分的内容没有读入；如那里有数据，请移到表格内后重新报送`,
  }));
  return { ...workbook, notices: [...(workbook.notices ?? []), ...notices] };
}
