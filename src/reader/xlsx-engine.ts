/**
 * The OOXML engine: reads an .xlsx/.xlsm (transitional or strict) from its bytes with fflate (unzip,
 * through the zip guard) and saxes (SAX), in one pass per group of parts and bounded memory. Keeps
 * error values, formulas (their text — shared formulas moved to each cell with @borgar/fx — and their
 * cached results, or that none was saved), the workbook's fullCalcOnLoad flag, merges as ranges (never
 * expanded), hidden sheets, hidden rows and columns and the autofilter range, hyperlinks. Ignores data
 * validations, conditional formats, drawings and everything else.
 *
 * Throws ReaderFailure; readWorkbook catches.
 */
import { translateFormulaToA1, translateFormulaToR1C1 } from '@borgar/fx';
import { formatCode, isDateFormat, parseIsoDate, serialToIso } from './dates.js';
import { odsSink } from './ods-engine.js';
import { MESSAGES, ReaderFailure } from './failure.js';
import type { ReaderLimits } from './limits.js';
import { cellRef, type Cell, type CellValue, type MergeRange, type ReaderNotice, type SheetModel, type WorkbookModel } from './model.js';
import { FORMATS, type ConvertibleFormat } from './sniff.js';
import { attribute, decodeOoxmlEscapes, parseXml, xmlSink, type Attributes } from './xml.js';
import { listZip, normalizePartName, ZipArchive, type PartSink } from './zip-guard.js';

/** What a read cost, counted (not timed): bytes inflated, cell visits spent on hyperlinks, merged cells kept. */
export interface ReadStats {
  inflatedBytes: number;
  linkVisits: number;
  mergedCells: number;
}

export type XlsxResult = { kind: 'workbook'; workbook: WorkbookModel } | { kind: 'convertible'; format: ConvertibleFormat };

interface Relationship {
  type: string;
  /** Resolved part name (not normalised), or the raw target when external. */
  target: string;
  external: boolean;
}

/** The last path segment of a relationship type, lower-cased: "worksheet", "sharedstrings"… */
const relKind = (type: string): string => type.slice(type.lastIndexOf('/') + 1).toLowerCase();

function relsPathOf(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

/** Resolves a relationship target against the part that holds it (absolute targets start at the root). */
export function resolveTarget(sourcePart: string, target: string): string {
  const clean = target.replace(/\\/g, '/');
  const base = clean.startsWith('/') ? [] : sourcePart.split('/').slice(0, -1);
  for (const segment of clean.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') base.pop();
    else base.push(segment);
  }
  return base.join('/');
}

function parseRels(text: string | undefined, sourcePart: string): Map<string, Relationship> {
  const rels = new Map<string, Relationship>();
  if (text === undefined) return rels;
  parseXml(text, {
    open(local, attrs) {
      if (local !== 'Relationship') return;
      const id = attrs.Id ?? attrs.id;
      const target = attrs.Target ?? attrs.target;
      if (!id || target === undefined) return;
      const external = (attrs.TargetMode ?? '').toLowerCase() === 'external';
      rels.set(id, { type: attrs.Type ?? '', target: external ? target : resolveTarget(sourcePart, target), external });
    },
  });
  return rels;
}

/** Stops a sink once it has what it needs (the pass abandons the rest of that part). */
class EnoughRead extends Error {}

/**
 * A SAX sink over a relationships part that keeps only the ids in `wanted` and stops once it has
 * them all: a sheet's rels part may list 200,000 hyperlink targets.
 */
function relationshipsSink(sourcePart: string, wanted: Set<string>, into: Map<string, Relationship>): PartSink {
  return xmlSink({
    open(local, attrs) {
      if (local !== 'Relationship') return;
      const id = attrs.Id ?? attrs.id;
      const target = attrs.Target ?? attrs.target;
      if (!id || target === undefined || !wanted.has(id) || into.has(id)) return;
      const external = (attrs.TargetMode ?? '').toLowerCase() === 'external';
      into.set(id, { type: attrs.Type ?? '', target: external ? target : resolveTarget(sourcePart, target), external });
      if (into.size >= wanted.size) throw new EnoughRead();
    },
  });
}

/** Parses "B12" → 0-based [row, col]; undefined when it is not a cell reference. */
function parseRef(ref: string): [number, number] | undefined {
  let col = 0;
  let i = 0;
  const n = ref.length;
  while (i < n && ref.charCodeAt(i) === 36) i++; // $
  const letters = i;
  for (; i < n; i++) {
    const code = ref.charCodeAt(i) | 0x20;
    if (code < 97 || code > 122) break;
    col = col * 26 + (code - 96);
  }
  if (i === letters || i - letters > 3) return undefined;
  if (i < n && ref.charCodeAt(i) === 36) i++;
  let row = 0;
  const digits = i;
  for (; i < n; i++) {
    const code = ref.charCodeAt(i);
    if (code < 48 || code > 57) return undefined;
    row = row * 10 + (code - 48);
  }
  if (i === digits || row < 1) return undefined;
  return [row - 1, col - 1];
}

/** Parses "A1:K3" (or a single "A1") into a 0-based inclusive range. */
function parseRange(ref: string): MergeRange | undefined {
  const [a, b] = ref.split(':');
  if (a === undefined) return undefined;
  const start = parseRef(a);
  const end = b === undefined ? start : parseRef(b);
  if (!start || !end) return undefined;
  return {
    top: Math.min(start[0], end[0]),
    left: Math.min(start[1], end[1]),
    bottom: Math.max(start[0], end[0]),
    right: Math.max(start[1], end[1]),
  };
}

interface StyleInfo {
  isDate: boolean;
  /** The number format code when not General. */
  format?: string;
}

interface Shared {
  strings: string[];
  /**
   * The value of each shared string a cell used so far, by index: cells showing the same text share
   * one value object (the model is never mutated), which spares an allocation per text cell.
   */
  stringValues: CellValue[];
  styles: StyleInfo[];
  date1904: boolean;
  limits: ReaderLimits;
  cells: { count: number };
  /** Hyperlinks kept so far in the workbook (at most limits.maxHyperlinks). */
  hyperlinks: { count: number };
}

/** Cells named one by one in notices of one kind on one sheet; the rest are counted in one more notice. */
const NOTICE_CELLS = 20;

/** A strict xsd:double as OOXML writes a number (no hex, octal, binary, Infinity or empty text, which JS Number() accepts). */
const XML_NUMBER = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

const GENERAL: StyleInfo = { isDate: false };

/** The value of every empty cell (shared: the model is never mutated). */
const EMPTY: CellValue = { type: 'empty' };

function stylesSinks(path: string | undefined, styles: StyleInfo[]): Map<string, PartSink> {
  const sinks = new Map<string, PartSink>();
  if (!path) return sinks;
  const custom = new Map<number, string>();
  const xfIds: number[] = [];
  let inCellXfs = false;
  sinks.set(
    normalizePartName(path),
    xmlSink({
      open(local, attrs, selfClosing) {
        if (local === 'numFmt') {
          const id = Number(attrs.numFmtId);
          const code = attrs.formatCode;
          if (Number.isInteger(id) && code !== undefined) custom.set(id, code);
        } else if (local === 'cellXfs') inCellXfs = !selfClosing;
        else if (local === 'xf' && inCellXfs) {
          const id = Number(attrs.numFmtId ?? 0);
          xfIds.push(Number.isInteger(id) ? id : 0);
        }
      },
      close(local) {
        if (local === 'cellXfs') inCellXfs = false;
      },
      end() {
        for (const id of xfIds) {
          const code = formatCode(id, custom);
          const info: StyleInfo = { isDate: isDateFormat(id, code) };
          if (code !== undefined && code.trim() !== '' && code.toLowerCase() !== 'general') info.format = code;
          styles.push(info);
        }
      },
    }),
  );
  return sinks;
}

function sharedStringsSink(strings: string[], limits: ReaderLimits): PartSink {
  let inSi = false;
  let phonetic = 0;
  let inText = false;
  let pieces: string[] = [];
  return xmlSink({
    open(local, _attrs, selfClosing) {
      if (local === 'si') {
        inSi = !selfClosing;
        pieces = [];
        if (selfClosing) strings.push('');
      } else if (!inSi) return;
      else if (local === 'rPh') phonetic += selfClosing ? 0 : 1;
      else if (local === 't' && phonetic === 0 && !selfClosing) inText = true;
    },
    close(local) {
      if (local === 't') inText = false;
      else if (local === 'rPh') phonetic = Math.max(0, phonetic - 1);
      else if (local === 'si' && inSi) {
        inSi = false;
        strings.push(decodeOoxmlEscapes(pieces.join('')));
        if (strings.length > limits.maxCells)
          throw new ReaderFailure('file-too-large', MESSAGES.tooLarge(`共享字符串超过 ${limits.maxCells} 条`));
      }
    },
    text(text) {
      if (inText) pieces.push(text);
    },
  });
}

interface PendingLink {
  range: MergeRange;
  id?: string;
  location?: string;
}

/**
 * A shared formula's text at another cell: the master's formula moved by the offset between the two
 * cells (relative references shift, $-absolute ones stay), as Excel does when it fills the range.
 * undefined when the formula cannot be tokenised.
 */
export function moveFormula(text: string, fromRow: number, fromCol: number, toRow: number, toCol: number): string | undefined {
  try {
    return translateFormulaToA1(translateFormulaToR1C1(text, cellRef(fromRow, fromCol)), cellRef(toRow, toCol), { wrapEdges: false });
  } catch {
    return undefined;
  }
}

/** A non-empty run of ASCII digits (a shared-string index as every writer saves it). */
function isDigits(text: string): boolean {
  if (text.length === 0 || text.length > 15) return false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

const isTrue = (value: string | undefined): boolean => value !== undefined && /^(1|true)$/i.test(value.trim());
/** A row height or column width of 0: Excel and WPS show the row or column hidden, whether or not it is marked so. */
const isZero = (value: string | undefined): boolean => value !== undefined && value.trim() !== '' && Number(value) === 0;

function sheetSink(sheet: SheetModel, shared: Shared, links: PendingLink[], missingStrings: string[]): PartSink {
  const { limits, strings, stringValues, styles, date1904 } = shared;
  const rows = sheet.rows;
  let rowIndex = -1;
  let colIndex = -1;
  // current cell
  let type = '';
  let style = 0;
  let formula = false;
  let inFormula = false;
  let formulaSource = '';
  let sharedIndex: string | undefined;
  let sawValue = false;
  /** Shared formulas by their si: the master's text and cell. */
  const sharedMasters = new Map<string, { text: string; row: number; col: number }>();
  /** Cells of a shared formula met before their master (not in Excel's files, but allowed). */
  const orphans: { cell: Cell; si: string; row: number; col: number }[] = [];
  const hiddenRows: number[] = [];
  const hiddenColumns: number[] = [];
  let inCell = false;
  let capture = false;
  // The cell's <v> text and its inline string's <t> texts, as they come.
  let value = '';
  let inline = '';
  let inInline = false;
  let phonetic = 0;
  let inSheetData = false;
  let dataRows = 0;

  const truncate = (): void => {
    sheet.truncated = true;
  };

  const finishCell = (): void => {
    inCell = false;
    if (rowIndex >= limits.maxRows || colIndex >= limits.maxColumns || rowIndex < 0 || colIndex < 0) {
      truncate();
      return;
    }
    const raw = value;
    let cellValue: CellValue;
    switch (type) {
      case 's': {
        const index = isDigits(raw) || /^\s*\d+\s*$/.test(raw) ? Number(raw) : -1;
        if (index < 0 && raw.trim() === '') {
          cellValue = EMPTY;
          break;
        }
        const known = index >= 0 ? stringValues[index] : undefined;
        if (known) {
          cellValue = known;
          break;
        }
        const text = index >= 0 ? strings[index] : undefined;
        if (text === undefined) {
          // The text is not in the file: say so (cell-unreadable), never leave the cell blank in silence.
          missingStrings.push(cellRef(rowIndex, colIndex));
          return;
        }
        cellValue = text === '' ? EMPTY : { type: 'string', text };
        stringValues[index] = cellValue;
        break;
      }
      case 'str':
        cellValue = raw === '' ? EMPTY : { type: 'string', text: decodeOoxmlEscapes(raw) };
        break;
      case 'inlineStr': {
        const text = decodeOoxmlEscapes(inline);
        cellValue = text === '' ? (raw === '' ? EMPTY : { type: 'string', text: decodeOoxmlEscapes(raw) }) : { type: 'string', text };
        break;
      }
      case 'b':
        cellValue = raw === '' ? EMPTY : { type: 'boolean', value: raw.trim() === '1' || raw.trim().toLowerCase() === 'true' };
        break;
      case 'e':
        cellValue = raw === '' ? EMPTY : { type: 'error', error: raw.trim() };
        break;
      case 'd': {
        const parsed = raw === '' ? undefined : parseIsoDate(raw, date1904);
        cellValue = parsed ? { type: 'date', iso: parsed.iso, serial: parsed.serial } : raw === '' ? EMPTY : { type: 'string', text: raw };
        break;
      }
      default: {
        const number = isDigits(raw) || XML_NUMBER.test(raw) ? Number(raw) : NaN;
        if (Number.isNaN(number) && raw.trim() === '') {
          cellValue = EMPTY;
          break;
        }
        if (!Number.isFinite(number)) {
          cellValue = { type: 'string', text: raw };
          break;
        }
        const info = styles[style] ?? GENERAL;
        const iso = info.isDate ? serialToIso(number, date1904) : undefined;
        if (iso !== undefined) cellValue = { type: 'date', iso, serial: number };
        else cellValue = info.format !== undefined ? { type: 'number', number, format: info.format } : { type: 'number', number };
      }
    }
    if (cellValue.type === 'empty' && !formula) return;
    let row = rows[rowIndex];
    if (!row) {
      // A <dimension> that understated the rows: the limit still holds.
      if (++dataRows > limits.maxDataRows) throw new ReaderFailure('file-too-large', MESSAGES.tooManyRows(sheet.name, limits.maxDataRows));
      row = [];
      rows[rowIndex] = row;
    }
    if (row[colIndex] === undefined && ++shared.cells.count > limits.maxCells)
      throw new ReaderFailure('file-too-large', MESSAGES.tooLarge(`非空单元格超过 ${limits.maxCells} 个`));
    const cell: Cell = { value: cellValue, formula };
    if (formula) {
      // No result saved: no <v> at all, or an empty one where the result is not text.
      if (cellValue.type === 'empty' && (!sawValue || type !== 'str')) cell.uncached = true;
      const text = formulaSource.trim().replace(/^=/, '');
      if (text !== '') {
        cell.formulaText = text;
        if (sharedIndex !== undefined && !sharedMasters.has(sharedIndex)) sharedMasters.set(sharedIndex, { text, row: rowIndex, col: colIndex });
      } else if (sharedIndex !== undefined) {
        const master = sharedMasters.get(sharedIndex);
        if (master) {
          const moved = moveFormula(master.text, master.row, master.col, rowIndex, colIndex);
          if (moved !== undefined) cell.formulaText = moved;
        } else orphans.push({ cell, si: sharedIndex, row: rowIndex, col: colIndex });
      }
    }
    row[colIndex] = cell;
  };

  return xmlSink({
    open(local, attrs, selfClosing) {
      if (inCell) {
        if (local === 'v') {
          capture = !selfClosing;
          sawValue = true;
        } else if (local === 'f') {
          formula = true;
          inFormula = !selfClosing;
          if ((attrs.t ?? '').toLowerCase() === 'shared' && attrs.si !== undefined) sharedIndex = attrs.si.trim();
        } else if (local === 'is') {
          inInline = !selfClosing;
        } else if (inInline) {
          if (local === 'rPh') phonetic += selfClosing ? 0 : 1;
          else if (local === 't' && phonetic === 0) capture = !selfClosing;
        }
        return;
      }
      switch (local) {
        case 'sheetData':
          inSheetData = !selfClosing;
          return;
        case 'row': {
          if (!inSheetData) return;
          const r = Number(attrs.r);
          rowIndex = Number.isInteger(r) && r >= 1 ? r - 1 : rowIndex + 1;
          colIndex = -1;
          if ((isTrue(attrs.hidden) || isZero(attrs.ht)) && rowIndex < limits.maxRows && hiddenRows[hiddenRows.length - 1] !== rowIndex) hiddenRows.push(rowIndex);
          return;
        }
        case 'col': {
          if (inSheetData || !(isTrue(attrs.hidden) || isZero(attrs.width))) return;
          const min = Number(attrs.min);
          const max = Number(attrs.max ?? attrs.min);
          if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1) return;
          for (let c = min - 1; c < Math.min(max, limits.maxColumns); c++) hiddenColumns.push(c);
          return;
        }
        case 'autoFilter': {
          if (inSheetData || attrs.ref === undefined) return;
          const range = parseRange(attrs.ref);
          if (range) sheet.autoFilter = range;
          return;
        }
        case 'c': {
          if (!inSheetData) return;
          const ref = attrs.r;
          const parsed = ref === undefined ? undefined : parseRef(ref);
          if (parsed) {
            rowIndex = parsed[0];
            colIndex = parsed[1];
          } else {
            if (rowIndex < 0) rowIndex = 0;
            colIndex += 1;
          }
          type = attrs.t ?? 'n';
          const s = attrs.s === undefined ? 0 : Number(attrs.s);
          style = Number.isInteger(s) && s >= 0 ? s : 0;
          formula = false;
          inFormula = false;
          formulaSource = '';
          sharedIndex = undefined;
          sawValue = false;
          value = '';
          inline = '';
          inInline = false;
          phonetic = 0;
          capture = false;
          inCell = true;
          if (selfClosing) finishCell();
          return;
        }
        case 'mergeCell': {
          const range = attrs.ref === undefined ? undefined : parseRange(attrs.ref);
          if (!range || (range.top === range.bottom && range.left === range.right)) return;
          if (range.top >= limits.maxRows || range.left >= limits.maxColumns) {
            truncate();
            return;
          }
          if (range.bottom >= limits.maxRows || range.right >= limits.maxColumns) truncate();
          range.bottom = Math.min(range.bottom, limits.maxRows - 1);
          range.right = Math.min(range.right, limits.maxColumns - 1);
          if (++shared.cells.count > limits.maxCells)
            throw new ReaderFailure('file-too-large', MESSAGES.tooLarge(`合并单元格超过 ${limits.maxCells} 个`));
          sheet.merges.push(range);
          return;
        }
        case 'hyperlink': {
          const range = attrs.ref === undefined ? undefined : parseRange(attrs.ref);
          if (!range || shared.hyperlinks.count >= limits.maxHyperlinks) return;
          shared.hyperlinks.count++;
          links.push({ range, id: attribute(attrs, 'id'), location: attrs.location });
          return;
        }
      }
    },
    close(local) {
      if (!inCell) {
        if (local === 'sheetData') inSheetData = false;
        return;
      }
      if (local === 'c') finishCell();
      else if (local === 'v') capture = false;
      else if (local === 'f') inFormula = false;
      else if (local === 'is') inInline = false;
      else if (inInline && local === 'rPh') phonetic = Math.max(0, phonetic - 1);
      else if (inInline && local === 't') capture = false;
    },
    text(text) {
      if (inFormula) formulaSource += text;
      if (!capture) return;
      if (inInline) inline += text;
      else value += text;
    },
    end() {
      for (const orphan of orphans) {
        const master = sharedMasters.get(orphan.si);
        const moved = master && moveFormula(master.text, master.row, master.col, orphan.row, orphan.col);
        if (moved !== undefined) orphan.cell.formulaText = moved;
      }
      if (hiddenRows.length > 0) sheet.hiddenRows = [...new Set(hiddenRows)].sort((a, b) => a - b);
      if (hiddenColumns.length > 0) sheet.hiddenColumns = [...new Set(hiddenColumns)].sort((a, b) => a - b);
    },
  });
}

/**
 * Gives the cells a link covers their target. Work is bounded by the data, not by what the file
 * declares: a range is clamped to the cells the sheet has, and once `budget.visits` cell visits are
 * spent (10,000 links over whole sheets) the remaining links are not applied — a link is never data.
 */
function applyLinks(sheet: SheetModel, links: PendingLink[], rels: Map<string, Relationship>, budget: { visits: number }): void {
  for (const link of links) {
    const rel = link.id === undefined ? undefined : rels.get(link.id);
    const location = link.location !== undefined && link.location !== '' ? `#${link.location}` : '';
    const target = rel ? rel.target + location : location || undefined;
    if (target === undefined) continue;
    const { top, left, bottom, right } = link.range;
    for (let r = top; r <= bottom && r < sheet.rows.length; r++) {
      if (--budget.visits < 0) return;
      const row = sheet.rows[r];
      if (!row) continue;
      const end = Math.min(right, row.length - 1);
      if (end >= left) budget.visits -= end - left + 1;
      for (let c = left; c <= end; c++) {
        const cell: Cell | undefined = row[c];
        if (cell) cell.hyperlink = target;
      }
    }
  }
}

/**
 * Clamps merges to the rows and columns the sheet uses (a merge over A1:XFD1048576 covers no more
 * than the data) and keeps them only while their clamped areas add up to at most `budget.cells`:
 * real merges do not overlap, so past that they are overlapping junk that would make the table
 * finder's work grow with the file's claims instead of its data.
 */
function boundMerges(sheet: SheetModel, budget: { cells: number }): void {
  const lastRow = sheet.rows.length - 1;
  let lastCol = -1;
  for (const row of sheet.rows) if (row && row.length - 1 > lastCol) lastCol = row.length - 1;
  const kept: MergeRange[] = [];
  for (const merge of sheet.merges) {
    if (merge.top > lastRow || merge.left > lastCol) continue;
    const bottom = Math.min(merge.bottom, lastRow);
    const right = Math.min(merge.right, lastCol);
    const area = (bottom - merge.top + 1) * (right - merge.left + 1);
    if (area > budget.cells) continue;
    budget.cells -= area;
    kept.push({ top: merge.top, left: merge.left, bottom, right });
  }
  sheet.merges = kept;
}

/** Finds the main workbook part, or says what else the zip is. */
function locateWorkbook(archive: ZipArchive): { part: string } | { convertible: ConvertibleFormat } | { ods: string } {
  const direct = archive.find('xl/workbook.xml');
  if (direct) return { part: direct.path };
  const rootRels = archive.readTexts(['_rels/.rels']).get(normalizePartName('_rels/.rels'));
  for (const rel of parseRels(rootRels, '').values()) {
    if (relKind(rel.type) !== 'officedocument') continue;
    const entry = archive.find(rel.target) ?? archive.find(safeDecode(rel.target));
    if (!entry) continue;
    if (/\.bin$/i.test(entry.name)) return { convertible: FORMATS.xlsb };
    const name = normalizePartName(entry.name);
    if (name.startsWith('word/')) throw new ReaderFailure('file-unreadable', MESSAGES.wordDocument);
    if (name.startsWith('ppt/')) throw new ReaderFailure('file-unreadable', MESSAGES.otherOffice);
    if (name.endsWith('workbook.xml') || name.startsWith('xl/')) return { part: entry.path };
  }
  if (archive.find('xl/workbook.bin')) return { convertible: FORMATS.xlsb };
  if (archive.find('mimetype')) {
    const mimetype = archive.readTexts(['mimetype']).get('mimetype') ?? '';
    if (mimetype.trim() === 'application/vnd.oasis.opendocument.spreadsheet') {
      const content = archive.find('content.xml');
      if (!content) throw new ReaderFailure('file-unreadable', MESSAGES.corrupt);
      return { ods: content.path };
    }
    throw new ReaderFailure('file-unreadable', mimetype.includes('opendocument.text') ? MESSAGES.wordDocument : MESSAGES.otherOffice);
  }
  if (archive.find('word/document.xml')) throw new ReaderFailure('file-unreadable', MESSAGES.wordDocument);
  if (archive.find('ppt/presentation.xml')) throw new ReaderFailure('file-unreadable', MESSAGES.otherOffice);
  throw new ReaderFailure('file-unreadable', MESSAGES.notExcel);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** How far into a sheet part its <dimension> is looked for (it comes before <sheetData>, after sheetPr and nothing big). */
const DIMENSION_WINDOW = 16 * 1024;
const DIMENSION = /<(?:[A-Za-z_][\w.-]*:)?dimension\b[^>]*?\bref\s*=\s*["']([^"']*)["']/;

/**
 * The rows a sheet's <dimension> spans (its first to last used row), or undefined when the part
 * has none before its data. Inflates only the part's first few kilobytes (a small part whole, once:
 * ZipArchive.scan keeps it for the real pass).
 */
export function dimensionRows(archive: ZipArchive, part: string): number | undefined {
  const decoder = new TextDecoder();
  let head = '';
  let rows: number | undefined;
  archive.scan(part, (data) => {
    head += decoder.decode(data, { stream: true });
    const match = DIMENSION.exec(head);
    if (match) {
      const range = parseRange(match[1]!.trim());
      if (range) rows = range.bottom - range.top + 1;
      return false;
    }
    return head.length < DIMENSION_WINDOW && !/<(?:[A-Za-z_][\w.-]*:)?sheetData\b/.test(head);
  });
  return rows;
}

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const COLON = 0x3a;

/**
 * Counts the rows of a sheet part that hold a value (a <v> or an inline <t> with text), straight
 * from its bytes without parsing XML, and stops once the count passes `stopAfter`. Rows that only
 * carry formatting (a border drawn down to row 5,000) do not count.
 */
export function countDataRows(archive: ZipArchive, part: string, stopAfter: number): number {
  let count = 0;
  let rowHasValue = false;
  // 0: text; 1: reading a tag name; 2: inside the attributes of <v>/<t>; 3: just after <v>/<t>.
  let state = 0;
  let name = '';
  let previous = 0;
  const tagNamed = (local: string): number => {
    if (local === 'row') {
      rowHasValue = false;
      return 0;
    }
    return local === 'v' || local === 't' ? 2 : 0;
  };
  archive.scan(part, (data) => {
    for (let i = 0; i < data.length; i++) {
      const byte = data[i]!;
      switch (state) {
        case 0:
          if (byte === LT) {
            state = 1;
            name = '';
          }
          break;
        case 1:
          if ((byte >= 0x61 && byte <= 0x7a) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x30 && byte <= 0x39) || byte === 0x5f || byte === 0x2d || byte === 0x2e) {
            if (name.length < 16) name += String.fromCharCode(byte);
          } else if (byte === COLON && name !== '') name = '';
          else {
            state = name === '' ? 0 : tagNamed(name);
            if (state === 2 && byte === GT) state = 3;
            else if (state === 2 && byte === SLASH) state = 0;
          }
          break;
        case 2:
          if (byte === GT) state = previous === SLASH ? 0 : 3;
          break;
        case 3:
          if (byte === LT) {
            state = 1;
            name = '';
          } else {
            state = 0;
            if (!rowHasValue) {
              rowHasValue = true;
              if (++count > stopAfter) return false;
            }
          }
          break;
      }
      previous = byte;
    }
    return true;
  }, 'whole');
  return count;
}

/**
 * Refuses a workbook one of whose sheets holds more than `limits.maxDataRows` rows of data, before
 * anything else is read: the sheet's <dimension> clears it in the common case; when the dimension is
 * missing or spans more rows than the limit (it also counts rows that only carry formatting), the
 * rows that hold a value are counted from the bytes.
 */
function checkSheetRows(archive: ZipArchive, sheets: { name: string; part: string }[], limits: ReaderLimits): void {
  const seen = new Set<string>();
  for (const { name, part } of sheets) {
    const key = normalizePartName(part);
    if (seen.has(key)) continue;
    seen.add(key);
    let tooMany = false;
    try {
      const rows = dimensionRows(archive, part);
      tooMany = (rows === undefined || rows > limits.maxDataRows) && countDataRows(archive, part, limits.maxDataRows) > limits.maxDataRows;
    } catch {
      // A damaged part: the real pass reads the other sheets and says which one it could not read.
    }
    if (tooMany) throw new ReaderFailure('file-too-large', MESSAGES.tooManyRows(name, limits.maxDataRows));
  }
}

/** Reads an OOXML workbook from the bytes of a zip. */
export function readXlsx(bytes: Uint8Array, limits: ReaderLimits, stats?: ReadStats): XlsxResult {
  const archive = new ZipArchive(bytes, listZip(bytes, limits), limits);
  try {
    return readArchive(archive, limits, stats);
  } finally {
    if (stats) stats.inflatedBytes = archive.inflatedBytes;
  }
}

function readArchive(archive: ZipArchive, limits: ReaderLimits, stats?: ReadStats): XlsxResult {
  const located = locateWorkbook(archive);
  if ('convertible' in located) return { kind: 'convertible', format: located.convertible };
  if ('ods' in located) {
    const sheets: SheetModel[] = [];
    archive.pass(new Map([[normalizePartName(located.ods), odsSink(sheets, limits)]]));
    return { kind: 'workbook', workbook: { sheets, date1904: false, notices: [] } };
  }
  const workbookPart = located.part;
  const workbookRelsPart = relsPathOf(workbookPart);
  const texts = archive.readTexts([workbookPart, workbookRelsPart]);
  const workbookXml = texts.get(normalizePartName(workbookPart));
  if (workbookXml === undefined) throw new ReaderFailure('file-unreadable', MESSAGES.corrupt);

  let date1904 = false;
  let fullCalcOnLoad = false;
  const sheetRefs: { name: string; hidden: boolean; id?: string }[] = [];
  parseXml(workbookXml, {
    open(local, attrs: Attributes) {
      if (local === 'workbookPr' && attrs.date1904 !== undefined) {
        const v = attrs.date1904.trim().toLowerCase();
        date1904 = v === '1' || v === 'true';
      } else if (local === 'calcPr') {
        fullCalcOnLoad = isTrue(attrs.fullCalcOnLoad);
      } else if (local === 'sheet') {
        const state = (attrs.state ?? 'visible').toLowerCase();
        sheetRefs.push({ name: attrs.name ?? `Sheet${sheetRefs.length + 1}`, hidden: state === 'hidden' || state === 'veryhidden', id: attribute(attrs, 'id') });
        if (sheetRefs.length > limits.maxSheets)
          throw new ReaderFailure('file-too-large', MESSAGES.tooLarge(`工作表超过 ${limits.maxSheets} 个`));
      }
    },
  });
  const rels = parseRels(texts.get(normalizePartName(workbookRelsPart)), workbookPart);
  const partOf = (target: string): string | undefined => (archive.find(target) ?? archive.find(safeDecode(target)))?.path;
  const notices: ReaderNotice[] = [];

  let stylesPart: string | undefined;
  let stylesMissing = false;
  let stringsPart: string | undefined;
  for (const rel of rels.values()) {
    if (rel.external) continue;
    const kind = relKind(rel.type);
    if (kind === 'styles') {
      stylesPart ??= partOf(rel.target);
      stylesMissing = stylesPart === undefined;
    } else if (kind === 'sharedstrings') stringsPart ??= partOf(rel.target);
  }

  // Too many rows: refused now, before the shared strings and the sheets are parsed.
  const sheetParts: { name: string; part: string }[] = [];
  for (const ref of sheetRefs) {
    const rel = ref.id === undefined ? undefined : rels.get(ref.id);
    const part = rel && !rel.external ? partOf(rel.target) : undefined;
    if (part) sheetParts.push({ name: ref.name, part });
  }
  checkSheetRows(archive, sheetParts, limits);

  const shared: Shared = { strings: [], stringValues: [], styles: [], date1904, limits, cells: { count: 0 }, hyperlinks: { count: 0 } };
  const firstPass = stylesSinks(stylesPart, shared.styles);
  const stylesKey = stylesPart === undefined ? undefined : normalizePartName(stylesPart);
  if (stringsPart) firstPass.set(normalizePartName(stringsPart), sharedStringsSink(shared.strings, limits));
  // A damaged styles.xml costs the formats, not the values; damaged shared strings cost the file.
  archive.pass(firstPass, (key) => {
    if (key !== stylesKey) throw new ReaderFailure('file-unreadable', MESSAGES.corrupt);
    shared.styles.length = 0;
    stylesMissing = true;
  });
  if (stylesMissing)
    notices.push({
      code: 'formats-ignored',
      severity: 'warning',
      message:
        '文件中的格式部分（styles.xml）已损坏或缺失，已忽略数字和日期格式，只读取了值（日期列仍按日期读取，其他列中的日期会显示为数字），请用 Excel 或 WPS 打开后重新保存',
    });

  // Sheets: one pass over all worksheet parts (SAX) and their rels (buffered, for hyperlinks).
  const sheets: SheetModel[] = [];
  const secondPass = new Map<string, PartSink>();
  const afterPass: (() => void)[] = [];
  const sheetByPart = new Map<string, SheetModel>();
  const missingStringsBySheet = new Map<SheetModel, string[]>();
  const sheetOfKey = new Map<string, SheetModel>();
  const unreadable = (sheet: SheetModel, why: string): void => {
    sheet.rows = [];
    sheet.merges = [];
    notices.push({
      code: 'sheet-unreadable',
      severity: 'error',
      sheet: sheet.name,
      message: `工作表“${sheet.name}”无法读取（${why}），其中的内容没有读入；请让报送单位用 Excel 或 WPS 打开、确认这个工作表完好后重新保存发送`,
    });
  };
  for (const ref of sheetRefs) {
    const sheet: SheetModel = { name: ref.name, hidden: ref.hidden, rows: [], merges: [] };
    sheets.push(sheet);
    const rel = ref.id === undefined ? undefined : rels.get(ref.id);
    if (!rel || rel.external) {
      unreadable(sheet, '工作簿中指向它的关系缺失或损坏');
      continue;
    }
    const kind = relKind(rel.type);
    // Chart sheets and dialog sheets hold no cells: nothing to read, nothing lost.
    if (kind === 'chartsheet' || kind === 'dialogsheet') continue;
    if (!['worksheet', 'macrosheet', 'xlmacrosheet', 'xlintlmacrosheet'].includes(kind)) {
      unreadable(sheet, '工作簿中指向它的关系类型不对');
      continue;
    }
    const part = partOf(rel.target);
    if (!part) {
      unreadable(sheet, `文件中缺少它的内容部分“${rel.target}”`);
      continue;
    }
    const key = normalizePartName(part);
    const twin = sheetByPart.get(key);
    if (twin) {
      afterPass.push(() => {
        sheet.rows = twin.rows;
        sheet.merges = twin.merges;
        if (twin.hiddenRows) sheet.hiddenRows = twin.hiddenRows;
        if (twin.hiddenColumns) sheet.hiddenColumns = twin.hiddenColumns;
        if (twin.autoFilter) sheet.autoFilter = twin.autoFilter;
        if (twin.truncated) sheet.truncated = true;
      });
      continue;
    }
    sheetByPart.set(key, sheet);
    sheetOfKey.set(key, sheet);
    const links: PendingLink[] = [];
    const missingStrings: string[] = [];
    missingStringsBySheet.set(sheet, missingStrings);
    secondPass.set(key, sheetSink(sheet, shared, links, missingStrings));
    const relsPart = relsPathOf(part);
    afterPass.push(() => {
      if (links.length === 0) return;
      // The sheet's relationships are read only when a kept link needs one, and only those ids.
      const wanted = new Set(links.map((l) => l.id).filter((id): id is string => id !== undefined));
      const rels = new Map<string, Relationship>();
      if (wanted.size > 0 && archive.find(relsPart)) {
        archive.pass(new Map([[normalizePartName(relsPart), relationshipsSink(part, wanted, rels)]]), () => undefined);
      }
      applyLinks(sheet, links, rels, linkBudget);
    });
  }
  const linkBudget = { visits: 0 };
  const failed = new Set<SheetModel>();
  archive.pass(secondPass, (key) => {
    const sheet = sheetOfKey.get(key);
    if (!sheet) return; // a sheet's own rels: its links are lost, its cells are not
    failed.add(sheet);
  });
  for (const sheet of failed) unreadable(sheet, '内容已损坏，不是完整的表格数据');
  const linkAllowance = 4 * shared.cells.count + 100_000;
  linkBudget.visits = linkAllowance;
  for (const step of afterPass) step();
  const mergeBudget = { cells: limits.maxMergedCells };
  for (const sheet of sheets) boundMerges(sheet, mergeBudget);
  if (stats) {
    stats.linkVisits = linkAllowance - Math.max(0, linkBudget.visits);
    stats.mergedCells = limits.maxMergedCells - mergeBudget.cells;
  }

  for (const [sheet, refs] of missingStringsBySheet) {
    if (failed.has(sheet)) continue;
    cellNotices(notices, sheet, refs, 'cell-unreadable', (ref) => `${ref}：这个单元格的文字在文件中找不到（文件已损坏），没有读入；请让报送单位用 Excel 或 WPS 打开、核对后重新保存发送`);
  }
  utf8Notices(notices, archive, sheets, sheetOfKey, stringsPart, failed);
  const workbook: WorkbookModel = { sheets, date1904, notices };
  if (fullCalcOnLoad) workbook.fullCalcOnLoad = true;
  return { kind: 'workbook', workbook };
}

/** One notice per cell for the first NOTICE_CELLS cells, then one that counts the rest. */
function cellNotices(
  notices: ReaderNotice[],
  sheet: SheetModel,
  refs: string[],
  code: 'cell-unreadable' | 'encoding-invalid',
  message: (ref: string) => string,
  value?: (ref: string) => string | undefined,
): void {
  for (const ref of refs.slice(0, NOTICE_CELLS)) {
    const shown = value?.(ref);
    notices.push({ code, severity: 'error', sheet: sheet.name, cell: ref, message: message(ref), ...(shown === undefined ? {} : { value: shown }) });
  }
  if (refs.length > NOTICE_CELLS)
    notices.push({
      code,
      severity: 'error',
      sheet: sheet.name,
      message: `工作表“${sheet.name}”中还有 ${refs.length - NOTICE_CELLS} 个单元格有同样的问题（从 ${refs[NOTICE_CELLS]} 起），请让报送单位用 Excel 或 WPS 打开、核对后重新保存发送`,
    });
}

/**
 * Parts whose bytes were not valid UTF-8: the cells whose text lost characters (now U+FFFD) are
 * named; a damaged part with no such cell (the damage is in a sheet name or markup) is named itself.
 */
function utf8Notices(
  notices: ReaderNotice[],
  archive: ZipArchive,
  sheets: SheetModel[],
  sheetOfKey: Map<string, SheetModel>,
  stringsPart: string | undefined,
  failed: Set<SheetModel>,
): void {
  if (archive.invalidUtf8.size === 0) return;
  const stringsDamaged = stringsPart !== undefined && archive.invalidUtf8.has(normalizePartName(stringsPart));
  const damagedSheets = new Set<SheetModel>();
  for (const key of archive.invalidUtf8) {
    const sheet = sheetOfKey.get(key);
    if (sheet) damagedSheets.add(sheet);
  }
  let named = false;
  for (const sheet of sheets) {
    if (failed.has(sheet) || (!stringsDamaged && !damagedSheets.has(sheet))) continue;
    const refs: string[] = [];
    const values = new Map<string, string>();
    sheet.rows.forEach((row, r) =>
      row?.forEach((cell, c) => {
        if (cell?.value.type === 'string' && cell.value.text.includes('\uFFFD')) {
          const ref = cellRef(r, c);
          refs.push(ref);
          values.set(ref, cell.value.text);
        }
      }),
    );
    if (refs.length === 0 && damagedSheets.has(sheet)) {
      notices.push({
        code: 'encoding-invalid',
        severity: 'error',
        sheet: sheet.name,
        message: `工作表“${sheet.name}”中有不是有效 UTF-8 编码的字节（文件已损坏），部分内容可能读错；请让报送单位用 Excel 或 WPS 重新保存后发送`,
      });
      named = true;
      continue;
    }
    if (refs.length > 0) named = true;
    cellNotices(
      notices,
      sheet,
      refs,
      'encoding-invalid',
      (ref) => `${ref}：这个单元格的文字中有无法识别的字节（不是有效的 UTF-8 编码，显示为 �），原文已损坏；请让报送单位核对这个单元格后重新保存发送`,
      (ref) => values.get(ref),
    );
  }
  if (!named)
    notices.push({
      code: 'encoding-invalid',
      severity: 'error',
      message: `文件中的“${[...archive.invalidUtf8].join('、')}”有不是有效 UTF-8 编码的字节（文件已损坏），部分文字（如工作表名）可能读错；请让报送单位用 Excel 或 WPS 重新保存后发送`,
    });
}
