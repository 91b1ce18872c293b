/**
 * Tells what a file is from its bytes (the extension only breaks ties for text files): an OOXML zip
 * we read ourselves, a format LibreOffice can convert, or a failure with its code and message.
 */
import { extname } from 'node:path';
import { CfbFile, CFB_MAGIC } from './cfb.js';
import { decodeText, type DecodedText } from './encoding.js';
import { MESSAGES } from './failure.js';
import type { FileFailureCode } from './model.js';

/** A spreadsheet format we do not read ourselves but LibreOffice can convert to .xlsx. */
export interface ConvertibleFormat {
  /** Short id, reported as `convertedFrom`. */
  id: 'xls' | 'et' | 'biff-old' | 'xlsb' | 'spreadsheetml' | 'slk' | 'html';
  /** Chinese name for messages. */
  label: string;
  /** Extension the copy handed to LibreOffice gets, so that its type detection picks the right filter. */
  extension: string;
  /** LibreOffice `--infilter` value, when detection needs help. */
  infilter?: string;
}

export type Sniffed =
  | { kind: 'zip' }
  /** CSV or tab-separated text, decoded (read by csv-engine.ts, no conversion). */
  | { kind: 'text'; decoded: Extract<DecodedText, { ok: true }> }
  /** A flat OpenDocument spreadsheet, decoded (read by ods-engine.ts, no conversion). */
  | { kind: 'fods'; text: string }
  | { kind: 'convertible'; format: ConvertibleFormat }
  | { kind: 'failure'; code: FileFailureCode; message: string };

const fail = (code: FileFailureCode, message: string): Sniffed => ({ kind: 'failure', code, message });

export const FORMATS = {
  xls: { id: 'xls', label: 'Excel 97-2003 工作簿(.xls)', extension: 'xls' },
  et: { id: 'et', label: 'WPS 表格(.et)', extension: 'xls' },
  biffOld: { id: 'biff-old', label: '早期 Excel(.xls, Excel 2.x–4.x)', extension: 'xls' },
  xlsb: { id: 'xlsb', label: 'Excel 二进制工作簿(.xlsb)', extension: 'xlsb' },
  spreadsheetml: { id: 'spreadsheetml', label: 'XML 电子表格(Excel 2003 XML)', extension: 'xml' },
  slk: { id: 'slk', label: 'SYLK(.slk)', extension: 'slk' },
  html: { id: 'html', label: '网页表格(HTML)', extension: 'html', infilter: 'HTML (StarCalc)' },
} as const satisfies Record<string, ConvertibleFormat>;

const startsWith = (bytes: Uint8Array, sig: number[]): boolean => sig.every((b, i) => bytes[i] === b);

/** BIFF record type of FILEPASS: the workbook stream is encrypted or obfuscated. */
const BIFF_FILEPASS = 0x002f;

/** Whether the first records of a BIFF workbook stream hold a FILEPASS record. */
export function hasFilePass(stream: Uint8Array): boolean {
  const view = new DataView(stream.buffer, stream.byteOffset, stream.byteLength);
  let at = 0;
  for (let records = 0; records < 64 && at + 4 <= stream.length; records++) {
    const type = view.getUint16(at, true);
    const length = view.getUint16(at + 2, true);
    if (type === BIFF_FILEPASS) return true;
    // The globals' first records are BOF, FILEPASS, then others; stop at the first data-ish record.
    at += 4 + length;
  }
  return false;
}

export function sniffBytes(bytes: Uint8Array, path: string): Sniffed {
  const extension = extname(path).toLowerCase();
  if (bytes.length === 0) return fail('file-unreadable', MESSAGES.empty);

  if (startsWith(bytes, CFB_MAGIC)) return sniffOle(bytes, extension);

  // Zip: a local file header, or the end record of an empty archive.
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return { kind: 'zip' };

  // BIFF2–BIFF4 worksheets are bare record streams starting with a BOF record.
  if (bytes[0] === 0x09 && [0x00, 0x02, 0x04].includes(bytes[1] ?? -1) && bytes.length > 8 && (bytes[3] ?? 1) === 0x00)
    return { kind: 'convertible', format: FORMATS.biffOld };

  return sniffText(bytes, extension);
}

function sniffOle(bytes: Uint8Array, extension: string): Sniffed {
  const cfb = CfbFile.open(bytes);
  if (!cfb) {
    // A damaged container: LibreOffice is more forgiving than we are, so let it try when the name says Excel.
    if (extension === '.xls' || extension === '.et') return { kind: 'convertible', format: extension === '.et' ? FORMATS.et : FORMATS.xls };
    return fail('file-unreadable', MESSAGES.corrupt);
  }
  if (cfb.find('EncryptedPackage') || cfb.find('EncryptionInfo')) return fail('file-encrypted', MESSAGES.encrypted);
  const workbook = cfb.find('Workbook') ?? cfb.find('Book');
  if (workbook && workbook.type === 2) {
    const start = cfb.readStreamStart(workbook, 4096);
    if (start && hasFilePass(start)) return fail('file-encrypted', MESSAGES.encrypted);
    return { kind: 'convertible', format: extension === '.et' ? FORMATS.et : FORMATS.xls };
  }
  if (cfb.find('WordDocument')) return fail('file-unreadable', MESSAGES.wordDocument);
  if (cfb.find('PowerPoint Document')) return fail('file-unreadable', MESSAGES.otherOffice);
  return fail('file-unreadable', MESSAGES.notExcel);
}

/** Extensions a text file may have and still be a spreadsheet export (CSV, 'Unicode text', HTML saved as .xls). */
const TEXT_SPREADSHEET_EXTENSIONS = ['.xls', '.et', '.csv', '.tsv', '.txt', '.htm', '.html', '.fods', '.xml'];

function sniffText(bytes: Uint8Array, extension: string): Sniffed {
  const decoded = decodeText(bytes);
  if (!decoded.ok) {
    if (['.csv', '.tsv', '.txt'].includes(extension)) return fail('file-unreadable', MESSAGES.badText(`无法识别文字编码（${decoded.reason}）`));
    return fail('file-unreadable', MESSAGES.notExcel);
  }
  const trimmed = decoded.text.slice(0, 4096).trimStart();
  const lower = trimmed.toLowerCase();
  if (trimmed.startsWith('ID;')) return { kind: 'convertible', format: FORMATS.slk };
  if (lower.startsWith('<?xml') || lower.startsWith('<workbook') || lower.startsWith('<office:document')) {
    if (lower.includes('urn:schemas-microsoft-com:office:spreadsheet') || lower.includes('progid="excel.sheet"'))
      return { kind: 'convertible', format: FORMATS.spreadsheetml };
    if (lower.includes('<office:document') && lower.includes('opendocument.spreadsheet')) return { kind: 'fods', text: decoded.text };
    if (lower.includes('<office:document')) return fail('file-unreadable', MESSAGES.otherOffice);
    return fail('file-unreadable', MESSAGES.notExcel);
  }
  if (!TEXT_SPREADSHEET_EXTENSIONS.includes(extension)) return fail('file-unreadable', MESSAGES.notExcel);
  if (/^<(!doctype html|html|table|meta)\b/.test(lower) || (extension !== '.csv' && lower.includes('<table')))
    return { kind: 'convertible', format: FORMATS.html };
  if (['.htm', '.html', '.fods', '.xml'].includes(extension)) return fail('file-unreadable', MESSAGES.notExcel);
  // Text where control characters are common is binary data, not a table (a stray one in a cell is the cell's business).
  const controls = trimmed.match(/[\u0000-\u0008\u000E-\u001F]/g)?.length ?? 0;
  if (controls > 8 && controls > trimmed.length / 100) return fail('file-unreadable', MESSAGES.notExcel);
  return { kind: 'text', decoded };
}
