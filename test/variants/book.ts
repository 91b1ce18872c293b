/**
 * A small OOXML writer for the variant tests: a workbook written cell by cell the way a given writer
 * writes it (Excel, WPS, excelize, openpyxl …), so a test can state exactly what is in the file —
 * shared formulas with empty results, WPS's namespaces, rows hidden by an outline or a zero height,
 * inline strings, a missing part — and then what a clerk expects xmb to read from it.
 */
import { strToU8, zipSync } from 'fflate';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import { validateFile } from '../../src/validate/pipeline.js';
import type { Validated } from '../../src/validate/result.js';
import type { Table } from '../../src/table/model.js';
import type { FieldId } from '../../src/schema/kinds.js';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** A formula: its text (no "="), its cached result (`v`, absent = no <v> at all, '' = an empty <v></v>), a shared formula's si/ref. */
export interface FormulaCell {
  f?: string;
  v?: string;
  /** The cell type of the cached result: 'str', 'e', 'b' (default a number). */
  t?: string;
  si?: number;
  /** The range of a shared formula's master. */
  ref?: string;
  s?: number;
}
/** A cell written as raw attributes and content: `{ raw: '<v>1</v>', t: 'n' }`. */
export interface RawCell {
  raw: string;
  t?: string;
  s?: number;
}
/** A number with a style (index into the workbook's cellXfs). */
export interface StyledNumber {
  n: number;
  s: number;
}
/** Text written inline (<is><t>…</t></is>) instead of through the shared strings. */
export interface InlineText {
  inline: string;
}
export type CellSpec = string | number | boolean | null | undefined | FormulaCell | RawCell | StyledNumber | InlineText;

export interface SheetSpec {
  name: string;
  rows: CellSpec[][];
  /** A1 ranges. */
  merges?: string[];
  /** Extra attributes per 1-based row: `{ 5: 'hidden="1" outlineLevel="1"' }`. */
  rowAttrs?: Record<number, string>;
  /** The <cols> element's content. */
  cols?: string;
  /** XML after </sheetData> and <mergeCells> (autoFilter goes before mergeCells, so it is given separately). */
  autoFilter?: string;
  after?: string;
  /** <sheetFormatPr> and the like, before <cols>. */
  before?: string;
  state?: 'hidden' | 'veryHidden';
}

export interface BookSpec {
  sheets: SheetSpec[];
  /** <calcPr …/> attributes, e.g. 'fullCalcOnLoad="1"'. */
  calcPr?: string;
  /** Write the namespaces and extension parts WPS Office writes. */
  wps?: boolean;
  /** <numFmts> content and the numFmtId of each cellXfs entry (default one General xf). */
  numFmts?: string;
  xfs?: number[];
  /** Leave these parts out of the package (e.g. 'xl/worksheets/sheet2.xml'). */
  omit?: string[];
  /** Replace a part's text after it is built. */
  patch?: Record<string, (text: string) => string>;
  /** Every text cell written inline (as openpyxl write-only and many streaming writers do). */
  inlineStrings?: boolean;
  /** Defined names: name → formula. */
  definedNames?: Record<string, string>;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function colName(col: number): string {
  let name = '';
  let c = col + 1;
  while (c > 0) {
    const rem = (c - 1) % 26;
    name = String.fromCharCode(65 + rem) + name;
    c = Math.floor((c - 1) / 26);
  }
  return name;
}

function cellXml(spec: CellSpec, ref: string, strings: string[], inlineAll: boolean): string {
  if (spec === null || spec === undefined) return '';
  if (typeof spec === 'number') return `<c r="${ref}"><v>${spec}</v></c>`;
  if (typeof spec === 'boolean') return `<c r="${ref}" t="b"><v>${spec ? 1 : 0}</v></c>`;
  if (typeof spec === 'string') {
    if (inlineAll) return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${esc(spec)}</t></is></c>`;
    let index = strings.indexOf(spec);
    if (index < 0) index = strings.push(spec) - 1;
    return `<c r="${ref}" t="s"><v>${index}</v></c>`;
  }
  if ('inline' in spec) return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${esc(spec.inline)}</t></is></c>`;
  if ('n' in spec) return `<c r="${ref}" s="${spec.s}"><v>${spec.n}</v></c>`;
  if ('raw' in spec) return `<c r="${ref}"${spec.t ? ` t="${spec.t}"` : ''}${spec.s !== undefined ? ` s="${spec.s}"` : ''}>${spec.raw}</c>`;
  const f = spec;
  const shared = f.si !== undefined ? ` t="shared"${f.ref ? ` ref="${f.ref}"` : ''} si="${f.si}"` : '';
  const fx = f.f !== undefined && f.f !== '' ? `<f${shared}>${esc(f.f)}</f>` : `<f${shared}/>`;
  const v = f.v === undefined ? '' : `<v>${esc(f.v)}</v>`;
  return `<c r="${ref}"${f.t ? ` t="${f.t}"` : ''}${f.s !== undefined ? ` s="${f.s}"` : ''}>${fx}${v}</c>`;
}

/** The parts of the package, name → text. */
export function parts(spec: BookSpec): Record<string, string> {
  const out: Record<string, string> = {};
  const strings: string[] = [];
  const wpsNs = spec.wps
    ? ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" xmlns:etc="http://www.wps.cn/officeDocument/2017/etCustomData" mc:Ignorable="x14ac"'
    : '';
  spec.sheets.forEach((sheet, i) => {
    const rowsXml = sheet.rows
      .map((row, r) => {
        const cells = row.map((c, col) => cellXml(c, `${colName(col)}${r + 1}`, strings, spec.inlineStrings === true)).join('');
        const attrs = sheet.rowAttrs?.[r + 1];
        if (cells === '' && !attrs) return '';
        return `<row r="${r + 1}"${attrs ? ` ${attrs}` : ''}${spec.wps ? ' x14ac:dyDescent="0.15"' : ''}>${cells}</row>`;
      })
      .join('');
    // Rows given only attributes beyond the grid (hidden rows after the data are rare; keep it simple).
    const merges = sheet.merges && sheet.merges.length > 0 ? `<mergeCells count="${sheet.merges.length}">${sheet.merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>` : '';
    out[`xl/worksheets/sheet${i + 1}.xml`] =
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN}" xmlns:r="${REL}"${wpsNs}>` +
      `<sheetPr/>${sheet.before ?? ''}${sheet.cols ? `<cols>${sheet.cols}</cols>` : ''}<sheetData>${rowsXml}</sheetData>${sheet.autoFilter ?? ''}${merges}${sheet.after ?? ''}` +
      `<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/></worksheet>`;
  });
  out['[Content_Types].xml'] =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    spec.sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
    '</Types>';
  out['_rels/.rels'] = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/>${spec.wps ? `<Relationship Id="rId2" Type="http://www.wps.cn/officeDocument/2020/cellImage" Target="xl/cellimages.xml"/>` : ''}</Relationships>`;
  const n = spec.sheets.length;
  const sheetEls = spec.sheets.map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`).join('');
  const names = spec.definedNames
    ? `<definedNames>${Object.entries(spec.definedNames).map(([k, v]) => `<definedName name="${esc(k)}">${esc(v)}</definedName>`).join('')}</definedNames>`
    : '';
  out['xl/workbook.xml'] =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${MAIN}" xmlns:r="${REL}"${wpsNs}>` +
    `<workbookPr/><bookViews><workbookView windowWidth="28800" windowHeight="12390"/></bookViews><sheets>${sheetEls}</sheets>${names}` +
    `<calcPr calcId="191029"${spec.calcPr ? ` ${spec.calcPr}` : ''}/></workbook>`;
  const rels = spec.sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`);
  rels.push(`<Relationship Id="rId${n + 1}" Type="${REL}/styles" Target="styles.xml"/>`);
  rels.push(`<Relationship Id="rId${n + 2}" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`);
  out['xl/_rels/workbook.xml.rels'] = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG_REL}">${rels.join('')}</Relationships>`;
  const xfs = (spec.xfs ?? [0]).map((id) => `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0"${id ? ' applyNumberFormat="1"' : ''}/>`).join('');
  out['xl/styles.xml'] =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="${MAIN}">` +
    (spec.numFmts ? `<numFmts>${spec.numFmts}</numFmts>` : '') +
    `<fonts count="1"><font><sz val="11"/><name val="宋体"/><charset val="134"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>` +
    `<borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="${(spec.xfs ?? [0]).length}">${xfs}</cellXfs></styleSheet>`;
  out['xl/sharedStrings.xml'] =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="${MAIN}" count="${strings.length}" uniqueCount="${strings.length}">` +
    strings.map((s) => `<si><t xml:space="preserve">${esc(s)}</t></si>`).join('') +
    '</sst>';
  if (spec.wps) {
    out['xl/cellimages.xml'] = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<etc:cellImages xmlns:etc="http://www.wps.cn/officeDocument/2017/etCustomData"/>`;
    out['docProps/custom.xml'] =
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">' +
      '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="ICV"><vt:lpwstr>5A7C1F0B</vt:lpwstr></property>' +
      '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="3" name="KSOProductBuildVer"><vt:lpwstr>2052-11.1.0.11830</vt:lpwstr></property></Properties>';
  }
  for (const name of spec.omit ?? []) delete out[name];
  for (const [name, patch] of Object.entries(spec.patch ?? {})) if (out[name] !== undefined) out[name] = patch(out[name]!);
  return out;
}

export function xlsx(spec: BookSpec): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const [name, text] of Object.entries(parts(spec))) files[name] = strToU8(text);
  return zipSync(files);
}

/** validateFile with the default config and no conversion. */
export function check(path: string): Promise<Validated[]> {
  return validateFile(path, { config: DEFAULT_CONFIG, convert: false });
}

/** The one table of a file, and its result; fails the test when there is not exactly one. */
export async function one(path: string): Promise<Validated & { table: Table }> {
  const validated = await check(path);
  if (validated.length !== 1) throw new Error(`expected one table, got ${validated.length}: ${JSON.stringify(validated.map((v) => v.result))}`);
  const only = validated[0]!;
  if (!only.table) throw new Error(`no table: ${JSON.stringify(only.result.issues)}`);
  return only as Validated & { table: Table };
}

/** A column of a table as numbers (or the value kind when not a number). */
export function amounts(table: Table, field: FieldId): (number | string)[] {
  return table.rows.map((row) => {
    const value = row.cells[field]?.value;
    return value?.kind === 'number' ? value.value : (value?.kind ?? 'missing');
  });
}

export function texts(table: Table, field: FieldId): string[] {
  return table.rows.map((row) => row.cells[field]?.display ?? '');
}

/** [code, cell] of every finding. */
export function codes(v: Validated): [string, string | null][] {
  return v.result.issues.map((i) => [i.code, i.cell]);
}
