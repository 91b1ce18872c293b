/**
 * A shorter form of a table's cells for the inbox's result cache (cache.ts). Most cells repeat their
 * text: a text cell holds it as `raw.text`, `display` and `value.text`; a number cell its number as
 * `raw.number` and `value.value`. In the cache such a cell is the array
 * `[ref, display, raw, value]`, where `raw` is 0 for `{type:'string', text: display}` or 1 for
 * `{type:'empty'}`, and `value` is 0 for `{kind:'text', text: display}`, 1 for
 * `{kind:'number', value: raw.number, fromText: false}` or 2 for `{kind:'blank'}` (else the object
 * itself); the row is the DataRow's. A year's payloads are about 40 % smaller, and a cell's three
 * copies of its text are one string in memory once read.
 *
 * A cell is written short only when unpacking gives back exactly the same JSON (keys in the same
 * order); any other cell (a formula, another row) is kept as it is, and unpacking leaves objects alone.
 */
import type { DataRow, Table, TableCell } from '../table/model.js';

type ShortRaw = 0 | 1 | TableCell['raw'];
type ShortValue = 0 | 1 | 2 | TableCell['value'];
type ShortCell = [ref: string, display: string, raw: ShortRaw, value: ShortValue];

/** A copy of a table (the object JSON.stringify will write) with its cells in the short form where it is exact. */
export function packTable(table: Table): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(table)) {
    if (key === 'rows') out[key] = table.rows.map(packRow);
    else if (key === 'totalRow' && table.totalRow) out[key] = packRow(table.totalRow);
    else if (key === 'sums' && table.sums) out[key] = table.sums.map((sum) => ({ ...sum, row: packRow(sum.row) }));
    else out[key] = value;
  }
  return out;
}

/** A parsed packed table made whole again, in place (cells in the short form rebuilt). */
export function unpackTable(table: Table): Table {
  for (const row of table.rows) unpackRow(row);
  if (table.totalRow) unpackRow(table.totalRow);
  if (table.sums) for (const sum of table.sums) unpackRow(sum.row);
  return table;
}

function packRow(row: DataRow): DataRow {
  const cells: Record<string, unknown> = {};
  for (const [field, cell] of Object.entries(row.cells)) cells[field] = packCell(cell, row.row);
  return { ...row, cells: cells as DataRow['cells'] };
}

function unpackRow(row: DataRow): void {
  const cells = row.cells as Record<string, TableCell | ShortCell>;
  for (const field in cells) {
    const cell = cells[field]!;
    if (Array.isArray(cell)) cells[field] = unpackCell(cell, row.row);
  }
}

function packCell(cell: TableCell, row: number): TableCell | ShortCell {
  const { raw, value, display } = cell;
  const shortRaw: ShortRaw = raw.type === 'string' && raw.text === display ? 0 : raw.type === 'empty' ? 1 : raw;
  const shortValue: ShortValue =
    value.kind === 'text' && value.text === display
      ? 0
      : value.kind === 'number' && raw.type === 'number' && value.value === raw.number && value.fromText === false
        ? 1
        : value.kind === 'blank'
          ? 2
          : value;
  const short: ShortCell = [cell.ref, display, shortRaw, shortValue];
  return JSON.stringify(unpackCell(short, row)) === JSON.stringify(cell) ? short : cell;
}

function unpackCell([ref, display, raw, value]: ShortCell, row: number): TableCell {
  const fullRaw: TableCell['raw'] = raw === 0 ? { type: 'string', text: display } : raw === 1 ? { type: 'empty' } : raw;
  const fullValue: TableCell['value'] =
    value === 0
      ? { kind: 'text', text: display }
      : value === 1
        ? { kind: 'number', value: fullRaw.type === 'number' ? fullRaw.number : Number.NaN, fromText: false }
        : value === 2
          ? { kind: 'blank' }
          : value;
  return { ref, row, raw: fullRaw, display, value: fullValue };
}
