/**
 * What the leaders get, printed: the merged workbooks and the monthly report of the bundled sample,
 * converted to PDF by LibreOffice, checked for paper, orientation, repeated table headers, page
 * numbers and section order. Needs LibreOffice and poppler (installed by .ci/run); without them
 * these tests skip and say so.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../support/cli.js';

const has = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
const ready = has('soffice') && has('pdfinfo') && has('pdftotext');
if (!ready) console.log('print-layout tests skipped: LibreOffice (soffice) or poppler (pdfinfo, pdftotext) is not installed');

const INBOX = join(REPO_ROOT, 'fixtures', 'inbox');
const out = mkdtempSync(join(tmpdir(), 'xmb-print-'));
const pdfDir = join(out, 'pdf');

function toPdf(file: string): string {
  const profile = mkdtempSync(join(tmpdir(), 'xmb-lo-profile-'));
  execFileSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', pdfDir, file], {
    stdio: 'ignore',
    timeout: 180_000,
  });
  const name = file.split('/').pop()!.replace(/\.(xlsx|docx)$/, '.pdf');
  return join(pdfDir, name);
}

function pdfInfo(pdf: string): { pages: number; width: number; height: number } {
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  const size = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info)!;
  return { pages: Number(/Pages:\s+(\d+)/.exec(info)![1]), width: Number(size[1]), height: Number(size[2]) };
}

const pageText = (pdf: string, page: number) =>
  execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-layout', pdf, '-'], { encoding: 'utf8' });

describe.skipIf(!ready)('printed outputs of the sample week and month', () => {
  beforeAll(() => {
    const env = { XMB_NOW: '2022-03-04T15:00:00+08:00' };
    expect(runCli(['merge', '--week', '2022-W09', '--inbox', INBOX, '--out', out], { env }).code).toBe(0);
    expect(runCli(['monthly', '--month', '2022-03', '--inbox', INBOX, '--out', out], { env }).code).toBe(0);
  });

  it('each merged workbook prints landscape on its template’s paper (白名单 A4, the others A3), the table header repeated on every page of a table', () => {
    const workbooks = readdirSync(out).filter((f) => f.endsWith('.xlsx'));
    expect(workbooks).toHaveLength(3);
    for (const workbook of workbooks) {
      const pdf = toPdf(join(out, workbook));
      const { pages, width, height } = pdfInfo(pdf);
      const [w, h] = workbook.includes('白名单') ? [842, 595] : [1191, 842];
      expect(Math.round(width), workbook).toBe(w);
      expect(Math.round(height), workbook).toBe(h);
      expect(pages, workbook).toBeGreaterThan(1);
      const first = pageText(pdf, 1);
      expect(first).toMatch(/统计表/);
      expect(first).toMatch(/填表日期：2022年3月4日/);
      // The first data sheet runs onto page 2 (the sample has 50+ rows): its header is printed there again.
      expect(pageText(pdf, 2)).toMatch(/序号[\s\S]*项目名称/);
      expect(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' })).toMatch(/合\s*计/);
    }
  });

  it('the monthly report prints on A4 portrait with “— N —” page numbers and the five sections in order', () => {
    const report = readdirSync(out).find((f) => f.endsWith('.docx'))!;
    expect(report).toBe('2022年第1期重点项目建设协调服务工作月报.docx');
    const pdf = toPdf(join(out, report));
    const { pages, width, height } = pdfInfo(pdf);
    expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
    const order = ['一、领导动态', '二、重大活动', '三、督导服务', '四、县区风采', '五、项目动态'].map((h) => text.indexOf(h));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(pageText(pdf, 1)).toMatch(/第1期/);
    const number = (page: number) => new RegExp(`—\\s*${page}\\s*—`);
    for (const page of [1, 2, pages]) expect(pageText(pdf, page)).toMatch(number(page));
    // Page numbers: odd pages on the right, even pages on the left.
    const line = (page: number) => pageText(pdf, page).split('\n').find((l) => number(page).test(l))!;
    expect(line(1).indexOf('—')).toBeGreaterThan(line(2).indexOf('—') + 20);
  });
});
