/**
 * The monthly report (MonthlyReport, src/monthly/report-model.ts) as an official .docx, laid out per
 * GB/T 9704-2012: A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (text block
 * 156 × 225 mm); body 仿宋_GB2312 三号 (16 pt) at an exact 28.95 pt line (22 lines a page) with
 * −0.25 pt character spacing (28 characters a line); 黑体 for 一、 headings, 楷体_GB2312 for （一）;
 * the masthead title 方正小标宋简体 二号 in red, 第N期, the centre and the date above a red rule;
 * page numbers “— 1 —” in 四号 宋体, odd pages right and even pages left, one character in.
 *
 * Every run names its Latin and East Asian fonts with hint eastAsia, so that Chinese text and the
 * quotes and dashes between it are never drawn in a Latin font. Every measure is an integer twip.
 * The same report gives the same bytes: the core properties carry the date of issue, and the zip is
 * rewritten with fixed entry times.
 *
 * docx is a heavy import: commands load this module lazily.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Tab,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IBorderOptions,
  type IRunOptions,
} from 'docx';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { KIND_ORDER } from '../schema/kinds.js';
import { groupName } from '../config/group-name.js';
import { PERSISTENT_RED_WEEKS } from '../merge/month-lights.js';
import type { MonthlyReport, ReportSection } from '../monthly/report-model.js';

/** Millimetres to twips (1/1440 in), rounded: a fractional twip is invalid for Word. */
export const mm = (value: number): number => Math.round((value * 1440) / 25.4);
/** Points to half-points (w:sz). */
const pt = (value: number): number => Math.round(value * 2);

export const PAGE = {
  width: 11906, // 210 mm
  height: 16838, // 297 mm
  top: mm(37),
  bottom: mm(35),
  left: mm(28),
  right: mm(26),
};
/** 156 mm: the text width, for right tab stops. */
export const TEXT_WIDTH = PAGE.width - PAGE.left - PAGE.right;
/** 28.95 pt: 225 mm / 22 lines. */
export const LINE = 579;

export const FONTS = {
  body: '仿宋_GB2312',
  heading: '黑体',
  subheading: '楷体_GB2312',
  title: '方正小标宋简体',
  pageNumber: '宋体',
  latin: 'Times New Roman',
} as const;

const SIZE = { title: 22, body: 16, pageNumber: 14, table: 12 } as const;
const RED = 'FF0000';
/** One 三号 character: 16 pt = 320 twips. */
const CHAR = 320;

type RunStyle = { font: string; size: number; latin?: string; bold?: boolean; color?: string; spacing?: number };

const BODY: RunStyle = { font: FONTS.body, size: SIZE.body, spacing: -5 };
const HEADING: RunStyle = { font: FONTS.heading, size: SIZE.body, spacing: -5 };
const SUBHEADING: RunStyle = { font: FONTS.subheading, size: SIZE.body, spacing: -5 };
const TITLE: RunStyle = { font: FONTS.title, size: SIZE.title, color: RED };
const TABLE_BODY: RunStyle = { font: FONTS.body, size: SIZE.table };
const TABLE_HEAD: RunStyle = { font: FONTS.heading, size: SIZE.table };
const PAGE_NUMBER: RunStyle = { font: FONTS.pageNumber, latin: FONTS.pageNumber, size: SIZE.pageNumber };

function fontOf(style: RunStyle): IRunOptions['font'] {
  const latin = style.latin ?? FONTS.latin;
  return { ascii: latin, hAnsi: latin, eastAsia: style.font, cs: latin, hint: 'eastAsia' };
}

function runOptions(style: RunStyle): IRunOptions {
  return {
    font: fontOf(style),
    size: pt(style.size),
    ...(style.bold ? { bold: true } : {}),
    ...(style.color ? { color: style.color } : {}),
    ...(style.spacing ? { characterSpacing: style.spacing } : {}),
  };
}

/** Drops characters XML 1.0 cannot carry; a tab typed in a cell becomes a space (Word ignores a tab inside w:t). */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').replace(/\t/g, ' ');
}

function run(text: string, style: RunStyle): TextRun {
  return new TextRun({ text: clean(text), ...runOptions(style) });
}

const exact = (line: number = LINE) => ({ line, lineRule: LineRuleType.EXACT, before: 0, after: 0 });

/** A body paragraph, first line indented two characters. */
function bodyParagraph(text: string, style: RunStyle = BODY, indent = true): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    spacing: exact(),
    indent: indent ? { firstLine: 2 * CHAR } : undefined,
    children: [run(text, style)],
  });
}

function centred(text: string, style: RunStyle): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, spacing: exact(), children: [run(text, style)] });
}

function blank(): Paragraph {
  return new Paragraph({ spacing: exact(), children: [run('', BODY)] });
}

function masthead(report: MonthlyReport): Paragraph[] {
  const rule: IBorderOptions = { style: BorderStyle.SINGLE, size: 16, color: RED, space: 4 }; // 2 pt
  return [
    blank(),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: exact(2 * LINE), children: [run(report.title, TITLE)] }),
    centred(report.issueText, BODY),
    new Paragraph({
      spacing: exact(),
      indent: { left: CHAR, right: CHAR },
      tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH - CHAR }],
      border: { bottom: rule },
      children: [run(report.centre, BODY), new TextRun({ ...runOptions(BODY), children: [new Tab(), clean(report.issueDateText)] })],
    }),
    blank(),
    centred(report.periodLine, BODY),
  ];
}

/**
 * GB/T 9704 7.5: the page number's dash lies 7 mm below the text block (35 − 7 = 28 mm above the
 * paper's edge). The footer line is an exact 17 pt (6 mm), its bottom 25 mm above the edge, so the
 * number's middle is at 28 mm.
 */
const FOOTER_LINE = 340;
const FOOTER_DISTANCE = mm(25);

function footer(odd: boolean): Footer {
  const options = runOptions(PAGE_NUMBER);
  return new Footer({
    children: [
      new Paragraph({
        alignment: odd ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: odd ? { right: 280 } : { left: 280 },
        spacing: exact(FOOTER_LINE),
        children: [new TextRun({ ...options, children: ['— ', PageNumber.CURRENT, ' —'] })],
      }),
    ],
  });
}

// ── the statistics table ────────────────────────────────────────────────────────────────────────
/** Column widths in twips; they add up to TEXT_WIDTH (8845). */
const COLUMN_WIDTHS = [1100, 1345, 620, 620, 620, 620, 820, 820, 820, 620, 840];
const CELL_MARGINS = { top: 40, bottom: 40, left: 40, right: 40 };
const TABLE_LINE = 320;
const cellBorder: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const borders = { top: cellBorder, bottom: cellBorder, left: cellBorder, right: cellBorder };

function cell(lines: string | string[], options: { head?: boolean; span?: number; rowSpan?: number; width: number }): TableCell {
  const style = options.head ? TABLE_HEAD : TABLE_BODY;
  const texts = Array.isArray(lines) ? lines : [lines];
  return new TableCell({
    width: { size: options.width, type: WidthType.DXA },
    margins: CELL_MARGINS,
    borders,
    verticalAlign: VerticalAlignTable.CENTER,
    ...(options.span ? { columnSpan: options.span } : {}),
    ...(options.rowSpan ? { rowSpan: options.rowSpan } : {}),
    children: texts.map(
      (t) => new Paragraph({ alignment: AlignmentType.CENTER, spacing: exact(TABLE_LINE), children: [run(t, style)] }),
    ),
  });
}

const w = (i: number) => COLUMN_WIDTHS[i]!;
const sum = (from: number, to: number) => COLUMN_WIDTHS.slice(from, to).reduce((a, b) => a + b, 0);

function statisticsTable(section: ReportSection): Table {
  const stats = section.supervision!.statistics;
  const head = { head: true };
  const kindHead: Record<(typeof KIND_ORDER)[number], string[]> = {
    lagging: ['进度', '滞后'],
    provincial: ['省领导', '联系'],
    municipal: ['市领导', '联系'],
    whitelist: ['白名单'],
    monthly: ['月报', '素材'],
  };
  const rows: TableRow[] = [
    new TableRow({
      tableHeader: true,
      cantSplit: true,
      children: [
        cell('组别', { ...head, rowSpan: 2, width: w(0) }),
        cell(['区县', '（市）'], { ...head, rowSpan: 2, width: w(1) }),
        cell(['服务', '项目'], { ...head, rowSpan: 2, width: w(2) }),
        cell(['反映', '问题'], { ...head, rowSpan: 2, width: w(3) }),
        cell(['协调', '解决'], { ...head, rowSpan: 2, width: w(4) }),
        cell('报送信息', { ...head, span: 5, width: sum(5, 10) }),
        cell(['是否', '达标'], { ...head, rowSpan: 2, width: w(10) }),
      ],
    }),
    new TableRow({
      tableHeader: true,
      cantSplit: true,
      children: KIND_ORDER.map((k, i) => cell(kindHead[k], { ...head, width: w(5 + i) })),
    }),
  ];
  for (const g of stats.groups) {
    rows.push(
      new TableRow({
        cantSplit: true,
        children: [
          cell(g.groupName, { width: w(0) }),
          cell(g.district, { width: w(1) }),
          cell(String(g.projectsServed), { width: w(2) }),
          cell(String(g.problemsReported), { width: w(3) }),
          cell(String(g.problemsCoordinated), { width: w(4) }),
          ...KIND_ORDER.map((k, i) => cell(String(g.submissions[k]), { width: w(5 + i) })),
          cell(g.compliant ? '是' : '否', { width: w(10) }),
        ],
      }),
    );
  }
  const t = stats.totals;
  rows.push(
    new TableRow({
      cantSplit: true,
      children: [
        cell('合计', { head: true, span: 2, width: sum(0, 2) }),
        cell(String(t.projectsServed), { width: w(2) }),
        cell(String(t.problemsReported), { width: w(3) }),
        cell(String(t.problemsCoordinated), { width: w(4) }),
        ...KIND_ORDER.map((k, i) => cell(String(t.submissions[k]), { width: w(5 + i) })),
        cell(`${t.compliantGroups}组`, { width: w(10) }),
      ],
    }),
  );
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: COLUMN_WIDTHS,
    layout: TableLayoutType.FIXED,
    alignment: AlignmentType.CENTER,
    rows,
  });
}

/** The lights table: 组别, 区县, 红, 黄, 绿, 存疑, then the projects 红 for two weeks or more. */
const LIGHT_WIDTHS = [1100, 1345, 560, 560, 560, 640, 4080];

function lightsTable(section: ReportSection): Table {
  const block = section.supervision!.lights!;
  const lw = (i: number) => LIGHT_WIDTHS[i]!;
  const head = { head: true };
  const left = (lines: string[], width: number) =>
    new TableCell({
      width: { size: width, type: WidthType.DXA },
      margins: CELL_MARGINS,
      borders,
      verticalAlign: VerticalAlignTable.CENTER,
      children: (lines.length ? lines : ['—']).map(
        (t) => new Paragraph({ alignment: lines.length ? AlignmentType.LEFT : AlignmentType.CENTER, spacing: exact(TABLE_LINE), children: [run(t, TABLE_BODY)] }),
      ),
    });
  const rows: TableRow[] = [
    new TableRow({
      tableHeader: true,
      cantSplit: true,
      children: [
        cell('组别', { ...head, width: lw(0) }),
        cell(['区县', '（市）'], { ...head, width: lw(1) }),
        cell('红灯', { ...head, width: lw(2) }),
        cell('黄灯', { ...head, width: lw(3) }),
        cell('绿灯', { ...head, width: lw(4) }),
        cell(['数据', '存疑'], { ...head, width: lw(5) }),
        cell(`${PERSISTENT_RED_WEEKS}期以上红灯的项目`, { ...head, width: lw(6) }),
      ],
    }),
  ];
  for (const g of block.lights.groups) {
    rows.push(
      new TableRow({
        cantSplit: true,
        children: [
          cell(groupName(g.group), { width: lw(0) }),
          cell(g.district, { width: lw(1) }),
          cell(String(g.counts.red), { width: lw(2) }),
          cell(String(g.counts.yellow), { width: lw(3) }),
          cell(String(g.counts.green), { width: lw(4) }),
          cell(String(g.counts.doubt), { width: lw(5) }),
          left(block.redTexts.get(g.group) ?? [], lw(6)),
        ],
      }),
    );
  }
  const t = block.lights.total;
  const persistent = block.lights.groups.reduce((n, g) => n + g.persistentRed.length, 0);
  rows.push(
    new TableRow({
      cantSplit: true,
      children: [
        cell('合计', { head: true, span: 2, width: lw(0) + lw(1) }),
        cell(String(t.red), { width: lw(2) }),
        cell(String(t.yellow), { width: lw(3) }),
        cell(String(t.green), { width: lw(4) }),
        cell(String(t.doubt), { width: lw(5) }),
        cell(`${persistent}个`, { width: lw(6) }),
      ],
    }),
  );
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: LIGHT_WIDTHS,
    layout: TableLayoutType.FIXED,
    alignment: AlignmentType.CENTER,
    rows,
  });
}

function lightsContent(section: ReportSection): (Paragraph | Table)[] {
  const block = section.supervision?.lights;
  if (!block) return [];
  return [
    bodyParagraph(block.summary),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: exact(), keepNext: true, children: [run(block.tableCaption, HEADING)] }),
    lightsTable(section),
    new Paragraph({
      alignment: AlignmentType.JUSTIFIED,
      spacing: { ...exact(TABLE_LINE), before: 60 },
      indent: { firstLine: 2 * 240 },
      children: [run(block.note, TABLE_BODY)],
    }),
  ];
}

function itemParagraphs(number: string, title: string, body: string): Paragraph[] {
  const lines = body.split(/\s*\n+\s*/).filter(Boolean);
  return [
    new Paragraph({
      alignment: AlignmentType.JUSTIFIED,
      spacing: exact(),
      indent: { firstLine: 2 * CHAR },
      keepNext: true,
      children: [run(`${number}${title}`, SUBHEADING)],
    }),
    ...lines.map((line) => bodyParagraph(line)),
  ];
}

function sectionContent(section: ReportSection): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [
    new Paragraph({
      spacing: exact(),
      indent: { firstLine: 2 * CHAR },
      keepNext: true,
      children: [run(section.heading, HEADING)],
    }),
  ];
  const s = section.supervision;
  if (s) {
    out.push(
      new Paragraph({
        spacing: exact(),
        indent: { firstLine: 2 * CHAR },
        keepNext: true,
        children: [run(s.heading, SUBHEADING)],
      }),
      bodyParagraph(s.summary),
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: exact(),
        keepNext: true,
        children: [run(s.tableCaption, HEADING)],
      }),
      statisticsTable(section),
      new Paragraph({
        alignment: AlignmentType.JUSTIFIED,
        spacing: { ...exact(TABLE_LINE), before: 60 },
        indent: { firstLine: 2 * 240 },
        children: [run(s.note, TABLE_BODY)],
      }),
      bodyParagraph(s.missedText),
      ...lightsContent(section),
    );
  }
  for (const item of section.items) out.push(...itemParagraphs(item.number, item.title, item.body));
  if (section.empty) out.push(bodyParagraph(section.empty));
  return out;
}

/** The document's W3CDTF timestamp: the date of issue at 00:00 UTC. */
function timestamp(date: string): string {
  return `${date}T00:00:00Z`;
}

export function buildMonthlyDocument(report: MonthlyReport): Document {
  const children: (Paragraph | Table)[] = [...masthead(report)];
  for (const section of report.sections) children.push(...sectionContent(section));
  return new Document({
    title: `${report.period.year}年${report.issueText}${report.title}`,
    subject: report.title,
    creator: report.centre,
    lastModifiedBy: report.centre,
    description: report.periodLine,
    revision: 1,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: runOptions(BODY),
          paragraph: { spacing: exact() },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right, header: mm(15), footer: FOOTER_DISTANCE, gutter: 0 },
          },
        },
        footers: { default: footer(true), even: footer(false) },
        children,
      },
    ],
  });
}

/**
 * Makes the package byte-for-byte reproducible: docx stamps docProps/core.xml with the current time
 * and zips with the current time. Both are replaced by the date of issue.
 */
export function reproducible(bytes: Uint8Array, date: string): Uint8Array {
  const files = unzipSync(bytes);
  const core = files['docProps/core.xml'];
  if (core) {
    const stamp = timestamp(date);
    files['docProps/core.xml'] = strToU8(
      strFromU8(core).replace(
        /(<dcterms:(created|modified)[^>]*>)[^<]*(<\/dcterms:\2>)/g,
        (_m, open: string, _n, close: string) => `${open}${stamp}${close}`,
      ),
    );
  }
  const [y, m, d] = date.split('-').map(Number);
  // fflate writes DOS times from the local wall clock: a local Date gives the same fields everywhere.
  const mtime = new Date(y!, m! - 1, d!, 0, 0, 0);
  const zippable: Zippable = {};
  for (const name of Object.keys(files)) zippable[name] = [files[name]!, { mtime, level: 6 }];
  return zipSync(zippable);
}

/** The report as .docx bytes. */
export async function writeMonthlyReportDocx(report: MonthlyReport): Promise<Uint8Array> {
  const buffer = await Packer.toBuffer(buildMonthlyDocument(report));
  return reproducible(new Uint8Array(buffer), report.issueDate);
}
