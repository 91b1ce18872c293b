/**
 * What the leaders get, printed: the merged workbooks and the monthly report of the bundled sample,
 * converted to PDF by LibreOffice, checked for paper, orientation, repeated table headers, page
 * numbers and section order. Needs LibreOffice and poppler (installed by .ci/run); without them
 * these tests skip and say so.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import { buildMonthlyReport } from '../../src/monthly/report-model.js';
import { colophonSharesLastPage, writeMonthlyReportDocx } from '../../src/writers/monthly-report-docx.js';
import { makeTable, source } from '../monthly/helpers.js';
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

/** A4 with the GB/T 9704 margins, in PDF points: the text block is 79.4 … 521.6 across, 104.9 … 742.7 down. */
const BLOCK = { left: (28 / 25.4) * 72, right: 595.3 - (26 / 25.4) * 72, top: (37 / 25.4) * 72, bottom: 841.9 - (35 / 25.4) * 72 };

interface Rule {
  x1: number;
  x2: number;
  y: number;
  width: number;
}

/** The horizontal lines drawn on a page (not glyphs), in PDF points from the top left, via pdftocairo's SVG. */
function rules(pdf: string, page: number): Rule[] {
  const svg = join(out, `rules-${page}-${pdf.split('/').pop()}.svg`);
  execFileSync('pdftocairo', ['-svg', '-f', String(page), '-l', String(page), pdf, svg]);
  const found: Rule[] = [];
  for (const m of readFileSync(svg, 'utf8').matchAll(/<path style="fill:none;stroke-width:([\d.]+);[^"]*" d="M ([\d.-]+) ([\d.-]+) L ([\d.-]+) ([\d.-]+) "(?: transform="matrix\(([^)]*)\)")?/g)) {
    const [a, , , d, e, f] = (m[6] ?? '1,0,0,1,0,0').split(',').map(Number) as [number, number, number, number, number, number];
    const [x1, y1, x2, y2] = [m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number];
    if (Math.abs(y1 - y2) > 0.01) continue;
    found.push({ x1: a * Math.min(x1, x2) + e, x2: a * Math.max(x1, x2) + e, y: d * y1 + f, width: Number(m[1]) * Math.abs(a) });
  }
  return found;
}

/** The text of a docx's paragraphs that must stay whole on a line: headings (keep with next) and table cells. */
function wholeLines(docx: string): string[] {
  const xml = strFromU8(unzipSync(readFileSync(docx))['word/document.xml']!);
  const body = xml.replace(/<mc:AlternateContent>.*?<\/mc:AlternateContent>/gs, '');
  const text = (p: string) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:br\/>/g)].map((m) => m[1] ?? '\n').join('');
  const headings = [...body.matchAll(/<w:p><w:pPr><w:keepNext\/>.*?<\/w:p>/gs)].flatMap((m) => text(m[0]).split('\n'));
  const cells = [...body.matchAll(/<w:tc>(.*?)<\/w:tc>/gs)].flatMap((m) => [...m[1]!.matchAll(/<w:p>.*?<\/w:p>/gs)].map((p) => text(p[0])));
  return [...headings, ...cells].filter((t) => [...t].length >= 2);
}

/** Each text found whole on one printed line (whitespace ignored). */
function missingFromLines(pdf: string, texts: string[]): string[] {
  const lines = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).split('\n').map((l) => l.replace(/\s+/g, ''));
  return texts.filter((t) => !lines.some((l) => l.includes(t.replace(/\s+/g, ''))));
}

/** The 版记's rules on a page: lines at least 1/2 pt wide (the table borders are thinner), across the text block. */
function colophonRules(pdf: string, page: number): Rule[] {
  return rules(pdf, page)
    .filter((r) => r.width >= 0.7 && r.x2 - r.x1 > 400)
    .sort((a, b) => a.y - b.y);
}

function expectColophonAtFoot(pdf: string, page: number): void {
  const found = colophonRules(pdf, page);
  expect(found, 'three rules: above 报, above 印发, below 印发').toHaveLength(3);
  for (const r of found) {
    expect(Math.abs(r.x1 - BLOCK.left), 'as wide as the text block (left)').toBeLessThan(1.5);
    expect(Math.abs(r.x2 - BLOCK.right), 'as wide as the text block (right)').toBeLessThan(1.5);
  }
  // First and last 0.35 mm, the one between 0.25 mm.
  expect(found[0]!.width).toBeGreaterThan(found[1]!.width);
  expect(found[2]!.width).toBeGreaterThan(found[1]!.width);
  // The last rule on the bottom edge of the text block.
  expect(Math.abs(found[2]!.y - BLOCK.bottom)).toBeLessThan(1.5);
}

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
    expect(pageText(pdf, 1).replace(/\s+/g, '')).toContain('2022年第1期');
    const number = (page: number) => new RegExp(`—\\s*${page}\\s*—`);
    // The last page is numbered unless it is a 版记 page of its own.
    const lastText = pageText(pdf, pages).includes('印发') && pageText(pdf, pages).split('报：')[0]!.trim() === '' ? pages - 1 : pages;
    for (const page of [1, 2, lastText]) expect(pageText(pdf, page)).toMatch(number(page));
    // Page numbers: odd pages on the right, even pages on the left.
    const line = (page: number) => pageText(pdf, page).split('\n').find((l) => number(page).test(l))!;
    expect(line(1).indexOf('—')).toBeGreaterThan(line(2).indexOf('—') + 20);
  });
});

describe.skipIf(!ready)('the 月报 as printed (issue 8 items 4–6)', () => {
  let pdf: string;
  let docx: string;
  let pages: number;
  beforeAll(() => {
    const dir = join(out, 'monthly');
    expect(runCli(['monthly', '--month', '2022-03', '--inbox', INBOX, '--out', dir]).code).toBe(0);
    docx = join(dir, readdirSync(dir).find((f) => f.endsWith('.docx'))!);
    pdf = toPdf(docx);
    pages = pdfInfo(pdf).pages;
  }, 300_000);

  it('has the issue with its year in the masthead, 编印单位 left and date right', () => {
    const first = pageText(pdf, 1).split('\n').map((l) => l.replace(/\s+/g, ''));
    expect(first).toContain('2022年第1期');
    const unit = pageText(pdf, 1).split('\n').find((l) => l.includes('郑州市重点项目建设中心'))!;
    expect(unit.replace(/\s+/g, '')).toBe('郑州市重点项目建设中心2022年3月20日');
    expect(unit.indexOf('2022')).toBeGreaterThan(unit.indexOf('中心') + 10);
  });

  it('prints the 版记 at the foot of the last page, and a 版记 page of its own has no page number', () => {
    const last = pageText(pdf, pages);
    expect(last.replace(/\s+/g, '')).toMatch(/报：.*送：.*发：.*郑州市重点项目建设中心2022年3月20日印发/s);
    expectColophonAtFoot(pdf, pages);
    const ownPage = last.slice(0, last.indexOf('报：')).trim() === '';
    if (ownPage) expect(last).not.toMatch(/—\s*\d+\s*—/);
    else expect(last).toMatch(new RegExp(`—\\s*${pages}\\s*—`));
    expect(execFileSync('pdftotext', ['-f', '1', '-l', String(pages - 1), pdf, '-'], { encoding: 'utf8' })).not.toContain('印发');
  });

  it('leaves no heading or table cell wrapped over two lines', () => {
    const texts = wholeLines(docx);
    expect(texts.length).toBeGreaterThan(100);
    expect(missingFromLines(pdf, texts)).toEqual([]);
    // The test can fail: a heading set in two lines is found on neither.
    expect(missingFromLines(pdf, ['（一）领导动态'])).toEqual(['（一）领导动态']);
  });
});

describe.skipIf(!ready)('a short 月报: the 版记 under the text of its last page', () => {
  it('shares the last page, which keeps its page number', async () => {
    const sources = [];
    for (const g of DEFAULT_CONFIG.groups)
      for (const kind of ['lagging', 'provincial', 'municipal', 'whitelist'] as const)
        sources.push(source(makeTable(kind, g.number, '2022-03-04', [{ name: `${g.district}项目`, leader: '某', problems: '资金缺口', district: g.district }])));
    sources.push(source(makeTable('monthly', 3, '2022-03-10', [{ column: '项目动态', title: '郑州中州大道快速化改造工程取得重要进展', content: '主体结构顺利封顶，较计划提前15天。', date: '2022-03-08' }])));
    const report = buildMonthlyReport(sources, DEFAULT_CONFIG, { month: '2022-03' });
    // The premise: by every estimate the text ends well up its last page.
    expect(colophonSharesLastPage(report)).toBe(true);
    const docx = join(out, 'short.docx');
    writeFileSync(docx, await writeMonthlyReportDocx(report));
    const pdf = toPdf(docx);
    const { pages } = pdfInfo(pdf);
    const last = pageText(pdf, pages);
    expect(last).toMatch(/五、项目动态/);
    expect(last.replace(/\s+/g, '')).toContain('2022年3月20日印发');
    expect(last).toMatch(new RegExp(`—\\s*${pages}\\s*—`));
    expectColophonAtFoot(pdf, pages);
    expect(missingFromLines(pdf, wholeLines(docx))).toEqual([]);
  }, 300_000);
});
