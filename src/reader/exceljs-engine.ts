/**
 * A second engine behind the same signature as readWorkbook, on exceljs `xlsx.readFile`, kept only so
 * the engine choice can be re-measured (`npm run bench`). NOT used by xmb: exceljs is slow and
 * memory-hungry on whole-column data validations and whole-sheet merges, reads the Chinese built-in
 * date formats as serial numbers, and loads encrypted or non-zip files badly (see issue 2).
 */
import ExcelJS from 'exceljs';
import type { Cell, CellValue, MergeRange, ReadOutcome, SheetModel } from './model.js';
import { serialToIso } from './dates.js';

function toIso(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
}

function convertValue(value: unknown, date1904: boolean): CellValue {
  if (value === null || value === undefined) return { type: 'empty' };
  if (typeof value === 'number') return { type: 'number', number: value };
  if (typeof value === 'string') return value === '' ? { type: 'empty' } : { type: 'string', text: value };
  if (typeof value === 'boolean') return { type: 'boolean', value };
  if (value instanceof Date) {
    const serial = value.getTime() / 86_400_000 + (date1904 ? -24107 : 25569);
    return { type: 'date', iso: toIso(value), serial: serialToIso(serial, date1904) ? serial : serial };
  }
  const object = value as Record<string, unknown>;
  if (Array.isArray(object.richText)) return { type: 'string', text: (object.richText as { text: string }[]).map((r) => r.text).join('') };
  if (typeof object.error === 'string') return { type: 'error', error: object.error };
  if ('result' in object || 'formula' in object || 'sharedFormula' in object) {
    const result = object.result;
    if (result && typeof result === 'object' && 'error' in (result as object)) return { type: 'error', error: String((result as { error: unknown }).error) };
    return convertValue(result, date1904);
  }
  if (typeof object.text === 'string') return { type: 'string', text: object.text };
  return { type: 'string', text: String(value) };
}

function parseRange(range: string): MergeRange | undefined {
  const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(range);
  if (!m) return undefined;
  const col = (s: string): number => [...s].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  return { top: Number(m[2]) - 1, left: col(m[1] as string), bottom: Number(m[4]) - 1, right: col(m[3] as string) };
}

export async function readWorkbookWithExceljs(path: string): Promise<ReadOutcome> {
  try {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    const date1904 = Boolean((workbook.properties as { date1904?: boolean }).date1904);
    const sheets: SheetModel[] = [];
    workbook.eachSheet((ws) => {
      const rows: (Cell | undefined)[][] = [];
      ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
        const cells: (Cell | undefined)[] = [];
        row.eachCell({ includeEmpty: false }, (c, colNumber) => {
          if (c.isMerged && c.master !== c) return;
          const raw = c.value as unknown;
          const value = convertValue(raw, date1904);
          const formula = raw !== null && typeof raw === 'object' && ('formula' in (raw as object) || 'sharedFormula' in (raw as object));
          if (value.type === 'empty' && !formula) return;
          const cell: Cell = { value, formula };
          if (c.hyperlink) cell.hyperlink = c.hyperlink;
          cells[colNumber - 1] = cell;
        });
        if (cells.length > 0) rows[rowNumber - 1] = cells;
      });
      const merges = ((ws.model as { merges?: string[] }).merges ?? []).map(parseRange).filter((m): m is MergeRange => m !== undefined);
      sheets.push({ name: ws.name, hidden: ws.state !== 'visible', rows, merges });
    });
    return { ok: true, workbook: { sheets, date1904 } };
  } catch {
    return { ok: false, code: 'file-unreadable', message: '文件已损坏，无法读取（exceljs 引擎）' };
  }
}
