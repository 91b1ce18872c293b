/**
 * Internal failures of the reader. Engines throw ReaderFailure; readWorkbook turns it (and anything
 * else thrown) into a ReadOutcome, so nothing escapes to the caller.
 */
import type { FileFailureCode } from './model.js';

export class ReaderFailure extends Error {
  constructor(
    readonly code: FileFailureCode,
    /** Chinese, one line, says what to do. */
    readonly userMessage: string,
  ) {
    super(`${code}: ${userMessage}`);
    this.name = 'ReaderFailure';
  }
}

const SAVE_AS_XLSX = '请在 Excel 或 WPS 中打开后“另存为 Excel 工作簿(*.xlsx)”再提交';

/** The Chinese messages of every file-level failure, in one place. */
export const MESSAGES = {
  notFound: '找不到这个文件，请检查路径',
  notAFile: '这不是一个文件（可能是文件夹），请指定 Excel 文件',
  cannotOpen: '无法打开这个文件（可能正被其他程序占用或没有读取权限），请关闭占用它的程序后重试',
  empty: '文件是空的（0 字节），请让报送单位重新发送',
  notExcel: '不是 Excel 文件（内容不是 Excel 工作簿，可能已损坏或扩展名被改过），请让报送单位用 Excel 或 WPS 重新保存为 .xlsx 后发送',
  wordDocument: '这是 Word 文档，不是 Excel 工作簿，请让报送单位发送 Excel 表格(.xlsx)',
  otherOffice: '这是其他 Office 文档，不是 Excel 工作簿，请让报送单位发送 Excel 表格(.xlsx)',
  corruptPart: (part: string) =>
    `文件已损坏：其中的“${part}”解压后比压缩包目录登记的大小更大（文件损坏或被改动过），为安全起见未读取，请让报送单位用 Excel 或 WPS 重新保存为 .xlsx 后发送`,
  corrupt: '文件已损坏，无法读取（压缩包结构或表格内容有错误），请让报送单位用 Excel 或 WPS 重新保存为 .xlsx 后发送',
  encrypted: '文件设置了打开密码，无法读取，请让报送单位取消密码（文件→信息→保护工作簿→用密码进行加密，清空密码）后重新发送',
  tooLarge: (what: string) => `文件过大或内容异常（${what}），为安全起见未读取，请让报送单位只保留报表内容后重新保存为 .xlsx`,
  tooManyRows: (sheet: string, limit: number) =>
    `文件过大：工作表“${sheet}”有超过 ${limit.toLocaleString('en-US')} 行数据，超出 xmb 每个工作表最多校验 ${limit.toLocaleString('en-US')} 行的上限（区县周报一般只有几百行），未读取；请让报送单位只保留本期报表的内容，或把表格拆成几个文件分别报送`,
  unsupported: (format: string, why: string) => `这是${format}文件，${why}，${SAVE_AS_XLSX}`,
  convertFailed: (format: string) => `这是${format}文件，用 LibreOffice 自动转换失败，${SAVE_AS_XLSX}`,
  badText: (why: string) => `这个文本（CSV）文件${why}，${SAVE_AS_XLSX}`,
  internal: '读取文件时发生意外错误，请用 Excel 或 WPS 重新保存为 .xlsx 后再试',
} as const;

export const SAVE_AS_XLSX_ADVICE = SAVE_AS_XLSX;
