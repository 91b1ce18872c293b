/**
 * 问题台账.xlsx (xmb problems): lays out what src/problems/ decided, in the official look of the
 * merged workbooks (official-sheet.ts: title, 填表日期 line, header repeated on every printed page,
 * A3 landscape fitted to one page wide, 宋体 11 base font, widths and row heights from content).
 *
 *   问题台账       one line per problem: project, group, district, 要素, problem, 涉及单位, first and last
 *                 week reported, weeks open, state, the 协调解决情况 of each week, a note;
 *   要素分布       要素 × 区县: the ledger's problems, with 合计, 未解决, 已解决, 4周以上未解决;
 *   4周以上未解决  the problems open `longOpenWeeks` (4) weeks or more, longest first.
 *
 * Text from the districts is written as text (never a formula). The document date is the ledger's
 * date, so the same inputs give the same bytes. exceljs is passed in (the command loads it lazily).
 */
import type { Cell, Workbook, Worksheet } from 'exceljs';
import { loadExcelJS, type ExcelJS } from './exceljs-module.js';
import type { Config } from '../config/schema.js';
import type { ProblemLedger } from '../problems/ledger.js';
import { ledgerLines, longOpenLines, overviewTable, type LedgerLine } from '../problems/sheet-rows.js';
import type { LedgerPeriod } from '../problems/period.js';
import type { WeekId } from '../time/index.js';
import {
  fitColumnWidths,
  layoutOfficialSheet,
  SONG_METRICS,
  TOTAL_FONT,
  writeDataRow,
  type OfficialColumn,
  type OfficialValue,
} from './official-sheet.js';
import { setFixedMetadata, workbookBytes } from './save.js';

export const LEDGER_SHEET = '问题台账';
export const OVERVIEW_SHEET = '要素分布';
/** The long-open sheet's name: “4周以上未解决” (the config's problems.longOpenWeeks). */
export function longOpenSheetName(weeks: number): string {
  return `${weeks}周以上未解决`;
}

/** The columns of a ledger sheet (widths in 宋体 units). */
export const LEDGER_COLUMNS: OfficialColumn[] = [
  { label: '序号', width: 5, type: 'serial' },
  { label: '项目名称', width: 20, type: 'text' },
  { label: '组别', width: 8, type: 'district' },
  { label: '区县', width: 9, type: 'district' },
  { label: '要素', width: 6, type: 'list' },
  { label: '存在问题', width: 26, type: 'text' },
  { label: '涉及单位', width: 14, type: 'text' },
  { label: '首次\n报送', width: 7, type: 'district' },
  { label: '最近\n报送', width: 7, type: 'district' },
  { label: '持续\n周数', width: 6, type: 'serial' },
  { label: '状态', width: 8, type: 'list' },
  { label: '协调解决情况（逐周）', width: 38, type: 'text' },
  { label: '说明', width: 24, type: 'text' },
];

const STATE_FILLS: Record<string, string> = {
  新增: 'FFDDEBF7',
  重新出现: 'FFFCE4C4',
  已解决: 'FFEDEDED',
};
const LONG_FILL = 'FFF8CBAD';

function fill(cell: Cell, argb: string | undefined): void {
  if (argb) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb } };
}

export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

export interface LedgerDocument {
  ledger: ProblemLedger;
  period: LedgerPeriod;
  /** The weeks tracked (for the 协调解决情况 runs). */
  trackedWeeks: readonly WeekId[];
  /** "YYYY-MM-DD": 填表日期 and the document's date. */
  date: string;
}

/** “统计截至2022年第9周：共 12 个问题（新增 3，在办 6，重新出现 1，已解决 2）”. */
export function countsLine(ledger: ProblemLedger): string {
  const c = ledger.counts;
  const to = ledger.weeks[ledger.weeks.length - 1]!;
  const [y, w] = to.split('-W');
  return `统计截至${y}年第${Number(w)}周：共 ${c.total} 个问题（新增 ${c.byState.new}，在办 ${c.byState.open}，重新出现 ${c.byState.reopened}，已解决 ${c.byState.solved}）`;
}

function lineValues(line: LedgerLine, serial: number): OfficialValue[] {
  return [
    serial,
    line.project,
    line.group,
    line.district,
    line.element,
    line.problem,
    line.units || null,
    line.firstWeek,
    line.lastWeek,
    line.weeksOpen,
    line.state,
    line.coordination || null,
    line.note || null,
  ];
}

function writeLedgerSheet(workbook: Workbook, name: string, title: string, lines: LedgerLine[], doc: LedgerDocument, empty: string, infoRight: string): Worksheet {
  const sheet = workbook.addWorksheet(name);
  const rows: OfficialValue[][] = lines.length > 0 ? lines.map((l, i) => lineValues(l, i + 1)) : [LEDGER_COLUMNS.map((_, i) => (i === 1 ? empty : null))];
  const layout = layoutOfficialSheet(sheet, {
    kind: 'lagging',
    year: Number(doc.date.slice(0, 4)),
    title,
    fillDateText: `填表日期：${chineseDate(doc.date)}`,
    reportingUnitText: infoRight,
    columns: fitColumnWidths(LEDGER_COLUMNS, rows, SONG_METRICS),
    paper: 'A3',
    metrics: SONG_METRICS,
  });
  let rowNumber = layout.firstDataRow;
  rows.forEach((values, i) => {
    const row = writeDataRow(sheet, layout, rowNumber++, values);
    const line = lines[i];
    if (!line) return;
    fill(row.getCell(11), STATE_FILLS[line.state]);
    if (line.row.longOpen) fill(row.getCell(10), LONG_FILL);
  });
  return sheet;
}

function writeOverviewSheet(workbook: Workbook, doc: LedgerDocument, config: Pick<Config, 'groups'>): void {
  const sheet = workbook.addWorksheet(OVERVIEW_SHEET);
  const table = overviewTable(doc.ledger, config);
  const long = `${doc.ledger.longOpenWeeks}周以上\n未解决`;
  const columns: OfficialColumn[] = [
    { label: '要素', width: 6, type: 'list' },
    ...table.districts.map((d): OfficialColumn => ({ label: d, width: 5, type: 'serial' })),
    { label: '合计', width: 5, type: 'serial' },
    { label: '其中\n未解决', width: 6, type: 'serial' },
    { label: '其中\n已解决', width: 6, type: 'serial' },
    { label: long, width: 7, type: 'serial' },
  ];
  const rows: OfficialValue[][] = table.rows.map((r) => [r.element, ...r.perDistrict, r.total, r.open, r.solved, r.longOpen]);
  const layout = layoutOfficialSheet(sheet, {
    kind: 'lagging',
    year: Number(doc.date.slice(0, 4)),
    title: `${doc.period.label}重点项目存在问题要素分布`,
    fillDateText: `填表日期：${chineseDate(doc.date)}`,
    reportingUnitText: '单位：个（按项目所在区县）',
    columns: fitColumnWidths(columns, rows, SONG_METRICS),
    paper: 'A3',
    metrics: SONG_METRICS,
  });
  let rowNumber = layout.firstDataRow;
  rows.forEach((values, i) => {
    const row = writeDataRow(sheet, layout, rowNumber++, values);
    if (i === rows.length - 1) row.eachCell({ includeEmpty: true }, (cell) => (cell.font = TOTAL_FONT));
  });
}

/** The whole workbook (see the module comment). */
export function buildProblemLedgerWorkbook(excel: ExcelJS, doc: LedgerDocument, config: Pick<Config, 'groups'>): Workbook {
  const workbook = new excel.Workbook();
  setFixedMetadata(workbook, documentDate(doc));
  workbook.title = `${doc.period.label}问题台账`;
  const lines = ledgerLines(doc.ledger, doc.trackedWeeks);
  const long = longOpenLines(lines);
  const n = doc.ledger.longOpenWeeks;
  writeLedgerSheet(workbook, LEDGER_SHEET, `${doc.period.label}重点项目问题台账`, lines, doc, '本期各组报送的表格中没有存在问题', countsLine(doc.ledger));
  writeOverviewSheet(workbook, doc, config);
  writeLedgerSheet(
    workbook,
    longOpenSheetName(n),
    `${doc.period.label}${n}周以上未解决的问题`,
    long,
    doc,
    `没有${n}周以上未解决的问题`,
    `统计截至${shortTo(doc)}：共 ${long.length} 个（按持续周数排列）`,
  );
  return workbook;
}

function shortTo(doc: LedgerDocument): string {
  const [y, w] = doc.ledger.weeks[doc.ledger.weeks.length - 1]!.split('-W');
  return `${y}年第${Number(w)}周`;
}

/** The document date: 00:00 of the ledger's date, Beijing time. */
function documentDate(doc: LedgerDocument): Date {
  return new Date(`${doc.date}T00:00:00+08:00`);
}

/** The workbook as deterministic .xlsx bytes, 宋体 as the base font, marked as xmb's own output. */
export async function problemLedgerBytes(doc: LedgerDocument, config: Pick<Config, 'groups'>): Promise<Uint8Array> {
  const excel = await loadExcelJS();
  const workbook = buildProblemLedgerWorkbook(excel, doc, config);
  return workbookBytes(workbook, documentDate(doc), { baseFont: SONG_METRICS.baseFont });
}
