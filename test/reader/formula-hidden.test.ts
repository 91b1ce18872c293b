/**
 * What the reader keeps for formulas (their text, shared formulas moved to each cell, whether a result
 * was saved, the workbook's fullCalcOnLoad) and for what a clerk does not see on screen (hidden rows
 * and columns, the autofilter range).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readWorkbook } from '../../src/reader/index.js';
import { moveFormula } from '../../src/reader/xlsx-engine.js';
import type { WorkbookModel } from '../../src/reader/model.js';
import { bookParts, tempDir, zipParts, type BookSpec } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
let counter = 0;

async function book(spec: BookSpec, calcPr = ''): Promise<WorkbookModel> {
  const parts = bookParts(spec);
  if (calcPr) parts['xl/workbook.xml'] = parts['xl/workbook.xml']!.replace('</workbook>', `${calcPr}</workbook>`);
  const outcome = await readWorkbook(tmp.file(`f${++counter}.xlsx`, zipParts(parts)), { convert: false });
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.workbook;
}

describe('formulas', () => {
  it('keeps the text of every formula; a shared formula is moved to each cell of its range', async () => {
    const wb = await book({
      sheets: [
        {
          name: 'S',
          data:
            '<row r="4"><c r="E4"><v>48000</v></c><c r="G4"><f t="shared" ref="G4:G6" si="0">E4-18000</f><v>30000</v></c></row>' +
            '<row r="5"><c r="E5"><v>36000</v></c><c r="G5"><f t="shared" si="0"/><v>18000</v></c></row>' +
            '<row r="6"><c r="E6"><v>9000</v></c><c r="G6"><f t="shared" si="0"/></c><c r="H6"><f>SUM($E$4:E6)*0.5</f></c></row>' +
            '<row r="7"><c r="E7"><f t="shared" ref="E7:G7" si="1">SUM(E4:E6)</f><v>93000</v></c><c r="F7"><f t="shared" si="1"/><v>0</v></c></row>',
        },
      ],
    });
    const rows = wb.sheets[0]!.rows;
    expect(rows[3]![6]).toMatchObject({ formula: true, formulaText: 'E4-18000', value: { type: 'number', number: 30000 } });
    expect(rows[4]![6]).toMatchObject({ formula: true, formulaText: 'E5-18000', value: { type: 'number', number: 18000 } });
    expect(rows[5]![6]).toEqual({ formula: true, formulaText: 'E6-18000', uncached: true, value: { type: 'empty' } });
    expect(rows[5]![7]).toMatchObject({ formulaText: 'SUM($E$4:E6)*0.5', uncached: true });
    expect(rows[6]![5]).toMatchObject({ formulaText: 'SUM(F4:F6)', value: { type: 'number', number: 0 } });
    expect(rows[6]![5]!.uncached).toBeUndefined();
    expect(wb.fullCalcOnLoad).toBeUndefined();
  });

  it('an empty text result is a saved result; an empty number result is none', async () => {
    const wb = await book({
      sheets: [{ name: 'S', data: '<row r="1"><c r="A1" t="str"><f>""</f><v></v></c><c r="B1"><f>1+1</f><v></v></c><c r="C1"><f>1+1</f><v/></c></row>' }],
    });
    const row = wb.sheets[0]!.rows[0]!;
    expect(row[0]!.uncached).toBeUndefined();
    expect(row[1]!.uncached).toBe(true);
    expect(row[2]!.uncached).toBe(true);
  });

  it('reads calcPr fullCalcOnLoad', async () => {
    const data = '<row r="1"><c r="A1"><f>1+1</f><v>0</v></c></row>';
    expect((await book({ sheets: [{ name: 'S', data }] }, '<calcPr calcId="191029" fullCalcOnLoad="1"/>')).fullCalcOnLoad).toBe(true);
    expect((await book({ sheets: [{ name: 'S', data }] }, '<calcPr fullCalcOnLoad="true"/>')).fullCalcOnLoad).toBe(true);
    expect((await book({ sheets: [{ name: 'S', data }] }, '<calcPr calcId="191029" fullCalcOnLoad="0"/>')).fullCalcOnLoad).toBeUndefined();
  });

  it('moveFormula shifts relative references only, and gives #REF! off the sheet', () => {
    expect(moveFormula('E4-18000', 3, 6, 4, 6)).toBe('E5-18000');
    expect(moveFormula('SUM($E$4:E6)+\'其他 表\'!B2', 5, 7, 6, 8)).toBe("SUM($E$4:F7)+'其他 表'!C3");
    expect(moveFormula('A2*2', 1, 1, 0, 1)).toBe('A1*2');
    expect(moveFormula('A1*2', 1, 1, 0, 1)).toContain('#REF!');
  });
});

describe('hidden rows, hidden columns, autofilter', () => {
  it('keeps the rows and columns hidden in the file, and the filter range', async () => {
    const wb = await book({
      sheets: [
        {
          name: 'S',
          whole:
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cols><col min="1" max="1" width="6"/><col min="3" max="4" width="0" hidden="1"/></cols>' +
            '<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2" hidden="1"><c r="A2"><v>2</v></c></row><row r="3" hidden="true" outlineLevel="1"/>' +
            '<row r="4"><c r="A4"><v>4</v></c></row><row r="7" hidden="1"><c r="A7"><v>7</v></c></row></sheetData><autoFilter ref="A1:K9"/></worksheet>',
        },
      ],
    });
    const s = wb.sheets[0]!;
    expect(s.hiddenRows).toEqual([1, 2, 6]);
    expect(s.hiddenColumns).toEqual([2, 3]);
    expect(s.autoFilter).toEqual({ top: 0, left: 0, bottom: 8, right: 10 });
    // Hidden rows are read like any other.
    expect(s.rows[1]![0]!.value).toEqual({ type: 'number', number: 2 });
  });

  it('a sheet with nothing hidden has no such fields', async () => {
    const wb = await book({ sheets: [{ name: 'S', data: '<row r="1"><c r="A1"><v>1</v></c></row>' }] });
    expect(wb.sheets[0]).not.toHaveProperty('hiddenRows');
    expect(wb.sheets[0]).not.toHaveProperty('hiddenColumns');
    expect(wb.sheets[0]).not.toHaveProperty('autoFilter');
  });
});
