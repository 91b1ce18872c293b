/**
 * The monthly report (MonthlyReport, src/monthly/report-model.ts) as an official .docx, laid out per
 * GB/T 9704-2012 and the custom of a 简报: A4; margins top 37 mm, bottom 35 mm, left 28 mm, right
 * 26 mm (text block 156 × 225 mm); body 仿宋_GB2312 三号 (16 pt) at an exact 28.95 pt line (22
 * lines a page) with −0.25 pt character spacing (28 characters a line); 黑体 for 一、 headings,
 * 楷体_GB2312 for （一）.
 *
 * - Masthead: the optional mark (内部资料) at the top left in 黑体; the title 方正小标宋简体 二号 in
 *   red; “2022年第1期” (with “（总第N期）” when configured); the centre (编印单位) on the left and the
 *   date of issue on the right, above a 2 pt red rule.
 * - 版记 (GB/T 9704-2012 7.4) at the foot of the last page: the 报/送/发 lines (四号, one character
 *   in, a wrapped line aligned after the colon) and 印发机关 left / “2022年3月20日印发” right, between
 *   rules as wide as the text block, the first and last 0.35 mm and the one between 0.25 mm; the
 *   last rule lies on the bottom edge of the text block. It is a text box anchored to the bottom
 *   margin (Word, WPS and LibreOffice all place it there). When the last page has no room for it
 *   (foreseen by `estimateLayout`), it goes on a page of its own, which carries no page number.
 * - Page numbers “— 1 —” in 四号 宋体, odd pages right and even pages left, one character in.
 * - No heading or table cell leaves one character alone on a line: headings are measured
 *   (text-measure.ts) and condensed slightly to stay on one line, the statistics table's column
 *   widths come from its content, and what still cannot fit is broken into balanced lines.
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
  HorizontalPositionAlign,
  HorizontalPositionRelativeFrom,
  LineRuleType,
  Packer,
  PageNumber,
  Tab,
  Paragraph,
  SectionType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  TextWrappingType,
  VerticalAlignTable,
  VerticalPositionAlign,
  VerticalPositionRelativeFrom,
  WidthType,
  type IBorderOptions,
  type ISectionOptions,
  type IRunOptions,
} from 'docx';
import { ShapeRun } from 'docx/shapes';
import { strFromU8, strToU8, unzipSync, type Unzipped, type Zippable } from 'fflate';
import { KIND_ORDER } from '../schema/kinds.js';
import { groupName } from '../config/group-name.js';
import { PERSISTENT_RED_WEEKS } from '../merge/month-lights.js';
import { safePackage } from './save.js';
import type { Colophon, MonthlyReport, ReportSection } from '../monthly/report-model.js';
import { breakLines, textWidth, visibleChars } from './text-measure.js';

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
/** 225 mm: the height of the text block. */
export const TEXT_HEIGHT = PAGE.height - PAGE.top - PAGE.bottom;
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

const SIZE = { title: 22, body: 16, pageNumber: 14, colophon: 14, table: 12 } as const;
const RED = 'FF0000';
/** One 三号 character: 16 pt = 320 twips. */
const CHAR = 320;
/** One 四号 character: 14 pt = 280 twips. */
const CHAR_14 = 280;
/** The body's character spacing: −0.25 pt in twips. */
const BODY_SPACING = -5;
/** How far the masthead's centre and date may be condensed to share their line: −2 pt a character. */
const MIN_HEADING_SPACING = -40;

type RunStyle = { font: string; size: number; latin?: string; bold?: boolean; color?: string; spacing?: number };

const BODY: RunStyle = { font: FONTS.body, size: SIZE.body, spacing: BODY_SPACING };
const HEADING: RunStyle = { font: FONTS.heading, size: SIZE.body, spacing: BODY_SPACING };
const SUBHEADING: RunStyle = { font: FONTS.subheading, size: SIZE.body, spacing: BODY_SPACING };
const TITLE: RunStyle = { font: FONTS.title, size: SIZE.title, color: RED };
const TABLE_BODY: RunStyle = { font: FONTS.body, size: SIZE.table };
const TABLE_HEAD: RunStyle = { font: FONTS.heading, size: SIZE.table };
const COLOPHON: RunStyle = { font: FONTS.body, size: SIZE.colophon };
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

/** Lines of one paragraph as runs, a line break (w:br) between them. */
function runs(lines: string[], style: RunStyle): TextRun[] {
  return lines.map((line, i) => new TextRun({ text: clean(line), ...runOptions(style), ...(i > 0 ? { break: 1 } : {}) }));
}

const exact = (line: number = LINE) => ({ line, lineRule: LineRuleType.EXACT, before: 0, after: 0 });

// ── fitting text on its lines ───────────────────────────────────────────────────────────────────

/** How a heading is set: its lines (one, unless too long) and its character spacing in twips. */
export interface FittedText {
  lines: string[];
  /** Character spacing in twips. */
  spacing: number;
}

/**
 * Sets a heading (or any line that should not wrap) on one line, condensed if need be by up to
 * `maxCondense` of its font size a character (default 1/8: −2 pt for 三号); a heading too long
 * even so is broken by hand into balanced lines, so that no line holds a lone character. Widths:
 * twips; `size` in points; `spacing` the normal character spacing; `firstLine` the indent.
 */
export function fitHeading(text: string, width: number, size: number, spacing = BODY_SPACING, firstLine = 0, maxCondense = 1 / 8): FittedText {
  const n = [...text].length;
  // Measured as the widest reader sets it (digits of a stand-in font, space around Latin text),
  // with half a character to spare: the heading must stay on one line on every machine.
  const natural = textWidth(text, size, 0, 'wide');
  const room = width - firstLine - size * 10;
  if (natural + n * spacing <= room) return { lines: [text], spacing };
  const needed = Math.floor((room - natural) / n);
  if (needed >= -Math.round(size * 20 * maxCondense)) return { lines: [text], spacing: needed };
  return { lines: balancedLines(text, width, size, spacing, firstLine), spacing };
}

/** Marks a line may end with when a line is broken by hand (a pause in the sentence). */
const PAUSES = new Set([...'，、；：。！？']);
/** Marks that never start a line. */
const NO_START = /^[，。、；：！？）】》」』”’…,.;:!?)]+/;

/**
 * `text` in as few lines as breakLines gives, none of them a lone character: when the natural
 * last line would be short, the text is broken by hand into lines of about equal length, each break
 * after a pause (，、；) when one lies near, else between characters (never before a closing mark).
 * `firstLine` narrows the first line (an indent), `hanging` the others.
 */
export function balancedLines(text: string, width: number, size: number, spacing = 0, firstLine = 0, hanging = 0): string[] {
  const natural = breakLines(text, width, { size, spacing, firstLine, hanging });
  if (natural.length < 2) return natural;
  const cs = [...text];
  const n = natural.length;
  const per = cs.length / n;
  if (visibleChars(natural[n - 1]!) >= Math.min(4, Math.ceil(per))) return natural;
  const breaks: number[] = [];
  let from = 0;
  for (let k = 1; k < n; k++) {
    const target = Math.round(k * per);
    let best = -1;
    for (let i = Math.max(from + 2, target - Math.floor(per / 3)); i <= Math.min(cs.length - 2, target + Math.floor(per / 3)); i++)
      if (PAUSES.has(cs[i - 1]!) && (best < 0 || Math.abs(i - target) < Math.abs(best - target))) best = i;
    let at = best > 0 ? best : target;
    while (at < cs.length - 1 && NO_START.test(cs[at]!)) at++;
    breaks.push(at);
    from = at;
  }
  const lines = [0, ...breaks].map((start, i) => cs.slice(start, breaks[i] ?? cs.length).join('')).filter(Boolean);
  // A closing mark at a line's end may hang in the margin, as in breakLines.
  const fits = lines.every(
    (line, i) => textWidth(line.replace(/[，。、；：！？）】》」』”’]$/, ''), size, spacing) <= width - (i === 0 ? firstLine : hanging) + 0.5,
  );
  return fits && lines.length === n ? lines : natural;
}

// ── the layout estimate (where pages end) ──────────────────────────────────────────────────────

/** A block of the flow, as the page breaker sees it. */
type Block =
  | {
      kind: 'paragraph';
      /** The lines as Word sets them (Times New Roman, no extra space around Latin text). */
      lines: string[];
      /** How many lines the widest and the tightest reader make of it (see text-measure.ts, `metrics`). */
      wideLines?: number;
      tightLines?: number;
      line: number;
      before?: number;
      extra?: number;
      keepNext?: boolean;
    }
  | {
      kind: 'table';
      header: number[];
      rows: number[];
      rowTexts: string[];
      /** Row indexes (of `rows`) kept on the page of the row after them (their paragraphs keep-with-next). */
      keepWithNext?: number[];
    };

export interface LayoutEstimate {
  /** Pages of the body (without a 版记 page of its own). */
  pages: number;
  /** Twips used on the last page, from the top of the text block. */
  lastPageUsed: number;
  /** The text of the first line (or table row) of each page, as the estimate sets it. */
  pageStarts: string[];
}

/**
 * Breaks the blocks into pages as Word does with exact line spacing and no widow control: lines
 * fill the text block; a keep-with-next paragraph goes to the next page with the first line (row)
 * of what follows; table rows do not split, and the header rows repeat on every page.
 */
function paginate(blocks: Block[], metrics: 'word' | 'wide' | 'tight' = 'word'): LayoutEstimate {
  let page = 1;
  let y = 0;
  const pageStarts: string[] = [];
  let pending = true;
  const firstHeight = (b: Block | undefined): number =>
    !b ? 0 : b.kind === 'paragraph' ? (b.before ?? 0) + b.line : b.header.reduce((a, h) => a + h, 0) + (b.rows[0] ?? 0);
  const lineTexts = (b: Extract<Block, { kind: 'paragraph' }>): string[] => {
    const n = metrics === 'wide' ? b.wideLines : metrics === 'tight' ? b.tightLines : undefined;
    return n === undefined || n === b.lines.length ? b.lines : Array.from({ length: n }, (_, i) => b.lines[i] ?? '');
  };
  const height = (b: Block): number =>
    b.kind === 'paragraph'
      ? (b.before ?? 0) + lineTexts(b).length * b.line + (b.extra ?? 0)
      : b.header.concat(b.rows).reduce((a, h) => a + h, 0);
  const newPage = () => {
    page++;
    y = 0;
    pending = true;
  };
  const mark = (text: string) => {
    if (pending) pageStarts.push(text);
    pending = false;
  };
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    if (b.kind === 'paragraph') {
      if (b.keepNext && y > 0) {
        let need = 0;
        let j = i;
        while (j < blocks.length) {
          const c = blocks[j]!;
          if (c.kind === 'paragraph' && c.keepNext) need += height(c);
          else {
            need += firstHeight(c);
            break;
          }
          j++;
        }
        if (y + need > TEXT_HEIGHT && need <= TEXT_HEIGHT) newPage();
      }
      if (y > 0) y += b.before ?? 0;
      for (const line of lineTexts(b)) {
        if (y + b.line > TEXT_HEIGHT && y > 0) newPage();
        mark(line);
        y += b.line;
      }
      y += b.extra ?? 0;
    } else {
      const header = b.header.reduce((a, h) => a + h, 0);
      y += header;
      const keep = new Set(b.keepWithNext ?? []);
      b.rows.forEach((row, r) => {
        // A row kept with the next goes to the next page with it when the two do not fit here (Word).
        const withNext = keep.has(r) && r + 1 < b.rows.length ? b.rows[r + 1]! : 0;
        if (y + row + withNext > TEXT_HEIGHT && y > header && header + row + withNext <= TEXT_HEIGHT) {
          newPage();
          y = header;
        }
        mark(b.rowTexts[r] ?? '');
        y += row;
      });
    }
  }
  return { pages: page, lastPageUsed: y, pageStarts };
}

/** The flow of the body: the docx children and, for each, how the page breaker sees it. */
class Flow {
  readonly children: (Paragraph | Table)[] = [];
  readonly blocks: Block[] = [];
  add(child: Paragraph | Table, block: Block): void {
    this.children.push(child);
    this.blocks.push(block);
  }
}

/** A body paragraph, first line indented two characters. */
function bodyParagraph(flow: Flow, text: string, style: RunStyle = BODY): void {
  const measure = { size: style.size, spacing: style.spacing, firstLine: 2 * CHAR };
  const lines = breakLines(text, TEXT_WIDTH, measure);
  const wideLines = breakLines(text, TEXT_WIDTH, { ...measure, metrics: 'wide' }).length;
  const tightLines = breakLines(text, TEXT_WIDTH, { ...measure, metrics: 'tight' }).length;
  flow.add(
    new Paragraph({
      alignment: AlignmentType.JUSTIFIED,
      spacing: exact(),
      indent: { firstLine: 2 * CHAR },
      children: [run(text, style)],
    }),
    { kind: 'paragraph', lines, wideLines, tightLines, line: LINE },
  );
}

/** A heading kept on one line (condensed if need be), kept with what follows. */
function headingParagraph(flow: Flow, text: string, style: RunStyle, options: { centred?: boolean } = {}): void {
  const firstLine = options.centred ? 0 : 2 * CHAR;
  const fit = fitHeading(text, TEXT_WIDTH, style.size, style.spacing ?? 0, firstLine);
  flow.add(
    new Paragraph({
      alignment: options.centred ? AlignmentType.CENTER : AlignmentType.LEFT,
      spacing: exact(),
      ...(options.centred ? {} : { indent: { firstLine } }),
      keepNext: true,
      children: runs(fit.lines, { ...style, spacing: fit.spacing }),
    }),
    { kind: 'paragraph', lines: fit.lines, line: LINE, keepNext: true },
  );
}

// ── masthead ───────────────────────────────────────────────────────────────────────────────────

/** The masthead rule: 2 pt red, 4 pt below the centre and date. */
const MASTHEAD_RULE: IBorderOptions = { style: BorderStyle.SINGLE, size: 16, color: RED, space: 4 };

function masthead(flow: Flow, report: MonthlyReport): void {
  const line = (lines: string[]): Block => ({ kind: 'paragraph', lines, line: LINE });
  // The mark (内部资料) on the first line at the top left, 黑体 三号; else an empty line.
  flow.add(
    new Paragraph({ spacing: exact(), children: [run(report.mark, { ...HEADING, spacing: 0 })] }),
    line([report.mark]),
  );
  const title = fitHeading(report.title, TEXT_WIDTH, SIZE.title, 0);
  flow.add(
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: exact(2 * LINE), children: runs(title.lines, { ...TITLE, spacing: title.spacing }) }),
    { kind: 'paragraph', lines: title.lines, line: 2 * LINE },
  );
  const issue = fitHeading(`${report.issueText}${report.totalIssueText}`, TEXT_WIDTH, SIZE.body, 0);
  flow.add(
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: exact(), children: runs(issue.lines, { ...BODY, spacing: issue.spacing }) }),
    line(issue.lines),
  );
  // 编印单位 left, date of issue right, one character in from either edge; condensed if both are long.
  const room = TEXT_WIDTH - 2 * CHAR - CHAR;
  const natural = textWidth(report.centre + report.issueDateText, SIZE.body, 0);
  const count = [...(report.centre + report.issueDateText)].length;
  const spacing = Math.max(MIN_HEADING_SPACING, Math.min(BODY_SPACING, Math.floor((room - natural) / count)));
  const style = { ...BODY, spacing };
  flow.add(
    new Paragraph({
      spacing: exact(),
      indent: { left: CHAR, right: CHAR },
      tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH - CHAR }],
      border: { bottom: MASTHEAD_RULE },
      children: [run(report.centre, style), new TextRun({ ...runOptions(style), children: [new Tab(), clean(report.issueDateText)] })],
    }),
    { kind: 'paragraph', lines: [report.centre], line: LINE, extra: 6 * 20 },
  );
  flow.add(new Paragraph({ spacing: exact(), children: [run('', BODY)] }), line(['']));
  headingParagraph(flow, report.periodLine, { ...BODY, spacing: BODY_SPACING }, { centred: true });
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

/** A footer with no page number (the 版记 page of its own). */
function blankFooter(): Footer {
  return new Footer({ children: [new Paragraph({ spacing: exact(FOOTER_LINE), children: [] })] });
}

// ── the statistics table ────────────────────────────────────────────────────────────────────────
const CELL_MARGINS = { top: 40, bottom: 40, left: 40, right: 40 };
const TABLE_LINE = 320;
/**
 * Room beyond the measured text in a cell, for the borders and the reader's fonts: half a 小四
 * character when the table allows, less when it is crowded (see columnWidths).
 */
const CELL_SLACKS = [120, 80, 40, 0];
const cellBorder: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const borders = { top: cellBorder, bottom: cellBorder, left: cellBorder, right: cellBorder };

/** A cell's text: one entry per line (the header's chosen breaks), or a single text to be fitted. */
interface CellSpec {
  lines: string[];
  head?: boolean;
  span?: number;
  rowSpan?: number;
  /** Default centred. */
  align?: 'left';
}

const KIND_HEAD: Record<(typeof KIND_ORDER)[number], string[]> = {
  lagging: ['进度', '滞后'],
  provincial: ['省领导', '联系'],
  municipal: ['市领导', '联系'],
  whitelist: ['白名单'],
  monthly: ['月报', '素材'],
};
const COLUMNS = 11;

/** The label of the totals row: city-wide, each project once. */
export const TOTALS_LABEL = '全市（不重复计）';

function tableSpecs(section: ReportSection): { header: CellSpec[][]; body: CellSpec[][] } {
  const stats = section.supervision!.statistics;
  const problems = section.supervision!.problemColumns;
  const head = (lines: string[], extra: Partial<CellSpec> = {}): CellSpec => ({ lines, head: true, ...extra });
  const header: CellSpec[][] = [
    [
      head(['组别'], { rowSpan: 2 }),
      head(['区县', '（市）'], { rowSpan: 2 }),
      head(['服务', '项目'], { rowSpan: 2 }),
      head(problems.heads[0], { rowSpan: 2 }),
      head(problems.heads[1], { rowSpan: 2 }),
      head(['报送信息'], { span: 5 }),
      head(['是否', '达标'], { rowSpan: 2 }),
    ],
    KIND_ORDER.map((k) => head(KIND_HEAD[k])),
  ];
  const body: CellSpec[][] = stats.groups.map((g) => [
    { lines: [g.groupName] },
    { lines: [g.district] },
    { lines: [String(g.projectsServed)] },
    ...(problems.groups.get(g.group) ?? [0, 0]).map((n) => ({ lines: [String(n)] })),
    ...KIND_ORDER.map((k) => ({ lines: [String(g.submissions[k])] })),
    { lines: [g.compliant ? '是' : '否'] },
  ]);
  const t = stats.totals;
  body.push([
    { lines: [TOTALS_LABEL], head: true, span: 2 },
    { lines: [String(t.projectsServed)] },
    ...problems.total.map((n) => ({ lines: [String(n)] })),
    ...KIND_ORDER.map((k) => ({ lines: [String(t.submissions[k])] })),
    { lines: [`${t.compliantGroups}组`] },
  ]);
  return { header, body };
}

/** The grid columns each cell of a row starts at (row spans of the row above taken into account). */
function gridPositions(rows: CellSpec[][], columns = COLUMNS): number[][] {
  const occupied: number[] = new Array(columns).fill(0);
  return rows.map((row) => {
    const positions: number[] = [];
    let col = 0;
    for (const cell of row) {
      while (occupied[col]! > 0) col++;
      positions.push(col);
      const span = cell.span ?? 1;
      for (let c = col; c < col + span; c++) occupied[c] = cell.rowSpan ?? 1;
      col += span;
    }
    for (let c = 0; c < columns; c++) occupied[c] = Math.max(0, occupied[c]! - 1);
    return positions;
  });
}

const cellStyle = (cell: CellSpec) => (cell.head ? TABLE_HEAD : TABLE_BODY);
/** The widest line as the widest reader sets it (see text-measure.ts). */
const linesWidth = (lines: string[], size: number) => Math.max(...lines.map((l) => textWidth(l, size, 0, 'wide')));

/**
 * Column widths (twips, adding up to TEXT_WIDTH) from the content: each column at least as wide as
 * its widest line at the table's font size, a spanning cell's text spread over its columns, and the
 * room left over shared out evenly. Should the content not fit, the widest single-line column gives
 * way first (its cells then break into balanced lines).
 */
export function columnWidths(rows: CellSpec[][], total = TEXT_WIDTH): number[] {
  const positions = gridPositions(rows);
  let widths: number[] = [];
  for (const slack of CELL_SLACKS) {
    widths = minimumWidths(rows, positions, CELL_MARGINS.left + CELL_MARGINS.right + slack);
    if (widths.reduce((a, b) => a + b, 0) <= total) break;
  }
  const used = widths.reduce((a, b) => a + b, 0);
  if (used <= total) {
    const extra = total - used;
    const share = Math.floor(extra / COLUMNS);
    for (let c = 0; c < COLUMNS; c++) widths[c]! += share;
    widths[1]! += extra - share * COLUMNS; // the remainder to 区县
    return widths;
  }
  // Too wide even so: shrink every column in proportion; cells too narrow break into balanced lines.
  const pad = CELL_MARGINS.left + CELL_MARGINS.right;
  const scale = total / used;
  const scaled = widths.map((w) => Math.max(pad, Math.floor(w * scale)));
  scaled[1]! += total - scaled.reduce((a, b) => a + b, 0);
  return scaled;
}

/** Each column as wide as its widest line plus `pad`; a spanning cell's text spread over its columns. */
function minimumWidths(rows: CellSpec[][], positions: number[][], pad: number, columns = COLUMNS): number[] {
  const min = new Array<number>(columns).fill(pad);
  rows.forEach((row, r) =>
    row.forEach((cell, i) => {
      const col = positions[r]![i]!;
      if ((cell.span ?? 1) === 1) min[col] = Math.max(min[col]!, linesWidth(cell.lines, cellStyle(cell).size) + pad);
    }),
  );
  rows.forEach((row, r) =>
    row.forEach((cell, i) => {
      const span = cell.span ?? 1;
      if (span === 1) return;
      const start = positions[r]![i]!;
      const have = min.slice(start, start + span).reduce((a, b) => a + b, 0);
      const need = linesWidth(cell.lines, cellStyle(cell).size) + pad;
      if (need > have) for (let c = start; c < start + span; c++) min[c]! += Math.ceil((need - have) / span);
    }),
  );
  return min.map(Math.ceil);
}

function statisticsTable(flow: Flow, section: ReportSection): void {
  const { header, body } = tableSpecs(section);
  specTable(flow, header, body, columnWidths([...header, ...body]), gridPositions([...header, ...body]));
}

/**
 * A table of cell specs at the given column widths (twips), rows unsplit, header rows repeated. The
 * last body row is a totals row (合计, 全市): the row above it keeps with it (keep-with-next on each of
 * its paragraphs, which Word, WPS and LibreOffice honour between table rows), so a page never begins
 * with the totals alone under the repeated header.
 */
function specTable(flow: Flow, header: CellSpec[][], body: CellSpec[][], widths: number[], positions: number[][]): void {
  const heights: number[] = [];
  const keptRow = header.length + body.length - 2;
  const toRow = (row: CellSpec[], r: number, isHeader: boolean): TableRow => {
    const keepNext = !isHeader && r === keptRow;
    let height = 0;
    const cells = row.map((spec, i) => {
      const start = positions[r]![i]!;
      const span = spec.span ?? 1;
      const width = widths.slice(start, start + span).reduce((a, b) => a + b, 0);
      const style = cellStyle(spec);
      const room = width - CELL_MARGINS.left - CELL_MARGINS.right;
      // Centred cells: balanced lines chosen here; left-aligned text (a list): one paragraph per
      // entry, wrapped by the reader, its height counted at the widest reader's metrics.
      const left = spec.align === 'left';
      const lines = left ? spec.lines : spec.lines.flatMap((l) => balancedLines(l, room, style.size));
      const count = left ? spec.lines.reduce((n, l) => n + breakLines(l, room, { size: style.size, metrics: 'wide' }).length, 0) : lines.length;
      if ((spec.rowSpan ?? 1) === 1) height = Math.max(height, count * TABLE_LINE);
      return new TableCell({
        width: { size: width, type: WidthType.DXA },
        margins: CELL_MARGINS,
        borders,
        verticalAlign: VerticalAlignTable.CENTER,
        ...(span > 1 ? { columnSpan: span } : {}),
        ...(spec.rowSpan ? { rowSpan: spec.rowSpan } : {}),
        children: lines.map(
          (t) =>
            new Paragraph({
              alignment: left ? AlignmentType.LEFT : AlignmentType.CENTER,
              spacing: exact(TABLE_LINE),
              ...(keepNext ? { keepNext: true } : {}),
              children: [run(t, style)],
            }),
        ),
      });
    });
    heights.push(height + CELL_MARGINS.top + CELL_MARGINS.bottom + 10);
    return new TableRow({ ...(isHeader ? { tableHeader: true } : {}), cantSplit: true, children: cells });
  };
  const rows = [...header.map((row, r) => toRow(row, r, true)), ...body.map((row, r) => toRow(row, header.length + r, false))];
  flow.add(
    new Table({
      width: { size: TEXT_WIDTH, type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      alignment: AlignmentType.CENTER,
      rows,
    }),
    {
      kind: 'table',
      header: heights.slice(0, header.length),
      rows: heights.slice(header.length),
      rowTexts: body.map((row) => row[0]!.lines.join('')),
      keepWithNext: body.length > 1 ? [body.length - 2] : [],
    },
  );
}

const LIGHT_COLUMNS = 7;

/**
 * The lights table: 组别, 区县, 红灯, 黄灯, 绿灯, 数据存疑, the projects 红 for two weeks or more (one
 * paragraph each, left-aligned), then 合计. The six short columns as wide as their content; the
 * projects column takes the rest of the text width.
 */
function lightsTable(flow: Flow, section: ReportSection): void {
  const block = section.supervision!.lights!;
  const head = (lines: string[]): CellSpec => ({ lines, head: true });
  const header: CellSpec[][] = [
    [head(['组别']), head(['区县', '（市）']), head(['红灯']), head(['黄灯']), head(['绿灯']), head(['数据', '存疑']), head([`${PERSISTENT_RED_WEEKS}期以上红灯的项目`])],
  ];
  const body: CellSpec[][] = block.lights.groups.map((g) => {
    const reds = block.redTexts.get(g.group) ?? [];
    return [
      { lines: [groupName(g.group)] },
      { lines: [g.district] },
      { lines: [String(g.counts.red)] },
      { lines: [String(g.counts.yellow)] },
      { lines: [String(g.counts.green)] },
      { lines: [String(g.counts.doubt)] },
      reds.length ? { lines: reds, align: 'left' as const } : { lines: ['—'] },
    ];
  });
  const t = block.lights.total;
  const persistent = block.lights.groups.reduce((n, g) => n + g.persistentRed.length, 0);
  body.push([
    { lines: ['合计'], head: true, span: 2 },
    { lines: [String(t.red)] },
    { lines: [String(t.yellow)] },
    { lines: [String(t.green)] },
    { lines: [String(t.doubt)] },
    { lines: [`${persistent}个`] },
  ]);
  const rows = [...header, ...body];
  const positions = gridPositions(rows, LIGHT_COLUMNS);
  // The short columns from their content (the projects column's own text left out), the rest to the projects.
  const short = rows.map((row, r) => row.filter((_, i) => positions[r]![i]! < LIGHT_COLUMNS - 1));
  const widths = minimumWidths(short, gridPositions(short, LIGHT_COLUMNS), CELL_MARGINS.left + CELL_MARGINS.right + CELL_SLACKS[0]!, LIGHT_COLUMNS);
  widths[LIGHT_COLUMNS - 1] = TEXT_WIDTH - widths.slice(0, -1).reduce((a, b) => a + b, 0);
  specTable(flow, header, body, widths, positions);
}

/** A 小四 note under a table, first line indented two characters. */
function tableNote(flow: Flow, text: string): void {
  const noteMeasure = { size: SIZE.table, firstLine: 2 * 240 };
  const noteLines = breakLines(text, TEXT_WIDTH, noteMeasure);
  const noteWide = breakLines(text, TEXT_WIDTH, { ...noteMeasure, metrics: 'wide' }).length;
  const noteTight = breakLines(text, TEXT_WIDTH, { ...noteMeasure, metrics: 'tight' }).length;
  flow.add(
    new Paragraph({
      alignment: AlignmentType.JUSTIFIED,
      spacing: { ...exact(TABLE_LINE), before: 60 },
      indent: { firstLine: 2 * 240 },
      children: [run(text, TABLE_BODY)],
    }),
    { kind: 'paragraph', lines: noteLines, wideLines: noteWide, tightLines: noteTight, line: TABLE_LINE, before: 60 },
  );
}

function itemParagraphs(flow: Flow, number: string, title: string, body: string): void {
  headingParagraph(flow, `${number}${title}`, SUBHEADING);
  for (const line of body.split(/\s*\n+\s*/).filter(Boolean)) bodyParagraph(flow, line);
}

function sectionContent(flow: Flow, section: ReportSection): void {
  headingParagraph(flow, section.heading, HEADING);
  const s = section.supervision;
  if (s) {
    headingParagraph(flow, s.heading, SUBHEADING);
    bodyParagraph(flow, s.summary);
    if (s.problemsText) bodyParagraph(flow, s.problemsText);
    headingParagraph(flow, s.tableCaption, HEADING, { centred: true });
    statisticsTable(flow, section);
    tableNote(flow, s.note);
    bodyParagraph(flow, s.missedText);
    if (s.lights) {
      bodyParagraph(flow, s.lights.summary);
      headingParagraph(flow, s.lights.tableCaption, HEADING, { centred: true });
      lightsTable(flow, section);
      tableNote(flow, s.lights.note);
    }
  }
  for (const item of section.items) itemParagraphs(flow, item.number, item.title, item.body);
  if (section.empty) bodyParagraph(flow, section.empty);
}

// ── 版记 ─────────────────────────────────────────────────────────────────────────────────────────

/** GB/T 9704-2012 7.4.1: 0.35 mm for the first and last rule, 0.25 mm between (w:sz in eighths of a point). */
const THICK_RULE: IBorderOptions = { style: BorderStyle.SINGLE, size: 8, color: '000000' };
const THIN_RULE: IBorderOptions = { style: BorderStyle.SINGLE, size: 6, color: '000000' };
const NO_RULE: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'auto' };
/** The empty paragraph a text box must end with, and the one the box is anchored to: 1 pt. */
const HAIRLINE = 20;

/**
 * A 版记 line: 左右各空一字; a line a little too long is condensed to stay on one line, a longer one
 * wraps with its continuation aligned after “报：” (GB/T 9704-2012 7.4.2: 回行时与冒号后的首字对齐).
 */
function colophonLine(label: string, to: string): { paragraph: Paragraph; lines: number } {
  const head = `${label}：`;
  const hang = Math.round(textWidth(head, SIZE.colophon));
  const room = TEXT_WIDTH - 2 * CHAR_14;
  // A 版记 line is condensed a little (1/16) before it wraps.
  const fit = fitHeading(`${head}${to}`, room, SIZE.colophon, 0, 0, 1 / 16);
  const lines = fit.lines.length === 1 ? fit.lines : balancedLines(`${head}${to}`, room, SIZE.colophon, 0, 0, hang);
  return {
    paragraph: new Paragraph({
      alignment: AlignmentType.LEFT,
      spacing: exact(),
      indent: { left: CHAR_14 + hang, hanging: hang, right: CHAR_14 },
      children: runs(lines, { ...COLOPHON, spacing: fit.spacing }),
    }),
    lines: lines.length,
  };
}

/** The 版记 as a table of rules and lines, and its height in twips. */
function colophonTable(colophon: Colophon): { table: Table; height: number } {
  const cell = (children: Paragraph[], top: IBorderOptions, bottom: IBorderOptions) =>
    new TableCell({
      width: { size: TEXT_WIDTH, type: WidthType.DXA },
      margins: { top: 0, bottom: 0, left: 0, right: 0 },
      borders: { top, bottom, left: NO_RULE, right: NO_RULE },
      children,
    });
  const rows: TableRow[] = [];
  let height = 0;
  if (colophon.lines.length > 0) {
    const lines = colophon.lines.map((l) => colophonLine(l.label, l.to));
    rows.push(new TableRow({ cantSplit: true, children: [cell(lines.map((l) => l.paragraph), THICK_RULE, THIN_RULE)] }));
    height += lines.reduce((a, l) => a + l.lines, 0) * LINE;
  }
  const issued = new Paragraph({
    spacing: exact(),
    indent: { left: CHAR_14, right: CHAR_14 },
    tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH - 2 * CHAR_14 }],
    children: [run(colophon.issuer, COLOPHON), new TextRun({ ...runOptions(COLOPHON), children: [new Tab(), clean(colophon.issuedText)] })],
  });
  rows.push(
    new TableRow({ cantSplit: true, children: [cell([issued], colophon.lines.length > 0 ? THIN_RULE : THICK_RULE, THICK_RULE)] }),
  );
  height += LINE + 3 * 20; // the line and the rules
  const table = new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [TEXT_WIDTH],
    layout: TableLayoutType.FIXED,
    borders: { top: NO_RULE, bottom: NO_RULE, left: NO_RULE, right: NO_RULE, insideHorizontal: NO_RULE, insideVertical: NO_RULE },
    rows,
  });
  return { table, height };
}

/** DrawingML measures in EMU: 635 a twip. The shape library takes sizes in pixels of 15 twips. */
const EMU_PER_TWIP = 635;
const px = (twips: number) => twips / 15;

/**
 * The paragraph that carries the 版记: an empty 1 pt line holding a text box as wide as the text
 * block, placed so that the last rule lies on the text block's bottom edge; body text does not run
 * beside or under it (wrap top and bottom). The box has a spare line above the first rule, and its
 * content sits at the bottom, so that a 版记 line that a reader's fonts wrap once more still shows.
 * (The box does not size itself to its text: LibreOffice then misplaces it.)
 */
function colophonAnchor(colophon: Colophon): { paragraph: Paragraph; height: number } {
  const { table, height } = colophonTable(colophon);
  const boxHeight = height + LINE + HAIRLINE;
  // The box's bottom is a hairline below the text block, so the table's bottom (and the last rule) is on it.
  const top = TEXT_HEIGHT + HAIRLINE - boxHeight;
  const shape = new ShapeRun({
    type: 'rectangle',
    transformation: { width: px(TEXT_WIDTH), height: px(boxHeight) },
    fill: 'none',
    line: 'none',
    textOptions: { margins: { top: 0, bottom: 0, left: 0, right: 0 }, verticalAlignment: 'bottom' },
    // A text box holds tables as well as paragraphs (w:txbxContent is block-level content).
    children: [table as unknown as Paragraph, new Paragraph({ spacing: exact(HAIRLINE), children: [] })],
    altText: { name: '版记', description: '版记：报送范围、印发机关和印发日期' },
    floating: {
      horizontalPosition: { relative: HorizontalPositionRelativeFrom.MARGIN, align: HorizontalPositionAlign.LEFT },
      verticalPosition: { relative: VerticalPositionRelativeFrom.MARGIN, offset: top * EMU_PER_TWIP },
      wrap: { type: TextWrappingType.TOP_AND_BOTTOM },
      allowOverlap: false,
      lockAnchor: true,
    },
  });
  return { paragraph: new Paragraph({ spacing: exact(HAIRLINE), children: [shape] }), height: boxHeight };
}

/**
 * Whether the 版记 fits under the text of the last page. Readers set text differently
 * (text-measure.ts), so the text ends somewhere about the tightest and the widest estimate: the
 * 版记 shares the last page only when both end on the same page, at least three lines into it (so
 * no reader ends on the page before), and the widest leaves room for its box (which has a spare
 * line above the first rule) and two lines more (rows and page breaks the estimate does not know
 * to the line). Otherwise it goes on a page of its own: wasting part of a page is better than a
 * 版记 pushed alone onto a numbered page.
 */
export function colophonFits(tight: LayoutEstimate, wide: LayoutEstimate, boxHeight: number): boolean {
  return tight.pages === wide.pages && tight.lastPageUsed >= 3 * LINE && TEXT_HEIGHT - wide.lastPageUsed >= boxHeight + 2 * LINE;
}

// ── the document ───────────────────────────────────────────────────────────────────────────────

/** The document's W3CDTF timestamp: the date of issue at 00:00 UTC. */
function timestamp(date: string): string {
  return `${date}T00:00:00Z`;
}

function bodyFlow(report: MonthlyReport): Flow {
  const flow = new Flow();
  masthead(flow, report);
  for (const section of report.sections) sectionContent(flow, section);
  return flow;
}

/** Where the pages of the body end: as Word sets them, and the tightest and widest a reader may (see paginate). */
export function estimateLayout(report: MonthlyReport): { word: LayoutEstimate; tight: LayoutEstimate; wide: LayoutEstimate } {
  const { blocks } = bodyFlow(report);
  return { word: paginate(blocks), tight: paginate(blocks, 'tight'), wide: paginate(blocks, 'wide') };
}

/** Whether the 版记 is on the last page of text (true) or on a page of its own (false). */
export function colophonSharesLastPage(report: MonthlyReport): boolean {
  const { tight, wide } = estimateLayout(report);
  return colophonFits(tight, wide, colophonAnchor(report.colophon).height);
}

export function buildMonthlyDocument(report: MonthlyReport): Document {
  const flow = bodyFlow(report);
  const anchor = colophonAnchor(report.colophon);
  const shared = colophonFits(paginate(flow.blocks, 'tight'), paginate(flow.blocks, 'wide'), anchor.height);
  const page = {
    size: { width: PAGE.width, height: PAGE.height },
    margin: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right, header: mm(15), footer: FOOTER_DISTANCE, gutter: 0 },
  };
  const sections: ISectionOptions[] = [
    {
      properties: { page },
      footers: { default: footer(true), even: footer(false) },
      children: shared ? [...flow.children, anchor.paragraph] : flow.children,
    },
  ];
  if (!shared)
    sections.push({
      properties: { page, type: SectionType.NEXT_PAGE },
      footers: { default: blankFooter(), even: blankFooter() },
      children: [anchor.paragraph],
    });
  return new Document({
    title: `${report.issueText}${report.title}`,
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
    sections,
  });
}

/**
 * Paragraph defaults docx cannot write: no widow control (a line grid of 22 lines a page, as
 * 公文 are set) and no extra space between Chinese and Latin text or digits (autoSpaceDE/DN), so
 * that a line holds what text-measure.ts says it holds.
 */
function paragraphDefaults(styles: string): string {
  const out = styles.replace(
    /(<w:pPrDefault><w:pPr>)/,
    '$1<w:widowControl w:val="0"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>',
  );
  // docx's built-in character styles are based on DefaultParagraphFont without defining it.
  if (out.includes('w:styleId="DefaultParagraphFont"')) return out;
  return out.replace(
    /<w:style /,
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/>' +
      '<w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style><w:style ',
  );
}

/** Full-width punctuation keeps its full width (字符间距控制：不压缩), as the line model assumes. */
function noCompression(settings: string): string {
  if (settings.includes('<w:characterSpacingControl')) return settings;
  return settings.replace(/(<w:evenAndOddHeaders\/>)/, '$1<w:characterSpacingControl w:val="doNotCompress"/>');
}

/**
 * The 版记's text box the way Word writes one: the DrawingML shape (wps, Word 2010 on) as the choice
 * of an mc:AlternateContent, and the same text box in VML as the fallback for older readers. A
 * strict reader of ECMA-376 sees the fallback; without the wrapper it finds wps:wsp unknown.
 */
export function withVmlFallback(document: string): string {
  return document.replace(/<w:drawing>(<wp:anchor[\s\S]*?)<\/w:drawing>/g, (whole, anchor: string) => {
    const content = /<w:txbxContent>[\s\S]*<\/w:txbxContent>/.exec(anchor);
    const extent = /<wp:extent cx="(\d+)" cy="(\d+)"\/>/.exec(anchor);
    const offset = /<wp:positionV relativeFrom="margin"><wp:posOffset>(-?\d+)<\/wp:posOffset>/.exec(anchor);
    if (!content || !extent || !offset || !anchor.includes('<wps:wsp>')) return whole;
    const points = (emu: string) => `${Math.round((Number(emu) / 12700) * 100) / 100}pt`;
    const style = [
      'position:absolute',
      'margin-left:0',
      `margin-top:${points(offset[1]!)}`,
      `width:${points(extent[1]!)}`,
      `height:${points(extent[2]!)}`,
      'z-index:251659264',
      'mso-position-horizontal:left',
      'mso-position-horizontal-relative:margin',
      'mso-position-vertical-relative:margin',
    ].join(';');
    const vml =
      `<w:pict><v:rect id="colophon" style="${style}" filled="f" stroked="f">` +
      `<v:textbox style="v-text-anchor:bottom" inset="0,0,0,0">${content[0]}</v:textbox>` +
      `<w10:wrap type="topAndBottom" anchorx="margin" anchory="margin"/></v:rect></w:pict>`;
    return `<mc:AlternateContent><mc:Choice Requires="wps">${whole}</mc:Choice><mc:Fallback>${vml}</mc:Fallback></mc:AlternateContent>`;
  });
}

/**
 * Makes the package byte-for-byte reproducible: docx stamps docProps/core.xml with the current time
 * and zips with the current time. Both are replaced by the date of issue (the returned entries carry
 * it as their zip time). Also the XML changes docx cannot make itself (paragraph defaults, no
 * compression of punctuation, drawing ids, the 版记's VML fallback). `files` is changed in place.
 */
export function reproducible(files: Unzipped, date: string): Zippable {
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
  const settings = files['word/settings.xml'];
  if (settings) files['word/settings.xml'] = strToU8(noCompression(strFromU8(settings)));
  const styles = files['word/styles.xml'];
  if (styles) files['word/styles.xml'] = strToU8(paragraphDefaults(strFromU8(styles)));
  const document = files['word/document.xml'];
  if (document) {
    // docx numbers drawings with a counter that runs across documents: number them within this one.
    let id = 0;
    const renumbered = strFromU8(document).replace(/<wp:docPr id="\d+"/g, () => `<wp:docPr id="${++id}"`);
    files['word/document.xml'] = strToU8(withVmlFallback(renumbered));
  }
  const [y, m, d] = date.split('-').map(Number);
  // fflate writes DOS times from the local wall clock: a local Date gives the same fields everywhere.
  const mtime = new Date(y!, m! - 1, d!, 0, 0, 0);
  const zippable: Zippable = {};
  for (const name of Object.keys(files)) zippable[name] = [files[name]!, { mtime, level: 6 }];
  return zippable;
}

/**
 * docx's compiler: what Packer runs to make a document's parts before it deflates them into a zip
 * (a private static of Packer in docx 9.15, which package.json pins). Absent, should a release of
 * docx move it: the parts then come out of Packer.toBuffer's zip.
 */
const compiler = (Packer as unknown as { compiler?: { compile(file: Document): Map<string, string | Uint8Array | ArrayBuffer> } }).compiler;

/**
 * The document's parts as Packer would zip them, in its order, not zipped: safePackage changes some
 * and zips them all once (Packer's own deflating, undone at once, was ≈ 0.15 s of CPU of a `monthly`
 * run). Strings as UTF-8 and bytes as they are, as Packer writes them. Null without the compiler.
 */
export function documentParts(document: Document): Unzipped | null {
  if (typeof compiler?.compile !== 'function') return null;
  const parts: Unzipped = {};
  for (const [path, data] of compiler.compile(document))
    parts[path] = typeof data === 'string' ? strToU8(data) : new Uint8Array(data);
  return parts;
}

/** The report as .docx bytes, holding only what XML 1.0 allows (save.ts `safePackage`, whatever the districts typed). */
export async function writeMonthlyReportDocx(report: MonthlyReport): Promise<Uint8Array> {
  const document = buildMonthlyDocument(report);
  const parts = documentParts(document) ?? unzipSync(new Uint8Array(await Packer.toBuffer(document)));
  return safePackage(parts, (files) => reproducible(files, report.issueDate));
}
