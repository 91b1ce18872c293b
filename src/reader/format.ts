/**
 * What kind of workbook a file is by its bytes, as a file extension — so that a received copy is
 * filed under a name that says what it is (src/inbox/receive.ts), whatever name it came with
 * (第三组进度表.xlsx.zip is an .xlsx; an .xls renamed .xlsx is an .xls). Uses the reader's sniffing
 * (sniff.ts) and, for zip packages, the package's own markers: `mimetype` (OpenDocument),
 * `xl/workbook.bin` (.xlsb), a macro-enabled main part in [Content_Types].xml (.xlsm).
 */
import { extname } from 'node:path';
import { detectDelimiter } from './csv-engine.js';
import { READER_LIMITS } from './limits.js';
import { sniffBytes } from './sniff.js';
import { listZip, normalizePartName, ZipArchive } from './zip-guard.js';

/** The extension of each format sniffing tells apart. */
const FORMAT_EXTENSIONS: Record<string, string> = {
  xls: '.xls',
  et: '.et',
  'biff-old': '.xls',
  xlsb: '.xlsb',
  spreadsheetml: '.xml',
  slk: '.slk',
  html: '.html',
};

/** Formats that are text: they are workbooks only if a table is found in them. */
export const TEXT_FORMAT_EXTENSIONS = ['.csv', '.txt', '.html'];

const SPREADSHEET_EXTENSIONS = ['.xlsx', '.xlsm', '.xls', '.et'];
const SMALL_PART = 64 * 1024;

/**
 * A zip package's extension from its directory, read by the reader's own zip code (zip-guard.ts:
 * zip64 entries, `\` and leading-`/` names, data descriptors, the same limits), never a second
 * directory reader: .ods by its `mimetype`, .xlsb, .xlsm by its content types, .xlsx; null for a
 * zip that is no workbook or cannot be read.
 */
function zipExtension(bytes: Uint8Array): string | null {
  let archive: ZipArchive;
  let texts: Map<string, string>;
  try {
    archive = new ZipArchive(bytes, listZip(bytes, READER_LIMITS), READER_LIMITS);
    const small = ['mimetype', '[Content_Types].xml'].filter((name) => (archive.find(name)?.originalSize ?? Infinity) <= SMALL_PART);
    texts = archive.readTexts(small);
  } catch {
    return null;
  }
  const names = archive.entries.map((entry) => normalizePartName(entry.name));
  const text = (name: string): string => texts.get(normalizePartName(name)) ?? '';
  if (names.includes('mimetype')) return text('mimetype').trim() === 'application/vnd.oasis.opendocument.spreadsheet' ? '.ods' : null;
  if (names.includes('xl/workbook.bin')) return '.xlsb';
  if (!names.some((n) => n.startsWith('xl/'))) return null;
  return /macroEnabled\.main\+xml/i.test(text('[Content_Types].xml')) ? '.xlsm' : '.xlsx';
}

/**
 * The extension that says what `bytes` (named `name`) is — ".xlsx", ".xls", ".ods", ".csv" … — or
 * null when it is not a workbook. A password-protected Office file cannot be looked into: it keeps
 * its name's extension when that is a spreadsheet one, else it is null.
 */
export function workbookExtension(bytes: Uint8Array, name: string): string | null {
  const named = extname(name).toLowerCase();
  const sniffed = sniffBytes(bytes, name);
  switch (sniffed.kind) {
    case 'zip':
      return zipExtension(bytes);
    case 'convertible':
      return FORMAT_EXTENSIONS[sniffed.format.id] ?? null;
    case 'text':
      // CSV or tab-separated text ("Unicode 文本"), whatever its encoding.
      return detectDelimiter(sniffed.decoded.text.slice(0, 65536)) === '\t' ? '.txt' : '.csv';
    case 'fods':
      return '.fods';
    case 'failure':
      return sniffed.code === 'file-encrypted' && SPREADSHEET_EXTENSIONS.includes(named) ? named : null;
    default:
      return null;
  }
}
