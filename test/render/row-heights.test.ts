/**
 * Row heights are computed by xmb from an estimate of how many lines each cell wraps to; this
 * checks the estimate against LibreOffice. Every text cell of the sample week's merged workbooks is
 * set again, alone in a tall row of a column as wide as its own, and printed to PDF: the lines
 * LibreOffice draws must never be more than the estimate (the text would be cut off) and at most one
 * fewer (a row a line too tall). Excel is not at hand here: its figures (宋体 15 pixels to a unit of
 * 8) lie on the other side of the estimate's (see SONG_METRICS). Needs LibreOffice and poppler;
 * without them this test skips and says so.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SONG_METRICS, wrappedLines } from '../../src/writers/official-sheet.js';
import { workbookBytes } from '../../src/writers/save.js';
import { REPO_ROOT, runCli } from '../support/cli.js';

const has = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
const ready = has('soffice') && has('pdftotext');
if (!ready) console.log('row-height tests skipped: LibreOffice (soffice) or poppler (pdftotext) is not installed');

interface Sample {
  text: string;
  width: number;
  fontSize: number;
  indent: boolean;
}

/** The text cells of the data rows of every sheet of the merged workbooks in `dir`. */
async function samples(dir: string): Promise<Sample[]> {
  const out: Sample[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.xlsx'))) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(dir, file));
    for (const sheet of workbook.worksheets)
      sheet.eachRow((row, r) => {
        if (r <= 3) return;
        row.eachCell((cell, c) => {
          if (typeof cell.value !== 'string' || cell.isMerged) return;
          out.push({ text: cell.value, width: sheet.getColumn(c).width ?? 9, fontSize: cell.font?.size ?? 11, indent: (cell.alignment?.indent ?? 0) > 0 });
        });
      });
  }
  const seen = new Set<string>();
  return out.filter((s) => {
    const key = JSON.stringify(s);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** One sheet per column shape; each sample alone in a row ten lines tall, from the top. */
async function calibrationWorkbook(list: Sample[]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const shapes = new Map<string, Sample[]>();
  for (const s of list) {
    const key = `${s.width}|${s.fontSize}|${s.indent}`;
    shapes.set(key, [...(shapes.get(key) ?? []), s]);
  }
  let n = 0;
  for (const group of shapes.values()) {
    const sheet = workbook.addWorksheet(`s${++n}`);
    sheet.columns = [{ width: group[0]!.width === 9 ? 9.01 : group[0]!.width }];
    sheet.pageSetup = { paperSize: 8 as ExcelJS.PaperSize, orientation: 'portrait', scale: 100, margins: { left: 0.5, right: 0.5, top: 0.5, bottom: 0.5, header: 0, footer: 0 } };
    group.forEach((s, i) => {
      const row = sheet.getRow(i + 1);
      row.height = 10 * SONG_METRICS.lineHeight;
      const cell = row.getCell(1);
      cell.value = s.text;
      cell.font = { name: '宋体', size: s.fontSize, charset: 134 };
      cell.alignment = { wrapText: true, vertical: 'top', horizontal: 'left', ...(s.indent ? { indent: 1 } : {}) };
    });
  }
  return workbookBytes(workbook, undefined, { baseFont: SONG_METRICS.baseFont });
}

/** Each cell LibreOffice printed: its text (no white space) and how many lines it took. */
function printedCells(pdf: string): { text: string; lines: number }[] {
  const xml = execFileSync('pdftotext', ['-bbox-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const cells: { text: string; lines: number }[] = [];
  for (const flow of xml.split('<flow>').slice(1)) {
    const lines = new Set([...flow.matchAll(/<line xMin="[\d.]+" yMin="([\d.]+)"/g)].map((m) => Math.round(Number(m[1]))));
    const text = [...flow.matchAll(/<word[^>]*>([^<]*)<\/word>/g)].map((m) => m[1]).join('');
    cells.push({ text: text.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"'), lines: lines.size });
  }
  return cells;
}

describe.skipIf(!ready)('row heights against LibreOffice', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xmb-row-heights-'));
  let list: Sample[] = [];
  let printed: { text: string; lines: number }[] = [];

  beforeAll(async () => {
    const run = runCli(['merge', '--week', '2022-W09', '--inbox', join(REPO_ROOT, 'fixtures', 'inbox'), '--out', dir], {
      env: { XMB_NOW: '2022-03-04T15:00:00+08:00' },
    });
    expect(run.code).toBe(0);
    list = await samples(dir);
    const xlsx = join(dir, 'calibration', 'cells.xlsx');
    execFileSync('mkdir', ['-p', join(dir, 'calibration')]);
    writeFileSync(xlsx, await calibrationWorkbook(list));
    const profile = mkdtempSync(join(tmpdir(), 'xmb-lo-profile-'));
    execFileSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', join(dir, 'calibration'), xlsx], {
      stdio: 'ignore',
      timeout: 300_000,
    });
    printed = printedCells(join(dir, 'calibration', 'cells.pdf'));
  }, 400_000);

  it('never gives a cell fewer lines than LibreOffice draws, and rarely one more', () => {
    expect(list.length).toBeGreaterThan(200);
    const byText = new Map<string, number[]>();
    for (const p of printed) byText.set(p.text, [...(byText.get(p.text) ?? []), p.lines]);
    let exact = 0;
    let compared = 0;
    for (const s of list) {
      const drawn = byText.get(s.text.replace(/\s+/g, ''))?.shift();
      if (drawn === undefined) continue;
      compared++;
      const estimate = wrappedLines(s.text, s.width, { metrics: SONG_METRICS, fontSize: s.fontSize, indent: s.indent });
      const where = `${JSON.stringify(s.text)} in ${s.width} at ${s.fontSize} pt`;
      expect(estimate, where).toBeGreaterThanOrEqual(drawn);
      expect(estimate, where).toBeLessThanOrEqual(drawn + 1);
      if (estimate === drawn) exact++;
    }
    expect(compared).toBeGreaterThan(list.length * 0.9);
    console.log(`row heights: ${exact} of ${compared} cells estimated at exactly LibreOffice's line count`);
    expect(exact / compared).toBeGreaterThan(0.85);
  });
});
