/**
 * OpenDocument spreadsheets written the way LibreOffice and WPS write them (content.xml with
 * automatic styles: a hidden sheet is a table style with table:display="false", hidden rows and
 * columns carry table:visibility="collapse" or "filter", an error cell is a string with
 * calcext:value-type="error"), as .ods (zipped) or .fods (flat).
 */
import { strToU8, zipSync } from 'fflate';

export type OdsCell =
  | string
  | number
  | null
  | undefined
  /** A cell written as its attributes and paragraph, e.g. an error or a date. */
  | { attrs: string; text?: string }
  /** A cell spanning columns (the covered cells follow as <table:covered-table-cell/>). */
  | { span: number; text: string };

export interface OdsSheet {
  name: string;
  rows: OdsCell[][];
  hidden?: boolean;
  /** 1-based rows → 'collapse' (hidden) or 'filter' (hidden by a filter). */
  rowVisibility?: Record<number, 'collapse' | 'filter'>;
  /** 1-based columns hidden. */
  hiddenColumns?: number[];
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" ' +
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" ' +
  'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" ' +
  'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" office:version="1.3"';

function cellXml(cell: OdsCell): string {
  if (cell === null || cell === undefined || cell === '') return '<table:table-cell/>';
  if (typeof cell === 'number') return `<table:table-cell office:value-type="float" office:value="${cell}" calcext:value-type="float"><text:p>${cell}</text:p></table:table-cell>`;
  if (typeof cell === 'string')
    return `<table:table-cell office:value-type="string" calcext:value-type="string">${cell
      .split('\n')
      .map((p) => `<text:p>${esc(p)}</text:p>`)
      .join('')}</table:table-cell>`;
  if ('span' in cell)
    return (
      `<table:table-cell table:number-columns-spanned="${cell.span}" table:number-rows-spanned="1" office:value-type="string" calcext:value-type="string"><text:p>${esc(cell.text)}</text:p></table:table-cell>` +
      '<table:covered-table-cell/>'.repeat(cell.span - 1)
    );
  return `<table:table-cell ${cell.attrs}>${cell.text === undefined ? '' : `<text:p>${esc(cell.text)}</text:p>`}</table:table-cell>`;
}

function body(sheets: OdsSheet[]): string {
  const styles =
    '<office:automatic-styles>' +
    '<style:style style:name="co1" style:family="table-column"><style:table-column-properties style:column-width="0.9in"/></style:style>' +
    '<style:style style:name="ro1" style:family="table-row"><style:table-row-properties style:use-optimal-row-height="true"/></style:style>' +
    '<style:style style:name="ta1" style:family="table"><style:table-properties table:display="true" style:writing-mode="lr-tb"/></style:style>' +
    '<style:style style:name="ta2" style:family="table"><style:table-properties table:display="false" style:writing-mode="lr-tb"/></style:style>' +
    '</office:automatic-styles>';
  const tables = sheets
    .map((sheet) => {
      const width = Math.max(...sheet.rows.map((r) => r.length), 1);
      const hidden = new Set(sheet.hiddenColumns ?? []);
      let columns = '';
      for (let c = 1; c <= width; c++) columns += `<table:table-column table:style-name="co1"${hidden.has(c) ? ' table:visibility="collapse"' : ''} table:default-cell-style-name="Default"/>`;
      columns += '<table:table-column table:style-name="co1" table:number-columns-repeated="16373"/>';
      const rows = sheet.rows
        .map((row, r) => {
          const visibility = sheet.rowVisibility?.[r + 1];
          return `<table:table-row table:style-name="ro1"${visibility ? ` table:visibility="${visibility}"` : ''}>${row.map(cellXml).join('')}<table:table-cell table:number-columns-repeated="${16384 - row.length}"/></table:table-row>`;
        })
        .join('');
      return `<table:table table:name="${esc(sheet.name)}" table:style-name="${sheet.hidden ? 'ta2' : 'ta1'}">${columns}${rows}<table:table-row table:style-name="ro1" table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="16384"/></table:table-row></table:table>`;
    })
    .join('');
  return `${styles}<office:body><office:spreadsheet>${tables}</office:spreadsheet></office:body>`;
}

export function ods(sheets: OdsSheet[]): Uint8Array {
  const content = `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content ${NS}>${body(sheets)}</office:document-content>`;
  const manifest =
    '<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">' +
    '<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>' +
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>';
  return zipSync(
    {
      mimetype: [strToU8('application/vnd.oasis.opendocument.spreadsheet'), { level: 0 }],
      'content.xml': strToU8(content),
      'META-INF/manifest.xml': strToU8(manifest),
    },
    { mtime: new Date('2022-03-04T08:00:00Z') },
  );
}

export function fods(sheets: OdsSheet[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<office:document ${NS} office:mimetype="application/vnd.oasis.opendocument.spreadsheet">${body(sheets)}</office:document>`;
}
