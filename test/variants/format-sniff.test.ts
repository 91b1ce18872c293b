/**
 * receive's content sniffing (src/reader/format.ts) reads a zip's directory with the reader's own
 * zip code, so a package the reader reads is also filed under the right extension: a correct zip64
 * entry, names written with `\` or a leading `/`, upper-case part names.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { workbookExtension } from '../../src/reader/format.js';
import { REPO_ROOT } from '../support/cli.js';

const READING = join(REPO_ROOT, 'test', 'cases', 'reading');
const CONTENT_TYPES = (main: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="${main}"/></Types>`;
const XLSM = 'application/vnd.ms-excel.sheet.macroEnabled.main+xml';

describe('workbookExtension on zip packages other writers make', () => {
  it('a correct zip64 entry (the reading case) is an .xlsx', () => {
    expect(workbookExtension(readFileSync(join(READING, 'valid-zip64-extra-rejected.xlsx')), '第三组.zip')).toBe('.xlsx');
  });

  it('entry names with \\ (the reading case) are an .xlsx', () => {
    expect(workbookExtension(readFileSync(join(READING, '07_压缩包路径用反斜杠_第三组.xlsx')), '第三组.zip')).toBe('.xlsx');
  });

  it.each([
    ['a leading /', '/[Content_Types].xml', '/xl/workbook.xml'],
    ['\\ separators', '[Content_Types].xml', 'xl\\workbook.xml'],
    ['upper-case names', '[CONTENT_TYPES].XML', 'XL/WORKBOOK.XML'],
  ])('an .xlsm whose entries are written with %s is an .xlsm', (_name, types, workbook) => {
    const bytes = zipSync({ [types]: strToU8(CONTENT_TYPES(XLSM)), [workbook]: strToU8('<workbook/>') });
    expect(workbookExtension(bytes, '第三组.xlsx')).toBe('.xlsm');
  });

  it('an OpenDocument whose mimetype is named /mimetype is an .ods', () => {
    const bytes = zipSync({ '/mimetype': [strToU8('application/vnd.oasis.opendocument.spreadsheet'), { level: 0 }], 'content.xml': strToU8('<x/>') });
    expect(workbookExtension(bytes, '第三组.zip')).toBe('.ods');
  });

  it('a zip of other files is no workbook', () => {
    expect(workbookExtension(zipSync({ 'readme.txt': strToU8('hello') }), '第三组.zip')).toBe(null);
  });
});
