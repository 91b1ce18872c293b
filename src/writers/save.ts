/**
 * Writing an exceljs workbook to disk the house way: fixed document metadata, the same bytes for
 * the same content (exceljs stamps every zip entry with the current time; we repack the zip with a
 * fixed time), only what XML 1.0 and Excel allow (./xml-text.ts: every cell's text through
 * `cellText` before serialising, every XML part through `safeXmlPart` after), and never a
 * half-written file (written to a temporary name in the same folder, then renamed).
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync, type Unzipped, type Zippable } from 'fflate';
import type { Cell, Workbook } from 'exceljs';
import { cellText, safeXmlPart, writableText } from './xml-text.js';

/** The fixed time stamped on documents whose content does not derive a date of its own. */
export const FIXED_DATE = new Date('2022-01-01T00:00:00Z');

/** Sets the document properties to fixed values (creator xmb, the given or fixed dates). */
export function setFixedMetadata(workbook: Workbook, date: Date = FIXED_DATE): void {
  workbook.creator = 'xmb';
  workbook.lastModifiedBy = 'xmb';
  workbook.created = date;
  workbook.modified = date;
  workbook.lastPrinted = undefined as unknown as Date;
  workbook.company = '';
  workbook.manager = '';
  workbook.title = '';
  workbook.subject = '';
  workbook.keywords = '';
  workbook.category = '';
  workbook.description = '';
}

/** The parts of a package that are XML text (the rest, images and the like, are left alone). */
const XML_PART = /\.(xml|rels|vml)$/i;

/** SpreadsheetML parts whose `<t>`/`<v>` text Excel decodes `_xHHHH_` in. */
const SPREADSHEET_TEXT_PART = /^xl\/(sharedStrings\.xml|worksheets\/[^/]+\.xml|comments[^/]*\.xml)$/i;

/**
 * Makes every XML part of an unzipped package safe (xml-text.ts `safeXmlPart`), in place: no
 * character XML 1.0 forbids, and in a workbook's text parts the literal `_xHHHH_` escaped. The one
 * place every .xlsx and .docx xmb writes goes through. Returns the same object.
 */
export function safePackageParts(entries: Unzipped): Unzipped {
  for (const [name, data] of Object.entries(entries)) {
    if (!XML_PART.test(name)) continue;
    const xml = strFromU8(data);
    const safe = safeXmlPart(xml, { spreadsheet: SPREADSHEET_TEXT_PART.test(name) });
    if (safe !== xml) entries[name] = strToU8(safe);
  }
  return entries;
}

/** A whole package (.docx) through safePackageParts; the entries keep their order. */
export function safePackage(bytes: Uint8Array): Uint8Array {
  const entries = safePackageParts(unzipSync(bytes));
  const files: Zippable = {};
  for (const [name, data] of Object.entries(entries)) files[name] = data;
  return zipSync(files, { level: 6 });
}

/**
 * The text of every cell and note made writable (xml-text.ts `cellText`: the character policy and
 * Excel's 32,767-character limit with a visible mark), rows no taller and columns no wider than
 * Excel allows, in place. Rich text keeps its runs unless it has to be cut. Idempotent: a workbook
 * written twice is changed once.
 */
export function makeWorkbookWritable(workbook: Workbook): void {
  for (const sheet of workbook.worksheets) {
    sheet.eachRow({ includeEmpty: true }, (row) => {
      if (row.height > EXCEL_MAX_ROW_HEIGHT) row.height = EXCEL_MAX_ROW_HEIGHT;
      row.eachCell({ includeEmpty: false }, (cell) => {
        if (cell.isMerged && cell.master && cell.master !== cell) return;
        makeCellWritable(cell);
      });
    });
    for (let c = 1; c <= sheet.columnCount; c++) {
      const column = sheet.getColumn(c);
      if ((column.width ?? 0) > EXCEL_MAX_COLUMN_WIDTH) column.width = EXCEL_MAX_COLUMN_WIDTH;
    }
  }
}

/** Excel's largest row height (points) and column width (characters); beyond them it repairs the file. */
export const EXCEL_MAX_ROW_HEIGHT = 409;
export const EXCEL_MAX_COLUMN_WIDTH = 255;

function makeCellWritable(cell: Cell): void {
  const value = cell.value as unknown;
  if (typeof value === 'string') {
    const safe = cellText(value);
    if (safe !== value) cell.value = safe;
  } else if (value && typeof value === 'object' && !(value instanceof Date)) {
    const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; formula?: unknown; hyperlink?: unknown };
    if (Array.isArray(v.richText)) {
      const runs = v.richText.map((run) => ({ ...run, text: writableText(String(run.text ?? '')) }));
      const joined = runs.map((run) => run.text).join('');
      const cut = cellText(joined);
      if (cut !== joined) cell.value = cut;
      else if (runs.some((run, i) => run.text !== v.richText![i]!.text)) cell.value = { ...v, richText: runs } as Cell['value'];
    } else {
      const next: Record<string, unknown> = { ...v };
      let changed = false;
      for (const key of ['text', 'result'] as const)
        if (typeof v[key] === 'string') {
          const safe = cellText(v[key] as string);
          if (safe !== v[key]) (next[key] = safe), (changed = true);
        }
      for (const key of ['formula', 'hyperlink'] as const)
        if (typeof v[key] === 'string') {
          const safe = writableText(v[key] as string);
          if (safe !== v[key]) (next[key] = safe), (changed = true);
        }
      if (changed) cell.value = next as unknown as Cell['value'];
    }
  }
  const note = cell.note as unknown;
  if (typeof note === 'string') {
    const safe = cellText(note);
    if (safe !== note) cell.note = safe;
  } else if (note && typeof note === 'object' && Array.isArray((note as { texts?: unknown }).texts)) {
    const texts = (note as { texts: { text?: string }[] }).texts;
    if (texts.some((t) => typeof t.text === 'string' && cellText(t.text) !== t.text))
      cell.note = { ...(note as object), texts: texts.map((t) => (typeof t.text === 'string' ? { ...t, text: cellText(t.text) } : t)) } as Cell['note'];
  }
}

/** Repacks a zip with every entry stamped with one fixed time, keeping the entries' order; XML parts made safe. */
export function repackZip(buffer: Uint8Array, date: Date = FIXED_DATE): Uint8Array {
  const entries = safePackageParts(unzipSync(buffer));
  const files: Zippable = {};
  // Folder entries carry nothing an .xlsx needs; leave them out.
  for (const [name, data] of Object.entries(entries)) if (!name.endsWith('/')) files[name] = data;
  // The DOS time in a zip is local time; build a local Date with the fixed wall-clock fields so the
  // stored stamp does not depend on the machine's time zone.
  const local = new Date(
    date.getUTCFullYear(),
    date.getUTCMonth(),
    date.getUTCDate(),
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
  );
  return zipSync(files, { level: 6, mtime: local });
}

/** Writes bytes to `path` through a temporary file in the same folder and a rename. */
export function writeFileAtomic(path: string, data: Uint8Array): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(temp, data);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Serialises a workbook to deterministic .xlsx bytes holding only what XML and Excel allow. */
export async function workbookBytes(workbook: Workbook, date: Date = FIXED_DATE): Promise<Uint8Array> {
  makeWorkbookWritable(workbook);
  const raw = await workbook.xlsx.writeBuffer();
  return repackZip(new Uint8Array(raw as ArrayBuffer), date);
}

/** Writes a workbook to `path`: deterministic bytes, temp name + rename. */
export async function saveWorkbook(workbook: Workbook, path: string, date: Date = FIXED_DATE): Promise<void> {
  writeFileAtomic(path, await workbookBytes(workbook, date));
}
