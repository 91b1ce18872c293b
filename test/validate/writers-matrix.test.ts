/**
 * The writers matrix (issue 7, Proof): the same realistic 附件2 table — title, 填表日期, two-row header,
 * rare CJK in names, a text amount, a #REF!, a 合计 by SUM — written by every writer that installs from
 * npm without a native build (scripts/fixtures/writers-matrix.ts), and, where LibreOffice is installed,
 * converted by it to .xlsx, .xls, .ods and .fods. Every file must give the same table and the same
 * findings.
 *
 * Hook for the annotated copies (another engineer's part of issue 7): `matrixFiles()` writes every file
 * of the matrix into a folder and returns them with the table each must give; a test of `--annotate`
 * can write each one's copy and read it back against MATRIX_EXPECTED the same way.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import { findSoffice } from '../../src/reader/convert.js';
import type { Table } from '../../src/table/model.js';
import { validateFile } from '../../src/validate/pipeline.js';
import { MATRIX_EXPECTED, MATRIX_PROJECTS, MATRIX_WRITERS } from '../../scripts/fixtures/writers-matrix.js';
import { tempDir } from '../reader/helpers.js';

export interface MatrixFile {
  /** The writer, or the writer and the format LibreOffice converted its file to ("exceljs→ods"). */
  name: string;
  path: string;
}

/** Writes each writer's file into `dir` (第三组-进度滞后-<writer>.xlsx). */
export async function matrixFiles(dir: string): Promise<MatrixFile[]> {
  const files: MatrixFile[] = [];
  for (const writer of MATRIX_WRITERS) {
    const path = join(dir, `第三组-进度滞后-${writer.name}.xlsx`);
    writeFileSync(path, await writer.write());
    files.push({ name: writer.name, path });
  }
  return files;
}

/** LibreOffice's filter names for the formats of the matrix. */
const CONVERSIONS = [
  { extension: 'xlsx', filter: 'xlsx:Calc MS Excel 2007 XML' },
  { extension: 'xls', filter: 'xls:MS Excel 97' },
  { extension: 'ods', filter: 'ods:calc8' },
  { extension: 'fods', filter: 'fods:OpenDocument Spreadsheet Flat XML' },
];

/** Converts `input` with LibreOffice to each format, into `outDir/<format>/`. */
async function convertAll(soffice: string, input: string, outDir: string): Promise<MatrixFile[]> {
  const files: MatrixFile[] = [];
  for (const { extension, filter } of CONVERSIONS) {
    const target = join(outDir, extension);
    mkdirSync(target, { recursive: true });
    const profile = pathToFileURL(join(outDir, `profile-${extension}`)).href;
    await new Promise<void>((resolve) =>
      execFile(soffice, ['--headless', '--norestore', `-env:UserInstallation=${profile}`, '--convert-to', filter, '--outdir', target, input], { timeout: 120_000 }, () =>
        resolve(),
      ),
    );
    const produced = readdirSync(target).find((name) => name.endsWith(`.${extension}`));
    if (produced) files.push({ name: `exceljs→${extension}`, path: join(target, produced) });
    else files.push({ name: `exceljs→${extension}`, path: join(target, `missing.${extension}`) });
  }
  return files;
}

function tableSummary(table: Table) {
  return {
    kind: table.kind,
    group: table.group,
    fillDate: table.fillDate?.iso,
    headerRows: table.headerRows,
    names: table.rows.map((r) => r.cells.name?.display),
    totals: table.rows.map((r) => (r.cells.total?.value.kind === 'number' ? r.cells.total.value.value : r.cells.total?.value.kind)),
    plans: table.rows.map((r) => (r.cells.plan?.value.kind === 'number' ? r.cells.plan.value.value : r.cells.plan?.value.kind)),
    completed: table.rows.map((r) => (r.cells.completed?.value.kind === 'number' ? r.cells.completed.value.value : r.cells.completed?.value.kind)),
    districts: table.rows.map((r) => r.cells.district?.display),
    totalRow: table.totalRow?.row,
  };
}

const EXPECTED_TABLE = {
  kind: 'lagging',
  group: 3,
  fillDate: '2022-03-04',
  headerRows: [3, 4],
  names: MATRIX_PROJECTS.map((p) => p.name),
  totals: [48000, 36000, 9000],
  plans: [32000, 16000, 6000],
  completed: [30000, 15000, 'error'],
  districts: ['高新区', '高新区', '高新区'],
  totalRow: 8,
};

const tmp = tempDir();
afterAll(() => tmp.cleanup());
let written: MatrixFile[] = [];
beforeAll(async () => {
  written = await matrixFiles(tmp.dir);
});

async function check(file: MatrixFile): Promise<void> {
  expect(existsSync(file.path), `${file.name}: no file`).toBe(true);
  const validated = await validateFile(file.path, { config: DEFAULT_CONFIG });
  expect(validated.map((v) => v.result.issues.filter((i) => !i.cell).map((i) => i.message)), file.name).toEqual([[]]);
  const { result, table } = validated[0]!;
  expect(tableSummary(table!), file.name).toEqual(EXPECTED_TABLE);
  expect(result.issues.map((i) => [i.severity, i.code, i.cell]), file.name).toEqual(MATRIX_EXPECTED);
}

describe('the writers matrix: every writer, the same table and the same findings', () => {
  it.each(MATRIX_WRITERS.map((w) => w.name))('%s', async (name) => {
    await check(written.find((f) => f.name === name)!);
  });
});

const soffice = findSoffice();
if (!soffice) console.log('writers matrix: the LibreOffice conversions (.xlsx/.xls/.ods/.fods) are skipped — LibreOffice (soffice) is not on PATH');

describe.skipIf(!soffice)('the writers matrix through LibreOffice', () => {
  let converted: MatrixFile[] = [];
  beforeAll(async () => {
    converted = await convertAll(soffice!, written.find((f) => f.name === 'exceljs')!.path, join(tmp.dir, 'libreoffice'));
  }, 600_000);

  it.each(CONVERSIONS.map((c) => `exceljs→${c.extension}`))('%s', async (name) => {
    await check(converted.find((f) => f.name === name)!);
  }, 180_000);
});
