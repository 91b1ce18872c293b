/**
 * Writing an exceljs workbook to disk the house way: fixed document metadata, the same bytes for
 * the same content (exceljs stamps every zip entry with the current time; we repack the zip with a
 * fixed time), only what XML 1.0 and Excel allow (./xml-text.ts: every cell's text through
 * `cellText` before serialising, every XML part through `safeXmlPart` after), and never a
 * half-written file (written to a temporary name in the same folder, then renamed).
 */
import { makeFolder } from '../make-folder.js';
import { lstatSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync, type Unzipped, type Zippable } from 'fflate';
import type { Cell, Workbook } from 'exceljs';
import { XMB_AUTHOR, XMB_OUTPUT_PROPERTY } from '../reader/own-output.js';
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

/**
 * A whole package (.docx: its bytes, or its parts not yet zipped, in order) through safePackageParts,
 * then through `edit` (the writer's own changes to the parts, and per-entry zip options such as a
 * fixed time) — at most one unzip and one zip whatever the edit; the entries keep their order.
 */
export function safePackage(input: Uint8Array | Unzipped, edit: (entries: Unzipped) => Zippable = (entries) => entries): Uint8Array {
  return zipSync(edit(safePackageParts(input instanceof Uint8Array ? unzipSync(input) : input)), { level: 6 });
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

/** A workbook's base font: the font of the Normal style, whose digit width is the unit of column widths. */
export interface BaseFont {
  name: string;
  size: number;
  /** 134 = GB2312. */
  charset: number;
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/**
 * styles.xml with its first font (the Normal style's, exceljs always writes Calibri 11 there)
 * replaced by `font`. The file is returned unchanged when it has no first font to replace.
 */
export function setBaseFont(stylesXml: string, font: BaseFont): string {
  const name = font.name.replace(/[&<>"]/g, (c) => XML_ESCAPES[c]!);
  const replacement = `<font><sz val="${font.size}"/><color theme="1"/><name val="${name}"/><family val="3"/><charset val="${font.charset}"/></font>`;
  return stylesXml.replace(/(<fonts\b[^>]*>)<font>[\s\S]*?<\/font>/, (_, open: string) => `${open}${replacement}`);
}

export interface RepackOptions {
  /** Make this the workbook's base font (xl/styles.xml). */
  baseFont?: BaseFont | null;
  /**
   * The workbook's modification time, written as the custom document property that tells xmb's own
   * outputs from submissions (src/reader/own-output.ts); no marker when absent.
   */
  marker?: Date;
}

/** Repacks a zip with every entry stamped with one fixed time, keeping the entries' order; XML parts made safe. */
export function repackZip(buffer: Uint8Array, date: Date = FIXED_DATE, options: RepackOptions = {}): Uint8Array {
  const entries = safePackageParts(unzipSync(buffer));
  const files: Zippable = {};
  // Folder entries carry nothing an .xlsx needs; leave them out.
  for (const [name, data] of Object.entries(entries)) if (!name.endsWith('/')) files[name] = data;
  const styles = files['xl/styles.xml'];
  if (options.baseFont && styles instanceof Uint8Array) files['xl/styles.xml'] = strToU8(setBaseFont(strFromU8(styles), options.baseFont));
  if (options.marker) addOutputMarker(files, options.marker);
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
  makeFolder(dir);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(temp, data);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** The file-system calls writeFileSet makes; tests inject failing ones (a file open in Excel on Windows). */
export interface FileSetOps {
  writeFile(path: string, data: Uint8Array): void;
  rename(from: string, to: string): void;
  remove(path: string): void;
}

const NODE_OPS: FileSetOps = {
  writeFile: (path, data) => writeFileSync(path, data),
  rename: (from, to) => renameSync(from, to),
  remove: (path) => rmSync(path, { force: true }),
};

/**
 * Writing a set of files failed; nothing of the set was replaced (the old files are back in place),
 * unless `notRestored` lists old files that could not be put back (with where they are now).
 */
export class FileSetError extends Error {
  constructor(
    /** The file whose writing or replacing failed. */
    readonly path: string,
    /** The system error code (EBUSY, EPERM, EACCES, EISDIR, ENOSPC …), when there is one. */
    readonly code: string | undefined,
    readonly notRestored: { path: string; savedAs: string }[] = [],
    options?: { cause?: unknown },
  ) {
    super(`cannot write ${path}${code ? ` (${code})` : ''}`, options);
    this.name = 'FileSetError';
  }
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function isMissing(path: string): boolean {
  try {
    lstatSync(path);
    return false;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return true;
    throw error;
  }
}

/**
 * Writes several files as one set (the three merged workbooks of a week): all go to temporary files
 * in their folders first; then each existing file is moved aside, each new one renamed into place,
 * and the old ones deleted. When any step fails — on Windows a workbook open in Excel or WPS cannot
 * be renamed or replaced (EBUSY, EPERM) — what was done is undone: the new files are removed, the old
 * ones put back, the temporary files deleted, and a FileSetError names the file that failed. So the
 * folder holds either the whole old set or the whole new one, never a mixture or half a file.
 *
 * The folders are made first; a folder that cannot be made (a file of that name) throws the plain
 * file-system error, as for every other output, before anything is written. A path that exists
 * and is not a file (a folder of that name) fails before anything is written too.
 * `ops` replaces the file-system calls (tests).
 */
export function writeFileSet(files: readonly { path: string; data: Uint8Array }[], ops: FileSetOps = NODE_OPS): void {
  for (const folder of new Set(files.map((f) => dirname(f.path)))) makeFolder(folder);
  for (const { path } of files) {
    let info;
    try {
      info = lstatSync(path);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') continue;
      throw new FileSetError(path, errorCode(error), [], { cause: error });
    }
    if (!info.isFile()) throw new FileSetError(path, info.isDirectory() ? 'EISDIR' : 'EEXIST');
  }
  const stamp = `${process.pid}.${Date.now()}`;
  const temps: string[] = [];
  const cleanTemps = () => {
    for (const temp of temps) rmSync(temp, { force: true });
  };
  for (const { path, data } of files) {
    const temp = join(dirname(path), `.${basename(path)}.${stamp}.tmp`);
    try {
      temps.push(temp);
      ops.writeFile(temp, data);
    } catch (error) {
      cleanTemps();
      throw new FileSetError(path, errorCode(error), [], { cause: error });
    }
  }
  const movedAside: { path: string; savedAs: string }[] = [];
  const placed: string[] = [];
  let current = files[0]?.path ?? '';
  try {
    for (const { path } of files) {
      current = path;
      if (isMissing(path)) continue;
      const savedAs = join(dirname(path), `.${basename(path)}.${stamp}.old`);
      ops.rename(path, savedAs);
      movedAside.push({ path, savedAs });
    }
    for (const [i, { path }] of files.entries()) {
      current = path;
      ops.rename(temps[i]!, path);
      placed.push(path);
    }
  } catch (error) {
    const notRestored: { path: string; savedAs: string }[] = [];
    for (const path of placed.reverse()) {
      try {
        ops.remove(path);
      } catch {
        // The old file cannot come back over it; it is listed below if there was one.
      }
    }
    for (const moved of movedAside.reverse()) {
      try {
        ops.rename(moved.savedAs, moved.path);
      } catch {
        notRestored.push(moved);
      }
    }
    cleanTemps();
    throw new FileSetError(current, errorCode(error), notRestored, { cause: error });
  }
  for (const { savedAs } of movedAside) {
    try {
      ops.remove(savedAs);
    } catch {
      // A left-over hidden .old copy harms nothing; the new set is in place.
    }
  }
}

/** Adds docProps/custom.xml holding XMB_OUTPUT_PROPERTY = the modification time (when the package has no custom part). */
function addOutputMarker(files: Zippable, modified: Date): void {
  const types = files['[Content_Types].xml'];
  const rels = files['_rels/.rels'];
  if (files['docProps/custom.xml'] || !(types instanceof Uint8Array) || !(rels instanceof Uint8Array)) return;
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  const bytes = (s: string) => new TextEncoder().encode(s);
  files['docProps/custom.xml'] = bytes(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" ' +
      'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">' +
      `<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="${XMB_OUTPUT_PROPERTY}"><vt:lpwstr>${modified.toISOString().replace(/\.\d{3}Z$/, 'Z')}</vt:lpwstr></property>` +
      '</Properties>',
  );
  files['[Content_Types].xml'] = bytes(
    text(types).replace(
      '</Types>',
      '<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>',
    ),
  );
  files['_rels/.rels'] = bytes(
    text(rels).replace(
      '</Relationships>',
      '<Relationship Id="rIdXmbOutput" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>',
    ),
  );
}

/**
 * Lets cells whose styles are equal share one style object while exceljs writes the workbook, and
 * returns the undo (each cell gets its own object back). exceljs finds a cell's style by rendering
 * its font, border, fill and the rest to XML and looking that text up — for every cell, unless it
 * has met that very object before (≈ 0.2 s of CPU for a week's three merged workbooks). What it
 * writes is the same: a style's index depends on its content alone, except that a date cell whose
 * style has no number format gets exceljs's mm-dd-yy — a style object any such cell holds (or might:
 * a formula with a date result, a merged cell of a date) is left as it is. Empty cells keep theirs.
 */
function shareEqualStyles(workbook: Workbook): () => void {
  type Style = Cell['style'];
  const cells: { cell: Cell; style: Style }[] = [];
  const dated = new Set<Style>();
  for (const sheet of workbook.worksheets)
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        const style = cell.style;
        if (!style) return;
        cells.push({ cell, style });
        if (!style.numFmt && (cell.value instanceof Date || cell.result instanceof Date)) dated.add(style);
      }),
    );
  const shared = new Map<string, Style>();
  for (const { cell, style } of cells) {
    if (dated.has(style)) continue;
    const key = JSON.stringify(style, (_key, value: unknown) =>
      value === undefined ? '\u0000undefined' : typeof value === 'number' && !Number.isFinite(value) ? `\u0000${value}` : value,
    );
    const one = shared.get(key);
    if (one === undefined) shared.set(key, style);
    else cell.style = one;
  }
  return () => {
    for (const { cell, style } of cells) cell.style = style;
  };
}

/**
 * Serialises a workbook to deterministic .xlsx bytes holding only what XML and Excel allow
 * (makeWorkbookWritable, then safePackageParts), marked as xmb's own output (上次修改者 xmb and
 * the XMB_OUTPUT_PROPERTY custom property), so that no command takes it for a submission; with another
 * base font when asked.
 */
export async function workbookBytes(workbook: Workbook, date: Date = FIXED_DATE, options: RepackOptions = {}): Promise<Uint8Array> {
  makeWorkbookWritable(workbook);
  workbook.lastModifiedBy = XMB_AUTHOR;
  workbook.modified ??= date;
  const unshare = shareEqualStyles(workbook);
  let raw;
  try {
    // Stored, not deflated: repackZip unpacks it at once and deflates each part (once) itself.
    raw = await workbook.xlsx.writeBuffer({ zip: { compression: 'STORE' } });
  } finally {
    unshare();
  }
  return repackZip(new Uint8Array(raw as ArrayBuffer), date, { ...options, marker: workbook.modified });
}

/** Writes a workbook to `path`: deterministic bytes, temp name + rename. */
export async function saveWorkbook(workbook: Workbook, path: string, date: Date = FIXED_DATE, options: RepackOptions = {}): Promise<void> {
  writeFileAtomic(path, await workbookBytes(workbook, date, options));
}
