/**
 * What kind of workbook a file is by its bytes, as a file extension — so that a received copy is
 * filed under a name that says what it is (src/inbox/receive.ts), whatever name it came with
 * (第三组进度表.xlsx.zip is an .xlsx; an .xls renamed .xlsx is an .xls). Uses the reader's sniffing
 * (sniff.ts) and, for zip packages, the package's own markers: `mimetype` (OpenDocument),
 * `xl/workbook.bin` (.xlsb), a macro-enabled main part in [Content_Types].xml (.xlsm).
 */
import { extname } from 'node:path';
import { unzipSync } from 'fflate';
import { detectDelimiter } from './csv-engine.js';
import { sniffBytes } from './sniff.js';

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

function zipExtension(bytes: Uint8Array): string | null {
  const names: string[] = [];
  let parts: Record<string, Uint8Array>;
  try {
    parts = unzipSync(bytes, {
      filter: (file) => {
        names.push(file.name.replace(/\\/g, '/').replace(/^\/+/, ''));
        return (file.name === 'mimetype' || file.name === '[Content_Types].xml') && file.originalSize <= SMALL_PART;
      },
    });
  } catch {
    return null;
  }
  const text = (name: string) => (parts[name] ? new TextDecoder().decode(parts[name]) : '');
  if (names.includes('mimetype')) return text('mimetype').trim() === 'application/vnd.oasis.opendocument.spreadsheet' ? '.ods' : null;
  if (names.some((n) => /^xl\/workbook\.bin$/i.test(n))) return '.xlsb';
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
