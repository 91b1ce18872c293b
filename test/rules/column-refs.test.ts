/**
 * ColumnRefs (src/rules/util.ts) counts each cell reference of a column once without keeping a set
 * while every cell sits at its own row (issue 9): it must answer exactly as a plain set of the refs
 * met does, whatever the order — merged cells (the master's ref on later rows), a merge's master in
 * another column, a row with its own value inside a merge (A, B, A), rows out of order, refs of
 * another column.
 */
import { describe, expect, it } from 'vitest';
import { cellRef } from '../../src/reader/model.js';
import { ColumnRefs, isRefAt } from '../../src/rules/util.js';
import { makeTable } from './builder.js';

/** The general path: a set of every ref met. */
function firsts(walk: [ref: string, row: number][]): boolean[] {
  const seen = new Set<string>();
  return walk.map(([ref]) => {
    if (seen.has(ref)) return false;
    seen.add(ref);
    return true;
  });
}

// makeTable puts 附件2's columns in template order: 总投资 (total) is column E.
const table = makeTable('lagging', []);
const own = (row: number): [string, number] => [cellRef(row - 1, 4), row];
const from = (ref: string, row: number): [string, number] => [ref, row];

const walks: [string, [string, number][]][] = [
  ['every cell its own', [own(4), own(5), own(6), own(7)]],
  ['a merge E4:E6', [own(4), from('E4', 5), from('E4', 6), own(7)]],
  ['a row with its own value inside a merge (A, B, A)', [own(4), own(5), from('E4', 6), own(7)]],
  ['a merge whose master is in column D', [own(4), from('D5', 5), from('D5', 6), own(7)]],
  ['two merges', [own(4), from('E4', 5), own(6), from('E6', 7), from('E6', 8), own(9)]],
  ['a merge at the start, its master a sum row above', [from('E3', 4), from('E3', 5), own(6)]],
  ['rows out of order', [own(5), own(4), own(5), own(6)]],
  ['the same row twice', [own(4), own(4), own(5)]],
  ['refs with leading zeros or other letters', [own(4), from('E04', 5), from('EE5', 5), from('e6', 6), own(6)]],
  ['a long table', Array.from({ length: 300 }, (_, i) => own(i + 4))],
  ['a long table, one merge near its end', [...Array.from({ length: 300 }, (_, i) => own(i + 4)), from('E300', 304), own(305)]],
];

describe('ColumnRefs answers as a set of the refs met', () => {
  it.each(walks)('%s', (_name, walk) => {
    const refs = new ColumnRefs(table, 'total');
    expect(walk.map(([ref, row]) => refs.first(ref, row))).toEqual(firsts(walk));
  });

  it('for a field the table lacks, too (no column: always the set)', () => {
    const lacking = makeTable('lagging', [], { omit: ['total'] });
    const walk = walks[2]![1];
    const refs = new ColumnRefs(lacking, 'total');
    expect(walk.map(([ref, row]) => refs.first(ref, row))).toEqual(firsts(walk));
  });
});

describe('isRefAt', () => {
  it.each([
    ['E7', 'E', 7, true],
    ['E7', 'E', 8, false],
    ['E07', 'E', 7, false],
    ['EE7', 'E', 7, false],
    ['AA12', 'AA', 12, true],
    ['A12', 'AA', 12, false],
    ['E', 'E', 0, false],
    ['E7x', 'E', 7, false],
  ] as const)('%s is column %s row %i: %s', (ref, letters, row, answer) => {
    expect(isRefAt(ref, letters, row)).toBe(answer);
  });
});
