/**
 * Writing an exceljs workbook to disk the house way: fixed document metadata, the same bytes for
 * the same content (exceljs stamps every zip entry with the current time; we repack the zip with a
 * fixed time), and never a half-written file (written to a temporary name in the same folder,
 * then renamed).
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import type { Workbook } from 'exceljs';
import { XMB_AUTHOR, XMB_OUTPUT_PROPERTY } from '../reader/own-output.js';

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

/**
 * Repacks a zip with every entry stamped with one fixed time, keeping the entries' order. `marker`:
 * the workbook's modification time, written as the custom document property that tells xmb's own
 * outputs from submissions (src/reader/own-output.ts).
 */
export function repackZip(buffer: Uint8Array, date: Date = FIXED_DATE, marker?: Date): Uint8Array {
  const entries = unzipSync(buffer);
  const files: Zippable = {};
  // Folder entries carry nothing an .xlsx needs; leave them out.
  for (const [name, data] of Object.entries(entries)) if (!name.endsWith('/')) files[name] = data;
  if (marker) addOutputMarker(files, marker);
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
 * Serialises a workbook to deterministic .xlsx bytes, marked as xmb's own output (上次修改者 xmb and
 * the XMB_OUTPUT_PROPERTY custom property), so that no command takes it for a submission.
 */
export async function workbookBytes(workbook: Workbook, date: Date = FIXED_DATE): Promise<Uint8Array> {
  workbook.lastModifiedBy = XMB_AUTHOR;
  workbook.modified ??= date;
  const raw = await workbook.xlsx.writeBuffer();
  return repackZip(new Uint8Array(raw as ArrayBuffer), date, workbook.modified);
}

/** Writes a workbook to `path`: deterministic bytes, temp name + rename. */
export async function saveWorkbook(workbook: Workbook, path: string, date: Date = FIXED_DATE): Promise<void> {
  writeFileAtomic(path, await workbookBytes(workbook, date));
}
