/**
 * The result cache's short form of cells (src/inbox/cache-cells.ts): a table packed, written as
 * JSON, read and unpacked is the same JSON as the table — for every sample sheet (text, amounts as
 * numbers and as text, dates, periods, formulas with and without saved results, sums, categories,
 * hidden rows) — and cells the short form cannot give back exactly stay as they are.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import { packTable, unpackTable } from '../../src/inbox/cache-cells.js';
import type { Table, TableCell } from '../../src/table/model.js';
import { validateFile } from '../../src/validate/pipeline.js';

const VALIDATE = join(import.meta.dirname, '..', '..', 'fixtures', 'validate');

/** Through the cache and back: pack, JSON, parse, unpack. */
const roundTrip = (table: Table): Table => unpackTable(JSON.parse(JSON.stringify(packTable(table))) as Table);

function cellsOf(table: Table): TableCell[] {
  const rows = [...table.rows, ...(table.totalRow ? [table.totalRow] : []), ...(table.sums ?? []).map((s) => s.row)];
  return rows.flatMap((r) => Object.values(r.cells));
}

describe('the short form of cells', () => {
  const files = readdirSync(VALIDATE).filter((f) => f.endsWith('.xlsx'));

  it.each(files)('gives back %s exactly, and shorter', async (name) => {
    const validated = await validateFile(join(VALIDATE, name), { config: DEFAULT_CONFIG });
    for (const { table } of validated) {
      if (!table) continue;
      const text = JSON.stringify(table);
      expect(JSON.stringify(roundTrip(table))).toBe(text);
      if (cellsOf(table).length > 0) expect(JSON.stringify(packTable(table)).length).toBeLessThan(text.length);
    }
  });

  it('keeps as they are the cells it cannot give back exactly', async () => {
    const table = (await validateFile(join(VALIDATE, '第三组-高新区-进度滞后-两行表头（正确）.xlsx'), { config: DEFAULT_CONFIG }))[0]!.table!;
    const row = table.rows[0]!;
    const name = row.cells.name!;
    const odd: Record<string, TableCell> = {
      formula: { ...name, formula: 'A1&B1' },
      otherRow: { ...name, row: row.row + 1 },
      keysInAnotherOrder: { display: name.display, ref: name.ref, row: name.row, raw: name.raw, value: name.value },
      textNotDisplay: { ...name, value: { kind: 'text', text: `${name.display}！` } },
      numberFromText: { ref: 'G4', row: row.row, raw: { type: 'string', text: '1,200' }, display: '1,200', value: { kind: 'number', value: 1200, fromText: true } },
      numberNotRaw: { ref: 'G4', row: row.row, raw: { type: 'number', number: 12 }, display: '12', value: { kind: 'number', value: 13, fromText: false } },
    };
    for (const [what, cell] of Object.entries(odd)) {
      const copy: Table = { ...table, rows: [{ ...row, cells: { ...row.cells, name: cell } }] };
      const packed = packTable(copy) as { rows: { cells: Record<string, unknown> }[] };
      // Short (an array) when only part of it repeats the text, with the rest kept as objects; else the cell itself.
      expect(Array.isArray(packed.rows[0]!.cells.name), what).toBe(!['formula', 'otherRow', 'keysInAnotherOrder'].includes(what));
      expect(JSON.stringify(roundTrip(copy)), what).toBe(JSON.stringify(copy));
    }
    // The common cells are short: a text cell in its column is its text, once.
    const packed = packTable(table) as { rows: { cells: Record<string, unknown> }[] };
    expect(packed.rows[0]!.cells.name).toBe(name.display);
  });

  it('writes each common cell in its shortest exact form, and the ref only when it is not the column’s', async () => {
    const table = (await validateFile(join(VALIDATE, '第三组-高新区-进度滞后-两行表头（正确）.xlsx'), { config: DEFAULT_CONFIG }))[0]!.table!;
    const row = table.rows[0]!;
    const col = table.columns.find((c) => c.field === 'name')!;
    const letters = String.fromCharCode(65 + col.col);
    const ref = `${letters}${row.row}`;
    const cells: [string, TableCell, unknown][] = [
      ['text', { ref, row: row.row, raw: { type: 'string', text: '某项目' }, display: '某项目', value: { kind: 'text', text: '某项目' } }, '某项目'],
      ['empty', { ref, row: row.row, raw: { type: 'empty' }, display: '', value: { kind: 'blank' } }, null],
      ['number', { ref, row: row.row, raw: { type: 'number', number: 1200.5 }, display: '1200.5', value: { kind: 'number', value: 1200.5, fromText: false } }, 1200.5],
      [
        'number shown otherwise',
        { ref, row: row.row, raw: { type: 'number', number: 1200 }, display: '1,200', value: { kind: 'number', value: 1200, fromText: false } },
        ['1,200', [1200], 1],
      ],
      [
        'number with a format',
        { ref, row: row.row, raw: { type: 'number', number: 1200, format: '#,##0' }, display: '1,200', value: { kind: 'number', value: 1200, fromText: false } },
        ['1,200', [1200, '#,##0'], 1],
      ],
      ['blank placeholder', { ref, row: row.row, raw: { type: 'string', text: '—' }, display: '—', value: { kind: 'blank' } }, ['—', 0, 2]],
      [
        'text in another column (a merged cell read from its neighbour)',
        { ref: `Z${row.row}`, row: row.row, raw: { type: 'string', text: '某项目' }, display: '某项目', value: { kind: 'text', text: '某项目' } },
        [`Z${row.row}`, '某项目', 0, 0],
      ],
    ];
    for (const [what, cell, short] of cells) {
      const copy: Table = { ...table, rows: [{ ...row, cells: { ...row.cells, name: cell } }] };
      const packed = packTable(copy) as { rows: { cells: Record<string, unknown> }[] };
      expect(packed.rows[0]!.cells.name, what).toEqual(short);
      expect(JSON.stringify(roundTrip(copy)), what).toBe(JSON.stringify(copy));
    }
  });
});
