/** Fixture builders for the reader tests: hand-made OOXML packages and raw zips with lying headers. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync, constants } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';

export function tempDir(): { dir: string; file: (name: string, data: Uint8Array | string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'xmb-reader-test-'));
  return {
    dir,
    file(name, data) {
      const path = join(dir, name);
      writeFileSync(path, data);
      return path;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const STRICT_MAIN = 'http://purl.oclc.org/ooxml/spreadsheetml/main';
const STRICT_REL = 'http://purl.oclc.org/ooxml/officeDocument/relationships';

export interface SheetSpec {
  name: string;
  /** The <sheetData> content, or a whole worksheet document when `whole` is set. */
  data?: string;
  /** Extra elements after </sheetData> (mergeCells, dataValidations, hyperlinks…). */
  after?: string;
  whole?: string;
  state?: 'hidden' | 'veryHidden';
  /** Relationships of the sheet (for hyperlinks): id → external target. */
  links?: Record<string, string>;
}

export interface BookSpec {
  sheets: SheetSpec[];
  sharedStrings?: string[] | string;
  /** <numFmts> inner XML and the numFmtId of each cellXfs entry. */
  numFmts?: string;
  xfs?: number[];
  date1904?: boolean;
  strict?: boolean;
  /** Use absolute (/xl/...) relationship targets. */
  absoluteTargets?: boolean;
  /** Upper-case the zip part names of worksheets (case-insensitive lookup). */
  upperCaseSheets?: boolean;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The parts of an .xlsx package, as name → XML text. */
export function bookParts(spec: BookSpec): Record<string, string> {
  const main = spec.strict ? STRICT_MAIN : MAIN;
  const rel = spec.strict ? STRICT_REL : REL;
  const prefix = spec.absoluteTargets ? '/xl/' : '';
  const parts: Record<string, string> = {};
  parts['[Content_Types].xml'] =
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>';
  parts['_rels/.rels'] = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
  const sheetEls = spec.sheets
    .map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`)
    .join('');
  parts['xl/workbook.xml'] =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="${main}" xmlns:r="${rel}">` +
    `<workbookPr${spec.date1904 ? ' date1904="1"' : ''}/><sheets>${sheetEls}</sheets></workbook>`;
  const n = spec.sheets.length;
  const wbRels = spec.sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${rel}/worksheet" Target="${prefix}worksheets/sheet${i + 1}.xml"/>`);
  wbRels.push(`<Relationship Id="rId${n + 1}" Type="${rel}/styles" Target="${prefix}styles.xml"/>`);
  if (spec.sharedStrings !== undefined) wbRels.push(`<Relationship Id="rId${n + 2}" Type="${rel}/sharedStrings" Target="${prefix}sharedStrings.xml"/>`);
  parts['xl/_rels/workbook.xml.rels'] = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG_REL}">${wbRels.join('')}</Relationships>`;
  const xfs = (spec.xfs ?? [0]).map((id) => `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0"/>`).join('');
  parts['xl/styles.xml'] =
    `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${main}">` +
    (spec.numFmts ? `<numFmts>${spec.numFmts}</numFmts>` : '') +
    `<cellStyleXfs count="1"><xf numFmtId="49"/></cellStyleXfs><cellXfs>${xfs}</cellXfs></styleSheet>`;
  if (spec.sharedStrings !== undefined) {
    const items =
      typeof spec.sharedStrings === 'string'
        ? spec.sharedStrings
        : spec.sharedStrings.map((s) => `<si><t xml:space="preserve">${esc(s)}</t></si>`).join('');
    parts['xl/sharedStrings.xml'] = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${main}">${items}</sst>`;
  }
  spec.sheets.forEach((s, i) => {
    let name = `xl/worksheets/sheet${i + 1}.xml`;
    if (spec.upperCaseSheets) name = name.toUpperCase();
    parts[name] =
      s.whole ?? `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${main}" xmlns:r="${rel}"><sheetData>${s.data ?? ''}</sheetData>${s.after ?? ''}</worksheet>`;
    if (s.links) {
      const rels = Object.entries(s.links)
        .map(([id, target]) => `<Relationship Id="${id}" Type="${rel}/hyperlink" Target="${esc(target)}" TargetMode="External"/>`)
        .join('');
      parts[`xl/worksheets/_rels/sheet${i + 1}.xml.rels`] = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG_REL}">${rels}</Relationships>`;
    }
  });
  return parts;
}

export function zipParts(parts: Record<string, string | Uint8Array>): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const [name, data] of Object.entries(parts)) files[name] = typeof data === 'string' ? strToU8(data) : data;
  return zipSync(files);
}

/** The parts of a package as raw entries (deflated, sizes true), to write with rawZip and its options. */
export function rawEntries(parts: Record<string, string | Uint8Array>, options: Partial<RawEntry> = {}, rename: (name: string) => string = (n) => n): RawEntry[] {
  return Object.entries(parts).map(([name, text]) => {
    const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    return { name: rename(name), data: deflate(bytes), declaredSize: bytes.length, ...options };
  });
}

export function bookBytes(spec: BookSpec): Uint8Array {
  return zipParts(bookParts(spec));
}

export interface RawEntry {
  name: string;
  /** Raw deflate data, or uncompressed data when `stored`. */
  data: Uint8Array;
  stored?: boolean;
  /** Unpacked size written in the headers (may lie). */
  declaredSize: number;
  /**
   * Write the sizes after the data in a data descriptor (local header sizes 0, flag bit 3), with or
   * without the descriptor's optional signature — as streaming writers do.
   */
  descriptor?: 'signed' | 'unsigned';
  /** Write 0xFFFFFFFF in the directory's size fields and the real sizes in a zip64 extra field. */
  zip64?: boolean;
}

/** A zip written byte by byte, so headers can state any size. CRCs are zero (nothing here checks them). */
export function rawZip(entries: RawEntry[]): Uint8Array {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const flags = 0x0800 | (entry.descriptor ? 0x0008 : 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(entry.stored ? 0 : 8, 8);
    local.writeUInt32LE(0, 14);
    local.writeUInt32LE(entry.descriptor ? 0 : entry.data.length, 18);
    local.writeUInt32LE(entry.descriptor ? 0 : entry.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    const extra = Buffer.alloc(entry.zip64 ? 20 : 0);
    if (entry.zip64) {
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(16, 2);
      extra.writeBigUInt64LE(BigInt(entry.declaredSize), 4);
      extra.writeBigUInt64LE(BigInt(entry.data.length), 12);
    }
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(entry.zip64 ? 45 : 20, 4);
    cd.writeUInt16LE(entry.zip64 ? 45 : 20, 6);
    cd.writeUInt16LE(flags, 8);
    cd.writeUInt16LE(entry.stored ? 0 : 8, 10);
    cd.writeUInt32LE(entry.zip64 ? 0xffffffff : entry.data.length, 20);
    cd.writeUInt32LE(entry.zip64 ? 0xffffffff : entry.declaredSize, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt16LE(extra.length, 30);
    cd.writeUInt32LE(offset, 42);
    const descriptor = Buffer.alloc(entry.descriptor === 'signed' ? 16 : entry.descriptor === 'unsigned' ? 12 : 0);
    if (entry.descriptor) {
      const at = entry.descriptor === 'signed' ? 4 : 0;
      if (at) descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(0, at);
      descriptor.writeUInt32LE(entry.data.length, at + 4);
      descriptor.writeUInt32LE(entry.declaredSize, at + 8);
    }
    chunks.push(local, name, Buffer.from(entry.data), descriptor);
    central.push(cd, name, extra);
    offset += 30 + name.length + entry.data.length + descriptor.length;
  }
  const cdBytes = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cdBytes.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...chunks, cdBytes, eocd]));
}

export const deflate = (text: string | Uint8Array): Uint8Array => new Uint8Array(deflateRawSync(typeof text === 'string' ? Buffer.from(text, 'utf8') : text));

/**
 * Raw deflate data that inflates to `mebibytes` MiB of `byte`, built cheaply: one sync-flushed
 * block of 1 MiB repeated (each copy decodes the same, the window being all `byte`), then an empty
 * final block. About 1 KB per MiB.
 */
export function deflateBomb(mebibytes: number, prefix = '', byte = 0x20): Uint8Array {
  const block = deflateRawSync(Buffer.alloc(1024 * 1024, byte), { finishFlush: constants.Z_SYNC_FLUSH });
  const head = prefix ? deflateRawSync(Buffer.from(prefix, 'utf8'), { finishFlush: constants.Z_SYNC_FLUSH }) : Buffer.alloc(0);
  const parts: Buffer[] = [head];
  for (let i = 0; i < mebibytes; i++) parts.push(block);
  parts.push(Buffer.from([0x03, 0x00]));
  return new Uint8Array(Buffer.concat(parts));
}

/** A workbook whose sheet1 part is `sheetData` (raw deflate) with the declared size given. */
export function bookWithRawSheet(sheet: Uint8Array, declaredSize: number): Uint8Array {
  const parts = bookParts({ sheets: [{ name: 'Sheet1' }] });
  const entries: RawEntry[] = Object.entries(parts)
    .filter(([name]) => name !== 'xl/worksheets/sheet1.xml')
    .map(([name, text]) => ({ name, data: deflate(text), declaredSize: Buffer.byteLength(text, 'utf8') }));
  entries.push({ name: 'xl/worksheets/sheet1.xml', data: sheet, declaredSize });
  return rawZip(entries);
}
