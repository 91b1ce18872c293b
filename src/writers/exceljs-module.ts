/**
 * exceljs, as the writers load it: its Workbook class alone. exceljs's main module also loads the
 * streaming reader and writer (archiver, unzipper, es-abstract …: 660 CommonJS modules, ≈ 0.5 s of
 * CPU to compile on every `xmb merge`); the Workbook class with its .xlsx reading and writing is 280
 * modules (≈ 0.2 s), and it is the only part of exceljs xmb uses. Loaded lazily, when a command
 * writes a workbook.
 */
import type ExcelJSNamespace from 'exceljs';

/** What the writers use of exceljs: `new excel.Workbook()`. The whole exceljs module fits (tests pass it). */
export type ExcelJS = Pick<typeof ExcelJSNamespace, 'Workbook'>;

/** Loads exceljs's Workbook class (exceljs/lib/doc/workbook.js, the class its main module exports). */
export async function loadExcelJS(): Promise<ExcelJS> {
  const { default: Workbook } = await import('exceljs/lib/doc/workbook.js');
  return { Workbook };
}
