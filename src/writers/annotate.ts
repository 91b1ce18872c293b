/**
 * The annotated copy of `xmb validate --annotate DIR` (spec §5): the district's own workbook with
 * every flagged cell filled (red for errors, yellow for warnings) and carrying a note with the
 * Chinese message(s), plus a first sheet “校验结果” listing all findings, errors first — ready for
 * the clerk to send back.
 *
 * A copy never loses what the district wrote. It is one of three things, and the outcome says which
 * and why (`content`, `reason`):
 *   'original' the district's workbook re-saved through exceljs, marked. Before saving, what exceljs
 *              is known to drop is put back (exceljs-input.ts); after saving, the copy is read back
 *              with xmb's own reader and every value compared with the original (workbook-compare.ts).
 *   'rebuilt'  when exceljs cannot load the file, loading it would be unsafe (a validation or merge
 *              spanning whole columns makes exceljs run for minutes), the file is an old format
 *              converted by LibreOffice, or the re-saved copy differs in any value: a workbook built
 *              from what xmb read (rebuilt-workbook.ts: values, number formats, merges, widths where
 *              known), marked the same way, and itself read back and compared.
 *   'summary'  only the 校验结果 sheet, when xmb itself cannot read the file (a file-level finding)
 *              or even the rebuilt copy would not hold every value (a sheet past the reader's limits).
 * Every copy goes through the writers' character policy (xml-text.ts), so what the original holds
 * is compared as the writers must store it.
 *
 * The input file is only read: the copy is written to a temporary name in the output folder, read
 * back there, and renamed into place only once it is known to be right.
 */
import { makeFolder } from '../make-folder.js';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { unzipSync } from 'fflate';
import type { Cell, Workbook, Worksheet } from 'exceljs';
import { loadExcelJS, type ExcelJS } from './exceljs-module.js';
import { readWorkbook } from '../reader/index.js';
import type { WorkbookModel } from '../reader/model.js';
import type { Finding } from '../rules/finding.js';
import type { TableResult } from '../validate/result.js';
import { fixTheme, reconcileValues, withExplicitFormats } from './exceljs-input.js';
import { BODY_FONT, THIN_BORDERS, TITLE_FONT, heightForLines, styleHeaderCell, wrappedLines } from './official-sheet.js';
import { rebuildWorkbook, widthsOf, type SheetWidths } from './rebuilt-workbook.js';
import { FIXED_DATE, workbookBytes } from './save.js';
import { compareWorkbooks, describeDifference, type Difference } from './workbook-compare.js';

export const ERROR_FILL_ARGB = 'FFFFC7CE';
export const WARNING_FILL_ARGB = 'FFFFEB9C';
export const SUMMARY_SHEET = '校验结果';

/** Findings that mean the workbook itself cannot be opened as it is: no cell to colour. */
const FILE_LEVEL_CODES = new Set(['file-unreadable', 'file-encrypted', 'file-format-unsupported', 'file-too-large']);

/** Beyond this many cells, a validation range or merge is not loaded with exceljs (it expands them cell by cell). */
const MAX_RANGE_CELLS = 200_000;

/** What an annotated copy holds: the marked original, a marked workbook rebuilt from the values xmb read, or only 校验结果. */
export type CopyContent = 'original' | 'rebuilt' | 'summary';

export interface AnnotateOutcome {
  /** The path written. */
  path: string;
  content: CopyContent;
  /** Why the copy is not the marked original (Chinese, one line); null when it is. */
  reason: string | null;
  /** How many cells were coloured. */
  cells: number;
  /** How many findings were listed. */
  findings: number;
}

/** `原文件名_批注.xlsx` for an input path (the folder is the caller's). */
export function annotatedName(inputPath: string): string {
  const name = basename(inputPath);
  const stem = name.slice(0, name.length - extname(name).length) || name;
  return `${stem}_批注.xlsx`;
}

interface Flagged {
  finding: Finding;
  sheet: string | null;
}

const SEVERITY_TEXT = { error: '错误', warning: '警告' } as const;

/** Errors first, then by sheet, row and column (the order a clerk fixes them in). */
function sortFindings(list: Flagged[]): Flagged[] {
  const colOf = (ref: string | null): number => {
    const m = /^([A-Z]+)/.exec(ref ?? '');
    if (!m) return -1;
    let n = 0;
    for (const ch of m[1]!) n = n * 26 + (ch.charCodeAt(0) - 64);
    return n;
  };
  return list
    .map((f, i) => ({ f, i }))
    .sort((a, b) => {
      const s = (a.f.finding.severity === 'error' ? 0 : 1) - (b.f.finding.severity === 'error' ? 0 : 1);
      if (s) return s;
      const sh = (a.f.sheet ?? '').localeCompare(b.f.sheet ?? '');
      if (sh) return sh;
      const r = (a.f.finding.row ?? 0) - (b.f.finding.row ?? 0);
      if (r) return r;
      const c = colOf(a.f.finding.cell) - colOf(b.f.finding.cell);
      return c || a.i - b.i;
    })
    .map((x) => x.f);
}

/** A1 range area ("A5:K1048576" → 11 × 1048572). */
function rangeArea(range: string): number {
  const m = /^\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/.exec(range.trim());
  if (!m) return 1;
  const col = (s: string) => [...s].reduce((n, ch) => n * 26 + (ch.charCodeAt(0) - 64), 0);
  if (!m[3] || !m[4]) return 1;
  return (Math.abs(col(m[3]) - col(m[1]!)) + 1) * (Math.abs(Number(m[4]) - Number(m[2])) + 1);
}

/**
 * Why loading this .xlsx with exceljs would be unsafe, or null. Looks at the worksheets' data
 * validation and merge ranges in the zip (the reader has already refused zip bombs).
 */
export function unsafeForExceljs(bytes: Uint8Array): string | null {
  let parts: Record<string, Uint8Array>;
  try {
    parts = unzipSync(bytes, { filter: (f) => /^xl\/worksheets\/[^/]+\.xml$/.test(f.name) });
  } catch {
    return '文件不是有效的 .xlsx 压缩包';
  }
  const decoder = new TextDecoder();
  for (const data of Object.values(parts)) {
    const xml = decoder.decode(data);
    for (const m of xml.matchAll(/<(?:\w+:)?(dataValidation|mergeCell|conditionalFormatting)\b[^>]*?\b(?:sqref|ref)="([^"]*)"/g)) {
      const area = m[2]!.split(/\s+/).reduce((sum, r) => sum + rangeArea(r), 0);
      if (area > MAX_RANGE_CELLS) return '文件中有覆盖整列的下拉列表或合并单元格';
    }
  }
  return null;
}

/** Makes a cell's style its own, so that changing it does not change the cells that shared it. */
function ownStyle(cell: Cell): void {
  cell.style = structuredClone(cell.style ?? {});
}

function noteText(cell: Cell): string {
  const note = cell.note as unknown;
  if (!note) return '';
  if (typeof note === 'string') return note;
  const texts = (note as { texts?: { text?: string }[] }).texts;
  return Array.isArray(texts) ? texts.map((t) => t.text ?? '').join('') : '';
}

/** Colours and notes the flagged cells of one worksheet; returns how many cells it touched. */
function annotateSheet(sheet: Worksheet, findings: Finding[]): number {
  const byCell = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!f.cell) continue;
    const list = byCell.get(f.cell) ?? [];
    list.push(f);
    byCell.set(f.cell, list);
  }
  let touched = 0;
  for (const [ref, list] of byCell) {
    let cell: Cell;
    try {
      cell = sheet.getCell(ref);
    } catch {
      continue;
    }
    if (cell.isMerged && cell.master && cell.master.address !== cell.address) cell = cell.master;
    const hasError = list.some((f) => f.severity === 'error');
    ownStyle(cell);
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: hasError ? ERROR_FILL_ARGB : WARNING_FILL_ARGB } };
    const ordered = [...list].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
    const ours = ordered.map((f) => `【${SEVERITY_TEXT[f.severity]}】${f.message}`).join('\n');
    const before = noteText(cell);
    const text = before ? `${before}\n——\n${ours}` : ours;
    cell.note = { texts: [{ text, font: { size: 10, name: '宋体' } }] } as Cell['note'];
    touched++;
  }
  return touched;
}

/** How much of a finding's value the 校验结果 sheet quotes. */
const VALUE_PREVIEW = 200;

function displayValue(value: Finding['value']): string {
  if (value === null) return '';
  const chars = [...String(value)];
  return chars.length > VALUE_PREVIEW ? `${chars.slice(0, VALUE_PREVIEW).join('')}……` : chars.join('');
}

/** Adds the 校验结果 sheet (at the end; the caller moves it first). */
function addSummarySheet(workbook: Workbook, inputPath: string, flagged: Flagged[], content: CopyContent, reason: string | null): Worksheet {
  let name = SUMMARY_SHEET;
  for (let i = 2; workbook.getWorksheet(name); i++) name = `${SUMMARY_SHEET}${i}`;
  const sheet = workbook.addWorksheet(name);
  const columns = [
    { label: '序号', width: 6 },
    { label: '工作表', width: 14 },
    { label: '单元格', width: 9 },
    { label: '级别', width: 7 },
    { label: '栏目', width: 18 },
    { label: '原值', width: 24 },
    { label: '问题及修改要求', width: 60 },
  ];
  sheet.columns = columns.map((c) => ({ width: c.width }));
  const sorted = sortFindings(flagged);
  const errors = sorted.filter((f) => f.finding.severity === 'error').length;

  sheet.mergeCells('A1:G1');
  const title = sheet.getCell('A1');
  title.value = `${basename(inputPath)} 校验结果`;
  title.font = { ...TITLE_FONT, size: 16 };
  title.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  sheet.getRow(1).height = 32;

  sheet.mergeCells('A2:G2');
  const line = sheet.getCell('A2');
  const counts = `共 ${sorted.length} 个问题：错误 ${errors} 个（必须修改），警告 ${sorted.length - errors} 个（请核实）。`;
  const marked = '有问题的单元格已标色（红色为错误，黄色为警告），鼠标移到单元格上可看批注。';
  const how =
    content === 'original'
      ? `原表中${marked}请修改后重新报送。`
      : content === 'rebuilt'
        ? `${marked}注意：${reason ?? ''}，这份副本是按读出的内容重建的，原表的字体、颜色、边框和公式没有保留，请在原文件中修改后重新报送。`
        : `${reason ?? ''}，未能在原表上标注。以下列出全部问题，请对照原表修改后重新报送。`;
  line.value = `${counts}${how}`;
  line.font = BODY_FONT;
  line.alignment = { horizontal: 'left', vertical: 'middle', wrapText: true };
  sheet.getRow(2).height = heightForLines(wrappedLines(String(line.value), 130), 22);

  const header = sheet.getRow(3);
  columns.forEach((c, i) => {
    styleHeaderCell(header.getCell(i + 1), c.label);
  });
  header.height = 24;

  sorted.forEach((f, i) => {
    const row = sheet.getRow(4 + i);
    const values = [
      i + 1,
      f.sheet ?? '',
      f.finding.cell ?? '',
      SEVERITY_TEXT[f.finding.severity],
      (f.finding.field ?? '').replace(/\s+/g, ''),
      displayValue(f.finding.value),
      f.finding.message,
    ];
    let lines = 1;
    values.forEach((v, c) => {
      const cell = row.getCell(c + 1);
      // Text from the submission stays text (never a formula): plain strings only.
      cell.value = typeof v === 'number' ? v : v === '' ? null : String(v);
      cell.font = BODY_FONT;
      cell.border = THIN_BORDERS;
      cell.alignment = { horizontal: c <= 3 ? 'center' : 'left', vertical: 'middle', wrapText: true };
      if (typeof v === 'string' && v) lines = Math.max(lines, wrappedLines(v, columns[c]!.width));
    });
    row.getCell(4).fill = {
      type: 'pattern',
      pattern: 'solid',
      fgColor: { argb: f.finding.severity === 'error' ? ERROR_FILL_ARGB : WARNING_FILL_ARGB },
    };
    row.height = heightForLines(lines, 22);
  });

  sheet.views = [{ state: 'frozen', xSplit: 0, ySplit: 3, topLeftCell: 'A4', activeCell: 'A4' }];
  sheet.pageSetup = {
    ...sheet.pageSetup,
    paperSize: 9 as never,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: 0.59, right: 0.59, top: 0.59, bottom: 0.79, header: 0.3, footer: 0.3 },
    printTitlesRow: '3:3',
  };
  sheet.headerFooter = { oddFooter: '&C第 &P 页，共 &N 页' };
  return sheet;
}

/** Puts `sheet` first and makes it the one shown on opening (and the only selected tab). */
function moveFirst(workbook: Workbook, sheet: Worksheet): void {
  // exceljs orders sheets by `orderNo` (absent from its typings).
  const order = (s: Worksheet, n: number) => ((s as unknown as { orderNo: number }).orderNo = n);
  const others = workbook.worksheets.filter((s) => s !== sheet);
  order(sheet, 0);
  others.forEach((s, i) => {
    order(s, i + 1);
    for (const view of s.views ?? []) (view as { tabSelected?: boolean }).tabSelected = false;
  });
  sheet.views = sheet.views.map((v) => ({ ...v, tabSelected: true }) as unknown as typeof v);
  const views = workbook.views?.length ? workbook.views : [{}];
  workbook.views = views.map((v) => ({ ...v, activeTab: 0, firstSheet: 0, visibility: 'visible' })) as Workbook['views'];
}

function bySheet(flagged: Flagged[]): Map<string, Finding[]> {
  const map = new Map<string, Finding[]>();
  for (const f of flagged) {
    if (!f.sheet || !f.finding.cell) continue;
    const list = map.get(f.sheet) ?? [];
    list.push(f.finding);
    map.set(f.sheet, list);
  }
  return map;
}

/** Marks the flagged cells, adds 校验结果 first; returns how many cells were marked. */
function finish(workbook: Workbook, inputPath: string, flagged: Flagged[], content: CopyContent, reason: string | null): number {
  let cells = 0;
  for (const [name, findings] of bySheet(flagged)) {
    const sheet = workbook.getWorksheet(name);
    if (sheet) cells += annotateSheet(sheet, findings);
  }
  const summary = addSummarySheet(workbook, inputPath, flagged, content, reason);
  moveFirst(workbook, summary);
  return cells;
}

function fixedProperties(workbook: Workbook): void {
  workbook.creator = 'xmb';
  workbook.lastModifiedBy = 'xmb';
  workbook.created = FIXED_DATE;
  workbook.modified = FIXED_DATE;
}

/** The temporary file a copy is written to and read back from, next to its final place. */
function tempPath(outPath: string, attempt: string): string {
  makeFolder(dirname(outPath));
  return join(dirname(outPath), `.${basename(outPath)}.${process.pid}.${attempt}.tmp.xlsx`);
}

/** Writes `bytes` to the temporary file of `attempt` (nothing is left behind if that fails). */
function writeTemp(outPath: string, attempt: string, bytes: Uint8Array): string {
  const temp = tempPath(outPath, attempt);
  try {
    writeFileSync(temp, bytes);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  return temp;
}

/**
 * Writes `bytes` to a temporary file, reads it back with xmb's reader and compares it with
 * `original`. Returns the differences ([] = the copy holds everything) and the temporary path,
 * which the caller renames or removes.
 */
async function writeAndCheck(bytes: Uint8Array, outPath: string, attempt: string, original: WorkbookModel): Promise<{ temp: string; differences: Difference[] }> {
  const temp = writeTemp(outPath, attempt, bytes);
  const back = await readWorkbook(temp, { convert: false });
  const differences: Difference[] = back.ok
    ? compareWorkbooks(original, back.workbook)
    : [{ sheet: '', cell: null, before: '可读取的工作簿', after: '无法读取' }];
  return { temp, differences };
}

function differenceText(differences: Difference[]): string {
  const first = differences[0]!;
  const more = differences.length >= 20 ? '至少 20 处' : `${differences.length} 处`;
  return `原表按原样另存会改变 ${more}内容（如 ${describeDifference(first)}）`;
}

/** Loads the original with exceljs for marking, or says why it cannot be. */
async function loadOriginal(excel: ExcelJS, inputPath: string, convertedFrom: string | undefined): Promise<Workbook | string> {
  if (convertedFrom || !/\.(xlsx|xlsm)$/i.test(inputPath)) return '原文件不是 .xlsx 格式（如 .xls/.et），不能在原文件上直接标注';
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(inputPath);
  } catch {
    return '原文件无法再次读取';
  }
  const unsafe = unsafeForExceljs(bytes);
  if (unsafe) return `${unsafe}，在原文件上标注会耗尽时间和内存`;
  try {
    const loaded = new excel.Workbook();
    await loaded.xlsx.load(withExplicitFormats(bytes) as unknown as ArrayBuffer);
    if (loaded.worksheets.length === 0) return '原文件的结构特殊，不能按原样另存';
    fixTheme(loaded);
    return loaded;
  } catch {
    return '原文件的结构特殊，不能按原样另存';
  }
}

/**
 * Writes the annotated copy of `inputPath` to `outPath`, from the results of that file (all its
 * tables): the marked original, else a marked workbook rebuilt from the values xmb read, else only
 * the 校验结果 sheet (see the module note). The input is never changed; a copy that would not hold
 * every value of the original is never left at `outPath`. `convert` as for the reader (LibreOffice
 * for .xls/.et). Returns what was written and why.
 */
export async function writeAnnotatedCopy(
  inputPath: string,
  results: TableResult[],
  outPath: string,
  options: { convert?: boolean } = {},
): Promise<AnnotateOutcome> {
  const excel = await loadExcelJS();
  const flagged: Flagged[] = results.flatMap((r) => r.issues.map((finding) => ({ finding, sheet: r.sheet })));
  const outcome = (content: CopyContent, reason: string | null, cells: number): AnnotateOutcome => ({
    path: outPath,
    content,
    reason,
    cells,
    findings: flagged.length,
  });

  let reason: string | null = null;
  let original: WorkbookModel | null = null;
  let convertedFrom: string | undefined;
  if (flagged.some((f) => FILE_LEVEL_CODES.has(f.finding.code))) reason = '原文件无法打开或格式不支持';
  else {
    const read = await readWorkbook(inputPath, { convert: options.convert !== false });
    if (!read.ok) reason = '原文件无法读取';
    else {
      original = read.workbook;
      convertedFrom = read.convertedFrom;
    }
  }

  if (original) {
    // 1. The district's own workbook, marked.
    const loaded = await loadOriginal(excel, inputPath, convertedFrom);
    let widths: SheetWidths | undefined;
    if (typeof loaded === 'string') reason = loaded;
    else {
      widths = widthsOf(loaded);
      reconcileValues(loaded, original);
      loaded.lastModifiedBy = 'xmb';
      loaded.modified = loaded.created ?? FIXED_DATE;
      const cells = finish(loaded, inputPath, flagged, 'original', null);
      const { temp, differences } = await writeAndCheck(await workbookBytes(loaded), outPath, 'original', original);
      if (differences.length === 0) return commit(temp, outPath, outcome('original', null, cells));
      rmSync(temp, { force: true });
      reason = differenceText(differences);
    }

    // 2. A workbook rebuilt from what xmb read, marked.
    const truncated = original.sheets.find((s) => s.truncated);
    if (truncated) reason = `${reason}；工作表“${truncated.name}”超过读取上限，无法按读出的内容完整重建`;
    else {
      try {
        const rebuilt = rebuildWorkbook(excel, original, widths);
        fixedProperties(rebuilt);
        const cells = finish(rebuilt, inputPath, flagged, 'rebuilt', reason);
        const { temp, differences } = await writeAndCheck(await workbookBytes(rebuilt), outPath, 'rebuilt', original);
        if (differences.length === 0) return commit(temp, outPath, outcome('rebuilt', reason, cells));
        rmSync(temp, { force: true });
        reason = `${reason}；按读出的内容重建也不能完整保留（如 ${describeDifference(differences[0]!)}）`;
      } catch {
        reason = `${reason}；按读出的内容重建也未成功`;
      }
    }
  }

  // 3. Only the 校验结果 sheet.
  const workbook = new excel.Workbook();
  fixedProperties(workbook);
  const summary = addSummarySheet(workbook, inputPath, flagged, 'summary', reason);
  moveFirst(workbook, summary);
  const temp = writeTemp(outPath, 'summary', await workbookBytes(workbook));
  return commit(temp, outPath, outcome('summary', reason, 0));
}

/** Renames the checked temporary file into place (removing it if that fails). */
function commit(temp: string, outPath: string, result: AnnotateOutcome): AnnotateOutcome {
  try {
    renameSync(temp, outPath);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  return result;
}
