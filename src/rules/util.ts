/**
 * Helpers shared by the rules: field specs and labels of a table's kind, cells (including the
 * blank cells a reader may leave out), raw values for findings, and number formatting for messages.
 */
import type { Config } from '../config/schema.js';
import { makeDistrictResolver, type DistrictResolver } from '../config/districts.js';
import { cellRef, columnName, type CellValue } from '../reader/model.js';
import { KINDS, type FieldId, type FieldSpec, type KindSpec } from '../schema/kinds.js';
import type { ColumnMapping, DataRow, Table, TableCell } from '../table/model.js';
import { isSqueezed, nfkc } from '../values/text.js';

export function kindSpec(table: Table): KindSpec {
  return KINDS[table.kind];
}

export function fieldSpec(table: Table, id: FieldId): FieldSpec | undefined {
  return kindSpec(table).fields.find((f) => f.id === id);
}

/** The template's label on one line: "截至完成投资\n(万元)" → "截至完成投资(万元)". */
export function oneLine(label: string): string {
  return label.replace(/\s+/g, '');
}

export function fieldLabel(spec: FieldSpec): string {
  return oneLine(spec.label);
}

/** The label without its unit, for running text: "截至完成投资(万元)" → "截至完成投资". */
export function shortLabel(spec: FieldSpec): string {
  return fieldLabel(spec).replace(/[(（](万元|年月-年月)[)）]$/, '');
}

/** The first column the header mapped to a field (later duplicates are header-duplicate-column's). */
export function columnOf(table: Table, id: FieldId): ColumnMapping | undefined {
  return table.columns.find((c) => c.field === id);
}

/** The kind's fields that the table actually has, in the template's order. */
export function presentFields(table: Table): FieldSpec[] {
  return kindSpec(table).fields.filter((f) => columnOf(table, f.id) !== undefined);
}

/**
 * A row's cell of a field. A reader may leave an empty cell out of `cells`; when the table has the
 * column, such a cell is given as blank with its computed reference. undefined when the table has
 * no such column.
 */
export function cellAt(table: Table, row: DataRow, id: FieldId): TableCell | undefined {
  const cell = row.cells[id];
  if (cell) return cell;
  const column = columnOf(table, id);
  return column ? blankCell(row, column) : undefined;
}

/**
 * A blank cell of a row in a column. Apart from cellAt, which runs for every cell a rule reads: the
 * variables the `ref` getter captures would otherwise be allocated on every call, cell or none.
 */
function blankCell(row: DataRow, column: ColumnMapping): TableCell {
  // The reference is built only when read (a finding names it): most rules pass blank cells by.
  let ref: string | undefined;
  return {
    get ref() {
      return (ref ??= cellRef(row.row - 1, column.col));
    },
    row: row.row,
    raw: { type: 'empty' },
    display: '',
    value: { kind: 'blank' },
  };
}

/** A cell's stored value as the finding's `value`: a number typed as text stays its text. */
export function rawValue(raw: CellValue): string | number | boolean | null {
  switch (raw.type) {
    case 'empty':
      return null;
    case 'string':
      return raw.text;
    case 'number':
      return raw.number;
    case 'date':
      return raw.iso;
    case 'boolean':
      return raw.value;
    case 'error':
      return raw.error;
  }
}

/** What the cell shows, for quoting in a message. */
export function shown(cell: TableCell): string {
  const text = cell.display.trim() !== '' ? cell.display : String(rawValue(cell.raw) ?? '');
  // On one line: a message is one line.
  const trimmed = text.trim();
  return trimmed.includes('\n') ? trimmed.replace(/\s*\n\s*/g, ' ') : trimmed;
}

/** A number for a message, without float noise: 12000, 1.5, 0.3 (not 0.30000000000000004). */
export function fmtNum(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return String(Number(n.toFixed(4)));
}

/** The 1-based row of an A1 reference ("G7" → 7); null when it is not one. */
export function rowOf(ref: string | null): number | null {
  const m = ref ? /^[A-Z]+(\d+)$/.exec(ref) : null;
  return m && m[1] !== undefined ? Number(m[1]) : null;
}

/** The 0-based column of an A1 reference ("G7" → 6); -1 when it is not one. */
export function colIndex(ref: string): number {
  const m = /^([A-Z]+)\d+$/.exec(ref);
  if (!m || m[1] === undefined) return -1;
  let n = 0;
  for (const ch of m[1]) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export { chineseNumber, groupName } from '../config/group-name.js';

/** Text compared as a person means it: NFKC (full-width → half-width) and no whitespace. */
export function squeeze(text: string): string {
  // Most names are plain Chinese and ASCII without spaces: already squeezed.
  if (isSqueezed(text)) return text;
  return nfkc(text).replace(/\s+/g, '');
}

const resolvers = new WeakMap<Config, DistrictResolver>();

export function districtResolver(config: Config): DistrictResolver {
  let resolver = resolvers.get(config);
  if (!resolver) {
    resolver = makeDistrictResolver(config);
    resolvers.set(config, resolver);
  }
  return resolver;
}

/** The data rows, then every row that states a sum (合计, 小计, a category with amounts; `total` tells which). */
export function rowsAndTotal(table: Table): { row: DataRow; total: boolean }[] {
  const rows = table.rows.map((row) => ({ row, total: false }));
  for (const sum of table.sums ?? (table.totalRow ? [{ row: table.totalRow }] : [])) rows.push({ row: sum.row, total: true });
  return rows;
}

/** Where a cell is, for a message: “第5行“项目名称”” or “合计行（第9行）“总投资(万元)””. */
export function placeOf(row: DataRow, total: boolean, label: string | null): string {
  return `${total ? `合计行（第${row.row}行）` : `第${row.row}行`}${label ? `“${label}”` : ''}`;
}

/** A cell holding a formula error (#REF! …), or null. */
export function errorOf(cell: TableCell): string | null {
  if (cell.value.kind === 'error') return cell.value.error;
  if (cell.raw.type === 'error') return cell.raw.error;
  return null;
}

/** `ref` is the A1 reference of column `letters` at 1-based `row` ("G7" for G and 7), told without building it. */
export function isRefAt(ref: string, letters: string, row: number): boolean {
  if (ref.length <= letters.length || !ref.startsWith(letters) || ref.charCodeAt(letters.length) === 0x30) return false;
  let n = 0;
  for (let i = letters.length; i < ref.length; i++) {
    const digit = ref.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return false;
    n = n * 10 + digit;
  }
  return n === row;
}

/**
 * The cell references met walking down one field's column: the rows of a vertically merged cell all
 * carry the master's ref, and such a cell counts once. `first(ref, row)` is true the first time a
 * ref is met. While every cell sits at its own row's reference, rows going down, no two can share
 * one and no set is kept; the first cell elsewhere (a merge's master) starts the set, with the refs
 * met so far.
 */
export class ColumnRefs {
  private readonly letters: string | null;
  private previous = -Infinity;
  private own: string[] = [];
  private seen: Set<string> | null = null;

  constructor(table: Table, id: FieldId) {
    const column = columnOf(table, id);
    this.letters = column ? columnName(column.col) : null;
  }

  /** `ref` met for the first time, in the data row numbered `row` (1-based). */
  first(ref: string, row: number): boolean {
    if (this.seen === null) {
      if (this.letters !== null && row > this.previous && isRefAt(ref, this.letters, row)) {
        this.previous = row;
        this.own.push(ref);
        return true;
      }
      this.seen = new Set(this.own);
      this.own = [];
    }
    if (this.seen.has(ref)) return false;
    this.seen.add(ref);
    return true;
  }
}
