/**
 * Handing a district's workbook to exceljs for an annotated copy (annotate.ts) without losing what
 * exceljs would drop on the way through. exceljs 4.4, loading and saving, is known to
 *   - forget the built-in Chinese date formats (numFmtId 27–36, 50–58: “2022年3月4日”, “3月4日”),
 *     which Chinese Excel and WPS write by id only: the dates come back as bare serial numbers;
 *   - read an ISO date cell (`t="d"`, “2022-03-04”) as the number 2022, or as 1905-07-14 under a date format;
 *   - empty some inline strings (`t="inlineStr"` with phonetic runs) or other cells it cannot parse;
 *   - point at a theme part it does not write when the file had none (LibreOffice saves no theme):
 *     Excel then offers to repair the copy.
 * `withExplicitFormats` fixes the first before loading (in memory: the input file is never
 * touched), `fixTheme` the last after loading, and `reconcileValues` puts back every plain value
 * exceljs got wrong, from what xmb's own reader read. Whatever is still different after writing is
 * caught by reading the copy back (workbook-compare.ts).
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import type { Cell, Workbook } from 'exceljs';
import { BUILTIN_FORMATS, isDateFormat } from '../reader/dates.js';
import type { CellValue, WorkbookModel } from '../reader/model.js';

/** Built-in ids exceljs has no format code for (its table gives per-locale objects for them). */
const IDS_EXCELJS_LACKS = [27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58];

const xmlAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * The package with the built-in formats exceljs lacks written into styles.xml as explicit
 * `<numFmt>`s (their zh-CN codes, as xmb's reader reads them), so exceljs keeps them. Returns the
 * bytes unchanged when nothing needs it or the styles part is not where it usually is.
 */
export function withExplicitFormats(bytes: Uint8Array): Uint8Array {
  let entries;
  try {
    entries = unzipSync(bytes);
  } catch {
    return bytes;
  }
  const name = Object.keys(entries).find((n) => n.toLowerCase() === 'xl/styles.xml');
  if (!name) return bytes;
  const xml = strFromU8(entries[name]!);
  const defined = new Set([...xml.matchAll(/<numFmt\b[^>]*\bnumFmtId="(\d+)"/g)].map((m) => Number(m[1])));
  const used = new Set([...xml.matchAll(/<xf\b[^>]*\bnumFmtId="(\d+)"/g)].map((m) => Number(m[1])));
  const missing = IDS_EXCELJS_LACKS.filter((id) => used.has(id) && !defined.has(id));
  if (missing.length === 0) return bytes;
  const added = missing.map((id) => `<numFmt numFmtId="${id}" formatCode="${xmlAttr(BUILTIN_FORMATS[id]!)}"/>`).join('');
  let patched: string;
  if (/<numFmts\b[^>]*\/>/.test(xml)) patched = xml.replace(/<numFmts\b[^>]*\/>/, `<numFmts count="${missing.length}">${added}</numFmts>`);
  else if (/<numFmts\b/.test(xml))
    patched = xml
      .replace(/<\/numFmts>/, `${added}</numFmts>`)
      .replace(/<numFmts\b([^>]*?)\bcount="(\d+)"/, (_m, before: string, n: string) => `<numFmts${before}count="${Number(n) + missing.length}"`);
  else if (/<styleSheet\b[^>]*>/.test(xml)) patched = xml.replace(/<styleSheet\b[^>]*>/, (open) => `${open}<numFmts count="${missing.length}">${added}</numFmts>`);
  else return bytes;
  entries[name] = strToU8(patched);
  const files: Zippable = {};
  for (const [n, data] of Object.entries(entries)) files[n] = [data, { level: 0 }];
  return zipSync(files);
}

/** A loaded workbook without a theme part of its own gets exceljs's default one (see the module note). */
export function fixTheme(workbook: Workbook): void {
  const book = workbook as unknown as { _themes?: Record<string, string> };
  if (!book._themes || typeof book._themes.theme1 !== 'string') book._themes = undefined;
}

/** The plain text of an exceljs value (string, rich text, hyperlink), or null when it is not text. */
function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (!value || typeof value !== 'object' || value instanceof Date) return null;
  const v = value as { richText?: { text?: string }[]; text?: unknown; hyperlink?: unknown };
  if (Array.isArray(v.richText)) return v.richText.map((r) => r.text ?? '').join('');
  if (typeof v.text === 'string' && 'hyperlink' in v) return v.text;
  return null;
}

/** Makes a cell's style its own before changing its number format (exceljs shares style objects). */
function setNumFmt(cell: Cell, numFmt: string): void {
  cell.style = { ...structuredClone(cell.style ?? {}), numFmt };
}

/** exceljs's Date for a serial is its wall-clock value in UTC: "YYYY-MM-DDTHH:mm:ss". */
const isoOfDate = (date: Date): string => (Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 19));

/** Puts the original value back into one cell; true when it changed something. */
function reconcile(cell: Cell, value: CellValue): boolean {
  const current = cell.value as unknown;
  switch (value.type) {
    case 'string': {
      if (textOf(current) === value.text) return false;
      cell.value = value.text;
      return true;
    }
    case 'number': {
      let changed = false;
      if (current !== value.number) {
        cell.value = value.number;
        changed = true;
      }
      if (value.format && (!cell.numFmt || cell.numFmt === 'General')) {
        setNumFmt(cell, value.format);
        changed = true;
      }
      return changed;
    }
    case 'date': {
      if (current instanceof Date && isoOfDate(current).slice(0, value.iso.length) === value.iso) return false;
      // The serial, shown with the cell's own date format, or a plain ISO one when it has none.
      cell.value = value.serial;
      if (!cell.numFmt || !isDateFormat(-1, cell.numFmt)) setNumFmt(cell, value.iso.includes('T') ? 'yyyy-mm-dd hh:mm:ss' : 'yyyy-mm-dd');
      return true;
    }
    case 'boolean':
      if (current === value.value) return false;
      cell.value = value.value;
      return true;
    case 'error': {
      const error = (current as { error?: unknown } | null)?.error;
      if (typeof error === 'string' && error.toUpperCase() === value.error.toUpperCase()) return false;
      cell.value = { error: value.error } as Cell['value'];
      return true;
    }
    case 'empty':
      return false;
  }
}

/**
 * Sets every cell whose value exceljs read differently from xmb's reader back to the value xmb
 * read (formula cells and the hidden parts of merges are left alone). Returns how many cells it set.
 */
export function reconcileValues(workbook: Workbook, original: WorkbookModel): number {
  let changed = 0;
  for (const sheet of original.sheets) {
    const target = workbook.getWorksheet(sheet.name);
    if (!target) continue;
    sheet.rows.forEach((row, r) => {
      row?.forEach((cell, c) => {
        if (!cell || cell.formula || cell.value.type === 'empty') return;
        const x = target.getCell(r + 1, c + 1);
        if (x.isMerged && x.master && x.master !== x) return;
        if (x.formula) return;
        if (reconcile(x, cell.value)) changed++;
      });
    });
  }
  return changed;
}
