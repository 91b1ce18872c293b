/**
 * A shorter form of a table's cells for the inbox's result cache (cache.ts). Most cells repeat their
 * text: a text cell holds it as `raw.text`, `display` and `value.text`; a number cell its number as
 * `raw.number` and `value.value`; and a cell's `ref` is its column's letters and its row's number.
 * In the cache (format 3) a cell is, by what it holds:
 *
 * - a string `s`: a text cell, `{ref, row, raw: {type:'string', text: s}, display: s, value: {kind:'text', text: s}}`;
 * - `null`: an empty cell, `{ref, row, raw: {type:'empty'}, display: '', value: {kind:'blank'}}`;
 * - a number `n`: a number cell shown as `String(n)`, `{ref, row, raw: {type:'number', number: n}, display, value: {kind:'number', value: n, fromText: false}}`;
 * - `[display, raw, value]`, or `[ref, display, raw, value]` when the ref is not the column's: `raw`
 *   is 0 for `{type:'string', text: display}`, 1 for `{type:'empty'}`, `[n]` for `{type:'number',
 *   number: n}`, `[n, format]` for the same with its number format; `value` is 0 for `{kind:'text',
 *   text: display}`, 1 for `{kind:'number', value: raw.number, fromText: false}`, 2 for
 *   `{kind:'blank'}`; anything else is the object itself;
 * - any other cell (a formula, a cell of another row, keys in another order): the cell object itself.
 *
 * `ref` is the letters of the field's column in `table.columns` and the DataRow's row; `row` is
 * the DataRow's. A cell is written short only when unpacking gives back exactly the same JSON (keys
 * in the same order). A year's payloads are about half the size of the cells as objects, and each
 * text is one string in memory once read.
 */
import { columnName } from '../reader/model.js';
import type { DataRow, Table, TableCell } from '../table/model.js';

type ShortRaw = 0 | 1 | [number] | [number, string] | TableCell['raw'];
type ShortValue = 0 | 1 | 2 | TableCell['value'];
type ShortCell = string | null | number | [display: string, raw: ShortRaw, value: ShortValue] | [ref: string, display: string, raw: ShortRaw, value: ShortValue];

/** A field's column letters, by field, from the table's column mapping (the first mapping of a field). */
type Letters = Map<string, string>;

function lettersOf(table: Pick<Table, 'columns'>): Letters {
  const letters: Letters = new Map();
  for (const c of table.columns) if (!letters.has(c.field)) letters.set(c.field, columnName(c.col));
  return letters;
}

/** A copy of a table (the object JSON.stringify will write) with its cells in the short form where it is exact. */
export function packTable(table: Table): Record<string, unknown> {
  const letters = lettersOf(table);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(table)) {
    if (key === 'rows') out[key] = table.rows.map((row) => packRow(row, letters));
    else if (key === 'totalRow' && table.totalRow) out[key] = packRow(table.totalRow, letters);
    else if (key === 'sums' && table.sums) out[key] = table.sums.map((sum) => ({ ...sum, row: packRow(sum.row, letters) }));
    else out[key] = value;
  }
  return out;
}

/** A parsed packed table made whole again, in place (cells in the short form rebuilt). */
export function unpackTable(table: Table): Table {
  const letters = lettersOf(table);
  for (const row of table.rows) unpackRow(row, letters);
  if (table.totalRow) unpackRow(table.totalRow, letters);
  if (table.sums) for (const sum of table.sums) unpackRow(sum.row, letters);
  return table;
}

function packRow(row: DataRow, letters: Letters): DataRow {
  const cells: Record<string, unknown> = {};
  for (const [field, cell] of Object.entries(row.cells)) cells[field] = packCell(cell, row.row, letters.get(field));
  return { ...row, cells: cells as DataRow['cells'] };
}

function unpackRow(row: DataRow, letters: Letters): void {
  const cells = row.cells as Record<string, TableCell | ShortCell>;
  for (const field in cells) {
    const cell = cells[field]!;
    if (cell === null || typeof cell !== 'object' || Array.isArray(cell)) cells[field] = unpackCell(cell, row.row, letters.get(field));
  }
}

/** The shortest form of a cell that gives it back exactly; the cell itself when none does. */
function packCell(cell: TableCell, row: number, letters: string | undefined): TableCell | ShortCell {
  const { raw, value, display } = cell;
  const shortRaw: ShortRaw =
    raw.type === 'string' && raw.text === display
      ? 0
      : raw.type === 'empty'
        ? 1
        : raw.type === 'number'
          ? raw.format === undefined
            ? [raw.number]
            : [raw.number, raw.format]
          : raw;
  const shortValue: ShortValue =
    value.kind === 'text' && value.text === display
      ? 0
      : value.kind === 'number' && raw.type === 'number' && value.value === raw.number && value.fromText === false
        ? 1
        : value.kind === 'blank'
          ? 2
          : value;
  const derived = letters !== undefined && cell.ref === `${letters}${row}`;
  const candidates: ShortCell[] = [];
  if (derived) {
    if (shortRaw === 0 && shortValue === 0) candidates.push(display);
    if (shortRaw === 1 && shortValue === 2 && display === '') candidates.push(null);
    if (Array.isArray(shortRaw) && shortRaw.length === 1 && shortValue === 1) candidates.push(shortRaw[0]);
    candidates.push([display, shortRaw, shortValue]);
  }
  candidates.push([cell.ref, display, shortRaw, shortValue]);
  const text = JSON.stringify(cell);
  // (The table is JSON-safe — cache.ts's cacheable — so the short form reads back as it is written.)
  for (const short of candidates) if (JSON.stringify(unpackCell(short, row, letters)) === text) return short;
  return cell;
}

function unpackCell(short: ShortCell, row: number, letters: string | undefined): TableCell {
  const ref = `${letters}${row}`;
  if (typeof short === 'string') return { ref, row, raw: { type: 'string', text: short }, display: short, value: { kind: 'text', text: short } };
  if (short === null) return { ref, row, raw: { type: 'empty' }, display: '', value: { kind: 'blank' } };
  if (typeof short === 'number')
    return { ref, row, raw: { type: 'number', number: short }, display: String(short), value: { kind: 'number', value: short, fromText: false } };
  const [cellRef, display, raw, value] = short.length === 3 ? [ref, ...short] : short;
  const fullRaw: TableCell['raw'] =
    raw === 0
      ? { type: 'string', text: display }
      : raw === 1
        ? { type: 'empty' }
        : Array.isArray(raw)
          ? raw.length === 1
            ? { type: 'number', number: raw[0] }
            : { type: 'number', number: raw[0], format: raw[1] }
          : raw;
  const fullValue: TableCell['value'] =
    value === 0
      ? { kind: 'text', text: display }
      : value === 1
        ? { kind: 'number', value: fullRaw.type === 'number' ? fullRaw.number : Number.NaN, fromText: false }
        : value === 2
          ? { kind: 'blank' }
          : value;
  return { ref: cellRef, row, raw: fullRaw, display, value: fullValue };
}
