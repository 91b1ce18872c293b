/**
 * The weekly merged workbook of one recipient (xmb merge --week): lays out what src/merge/ decided.
 *
 *   one sheet per kind (进度滞后 / 省领导联系 / 市领导联系 / 白名单) in the official layout of its 附件:
 *     title (the year of the week's deadline, not the config's), 填表日期 = the merge date, the template's columns, rows renumbered 1…n in
 *     the roster's group order, a 合计 row, then the extra columns 报送组别 and 来源文件;
 *   报送情况: every group × kind of the recipient — status, file, receipt time, rows, findings;
 *   本周变化: against the previous week — warnings first (截至完成投资 down, a project reported by
 *     two groups), then projects added, dropped, investment moved, 落实情况 changed, groups not
 *     compared. The investment columns only when a kind has amounts; a 落实情况 column for the 白名单.
 *   A kind without amount columns (白名单) gets a 合计 row that counts its projects by 落实情况.
 *
 * Printed things are Chinese only (sheet names, headers, kinds, statuses, notes); groups are written
 * as the notice writes them (第三组), weeks without a leading zero (2022年第9周).
 *
 * The base font is 宋体 11 (SONG_METRICS), as in a Chinese Excel: column widths then mean the same in
 * Excel, WPS and LibreOffice, and every row is given the height its wrapped text needs (no program
 * fits rows by itself when it opens the file). Widths below are in 宋体 units; the kinds' widths
 * (KINDS, in the templates' Calibri units) are converted so that a column keeps its width on paper.
 *
 * exceljs is passed in (the command imports it lazily). Document dates are the week's deadline, so
 * the same inputs give the same bytes. The three workbooks of a week are written as one set
 * (writeMergedWorkbooks): all or none replaced.
 */
import { basename } from 'node:path';
import type ExcelJSNamespace from 'exceljs';
import type { Cell, Workbook } from 'exceljs';
import type { Config } from '../config/schema.js';
import { groupName } from '../config/group-name.js';
import { KINDS, kindTitle, type FieldId, type KindId } from '../schema/kinds.js';
import { formatWall, weekLabel, weekRange } from '../time/index.js';
import type { KindChanges, NotCompared } from '../merge/changes.js';
import type { MergePlan, RecipientOutput } from '../merge/plan.js';
import type { MergedKind, OutputValue } from '../merge/rows.js';
import { receivedLaterNote, STATUS_LABELS, type SubmissionStatus } from '../merge/select.js';
import { summariseWarnings } from '../merge/warnings.js';
import {
  fitColumnWidths,
  layoutOfficialSheet,
  SONG_METRICS,
  songWidth,
  writeDataRow,
  writeTotalRow,
  type OfficialColumn,
  type OfficialSheetOptions,
  type OfficialValue,
} from './official-sheet.js';
import { setFixedMetadata, workbookBytes, writeFileSet, type FileSetOps } from './save.js';

type ExcelJS = typeof ExcelJSNamespace;

export const STATUS_SHEET = '报送情况';
export const CHANGES_SHEET = '本周变化';
/**
 * The columns added after a kind's own: the group (第十六组 fits one line) and the file the row came
 * from — its name only, without folders, in 9 pt so that one of xmb's filed names
 * (第09组_惠济区_进度滞后+省领导联系+市领导联系_20220304-0919.xlsx) takes two lines at most.
 */
export const EXTRA_COLUMNS: OfficialColumn[] = [
  { label: '报送组别', width: 9, type: 'district' },
  { label: '来源文件', width: 28, type: 'text', fontSize: 9 },
];

/**
 * The paper of a recipient's workbook, every sheet alike: its kinds' template paper — A3 for 进度滞后
 * and 省市领导联系, A4 for the 白名单 (its table with the two added columns prints on A4 landscape at
 * about the scale the others print on A3).
 */
export function workbookPaper(kinds: readonly KindId[]): 'A3' | 'A4' {
  return kinds.every((k) => KINDS[k].paper === 'A4') ? 'A4' : 'A3';
}

/** The layout options every sheet of a recipient's workbook shares. */
function sheetOptions(output: RecipientOutput): Pick<OfficialSheetOptions, 'paper' | 'metrics'> {
  return { paper: workbookPaper(output.kinds), metrics: SONG_METRICS };
}

/** Fills that mark a status or a warning on screen and in a colour print; the text says it too. */
const FILLS: Partial<Record<SubmissionStatus | 'warning' | 'excluded', string>> = {
  late: 'FFFCE4C4',
  missing: 'FFF8CBAD',
  invalid: 'FFF8CBAD',
  superseded: 'FFEDEDED',
  excluded: 'FFF8CBAD',
  warning: 'FFFFF2CC',
};

function fill(cell: Cell, argb: string | undefined): void {
  if (argb) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb } };
}

function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** 3 → 第三组, as the notice writes it (附件1). */
export function groupLabel(group: number): string {
  return groupName(group);
}

function weekSpan(plan: MergePlan, config: Config): string {
  const { days } = weekRange(plan.week, config.timeZone);
  return `${weekLabel(plan.week)}（${chineseDate(days[0]!)}至${chineseDate(days[6]!).replace(/^\d+年/, '')}）`;
}

function toOfficial(value: OutputValue | undefined): OfficialValue {
  if (!value || value.type === 'blank') return null;
  return value.type === 'number' ? value.value : value.text;
}

function writeKindSheet(workbook: Workbook, merged: MergedKind, output: RecipientOutput, plan: MergePlan, config: Config): void {
  const spec = KINDS[merged.kind];
  const sheet = workbook.addWorksheet(spec.shortName);
  const kindColumns: OfficialColumn[] = [...spec.fields.map((f) => ({ label: f.label, width: songWidth(f.width), type: f.type })), ...EXTRA_COLUMNS];
  const rows: OfficialValue[][] = merged.rows.map((row) => [
    ...spec.fields.map((f) => (f.id === 'serial' ? row.serial : toOfficial(row.values[f.id]))),
    groupLabel(row.group),
    basename(row.source.file),
  ]);
  if (rows.length === 0) {
    const values: OfficialValue[] = kindColumns.map(() => null);
    const nameIndex = spec.fields.findIndex((f) => f.id === 'name');
    values[Math.max(0, nameIndex)] = '本周无报送数据';
    rows.push(values);
  }
  const sums = new Map<number, number>();
  spec.fields.forEach((f, i) => {
    const total = merged.totals[f.id as FieldId];
    if (total !== undefined) sums.set(i, total);
  });
  const columns = fitColumnWidths(kindColumns, [...rows, kindColumns.map((_, i) => sums.get(i) ?? null)], SONG_METRICS);
  const layout = layoutOfficialSheet(sheet, {
    kind: merged.kind,
    year: plan.year,
    title: kindTitle(merged.kind, plan.year),
    fillDateText: `填表日期：${chineseDate(plan.mergeDate)}`,
    reportingUnitText: `${weekSpan(plan, config)}汇总`,
    columns,
    ...sheetOptions(output),
  });
  let rowNumber = layout.firstDataRow;
  for (const values of rows) writeDataRow(sheet, layout, rowNumber++, values);
  const totalRow = writeTotalRow(sheet, layout, rowNumber, sums);
  if (merged.amountFields.length === 0) {
    // Nothing to add up (白名单): the 合计 row counts the projects, by 落实情况 when there is one,
    // across the kind's columns after 序号.
    const from = spec.fields[0]?.id === 'serial' ? 1 : 0;
    const cell = totalRow.getCell(from + 1);
    cell.value = projectCountText(merged);
    cell.alignment = { horizontal: 'left', vertical: 'middle', wrapText: true, indent: 1 };
    const to = spec.fields.length - 1;
    if (to > from) sheet.mergeCells(`${layout.letters[from]}${rowNumber}:${layout.letters[to]}${rowNumber}`);
  }
}

/** “共 52 个项目：已落实 30，部分落实 15，未落实 7” (or “共 52 个项目” for a kind without 落实情况). */
export function projectCountText(merged: MergedKind): string {
  const head = `共 ${merged.rows.length} 个项目`;
  if (!merged.statusCounts || merged.rows.length === 0) return head;
  const parts = Object.entries(merged.statusCounts).map(([status, n]) => `${status} ${n}`);
  return `${head}：${parts.join('，')}`;
}

interface StatusLine {
  values: OfficialValue[];
  status: SubmissionStatus | 'excluded';
}

function writeStatusSheet(workbook: Workbook, output: RecipientOutput, plan: MergePlan, config: Config): void {
  const sheet = workbook.addWorksheet(STATUS_SHEET);
  const columns: OfficialColumn[] = [
    { label: '序号', width: 5, type: 'serial' },
    { label: '组别', width: 9, type: 'district' },
    { label: '区县', width: 11, type: 'district' },
    { label: '组长', width: 8, type: 'district' },
    { label: '报表', width: 11, type: 'district' },
    { label: '状态', width: 9, type: 'district' },
    { label: '文件', width: 38, type: 'text', fontSize: 9 },
    { label: '收到时间', width: 17, type: 'date' },
    { label: '行数', width: 6, type: 'serial' },
    { label: '错误', width: 6, type: 'serial' },
    { label: '警告', width: 6, type: 'serial' },
    { label: '说明', width: 40, type: 'text' },
  ];
  const leaders = new Map(config.groups.map((g) => [g.number, g.members[0] ?? '']));
  const time = (d: Date) => formatWall(d, config.timeZone, 'yyyy-MM-dd HH:mm');
  const lines: StatusLine[] = [];
  for (const cell of plan.selection.cells) {
    if (!output.kinds.includes(cell.kind)) continue;
    const base = [groupLabel(cell.group), cell.district, leaders.get(cell.group) ?? '', KINDS[cell.kind].shortName];
    const notes = cell.elsewhere.map(
      (s) => `本周收到的 ${basename(s.file)} 填表日期为 ${s.fillDate}，计入${weekLabel(s.week)}`,
    );
    if (cell.submissions.length === 0) {
      lines.push({ status: 'missing', values: [...base, STATUS_LABELS.missing, null, null, null, null, null, notes.join('；') || null] });
      continue;
    }
    for (const ranked of cell.submissions) {
      const { submission: s, status } = ranked;
      const note: string[] = [];
      if (status === 'invalid') note.push(`有错误，未汇总：${s.firstError ?? ''}（请退回该组修改后重新报送）`);
      if (status === 'superseded' && !ranked.receivedLater) note.push('已有更晚收到的有效表格，本表未汇总');
      const later = receivedLaterNote(ranked, plan.week);
      if (later) note.push(later);
      if (status === 'late' && !ranked.receivedLater) note.push(`截止后收到，已汇总`);
      if (s.receivedFrom === 'mtime') note.push('未经收件登记，收到时间按文件修改时间');
      if (s.weekFrom === 'receipt') note.push('表中无填表日期，按收到时间计周');
      // The warnings, named: the 警告 column gives their number, this says which.
      const warnings = summariseWarnings(s.warningFindings, s.weekFrom === 'receipt' ? ['filldate-missing'] : []);
      if (warnings) note.push(`警告：${warnings}`);
      lines.push({
        status,
        values: [...base, STATUS_LABELS[status], basename(s.file), time(s.receivedAt), s.rows, s.errors, s.warnings, [...note, ...notes].join('；') || null],
      });
    }
  }
  for (const { submission: s, reason } of plan.selection.excluded) {
    if (s.kind !== null && !output.kinds.includes(s.kind)) continue;
    const warnings = summariseWarnings(s.warningFindings);
    const group = s.group === null ? '未知' : groupLabel(s.group);
    const kind = s.kind === null ? '未识别' : KINDS[s.kind].shortName;
    lines.push({
      status: 'excluded',
      values: [group, s.district ?? '', '', kind, '未计入', basename(s.file), time(s.receivedAt), s.rows, s.errors, s.warnings, warnings ? `${reason}；警告：${warnings}` : reason],
    });
  }
  const rows = lines.map((line, i) => [i + 1, ...line.values]);
  const deadline = formatWall(plan.deadline, config.timeZone, 'M月d日 HH:mm');
  const layout = layoutOfficialSheet(sheet, {
    kind: output.kinds[0]!,
    year: plan.year,
    title: `${weekLabel(plan.week)}${output.recipient.report}报送情况`,
    fillDateText: `填表日期：${chineseDate(plan.mergeDate)}`,
    reportingUnitText: `报送截止：${deadline}（${config.timeZone === 'Asia/Shanghai' ? '北京时间' : config.timeZone}）`,
    columns: fitColumnWidths(columns, rows, SONG_METRICS),
    ...sheetOptions(output),
  });
  let rowNumber = layout.firstDataRow;
  lines.forEach((line, i) => {
    const row = writeDataRow(sheet, layout, rowNumber++, rows[i]!);
    fill(row.getCell(6), FILLS[line.status]);
  });
}

interface ChangeLine {
  kind: KindId;
  change: string;
  group: string;
  district: string;
  name: string;
  before: number | null;
  after: number | null;
  delta: number | null;
  /** 落实情况 (白名单): the project's, or “未落实 → 已落实” for a change. */
  status: string | null;
  note: string;
  warning: boolean;
}

function notComparedNote(n: NotCompared): string {
  const projects = (count: number) => (count === 0 ? '无项目' : `${count}个项目`);
  if (n.reason === 'no-previous')
    return `上周${n.status === 'invalid' ? '表格有错误未汇总' : '未报送'}，无从比较（本周${projects(n.projects)}）`;
  return `本周${n.status === 'invalid' ? '表格有错误未汇总' : '未报送'}（上周${projects(n.projects)}）`;
}

export function changeLines(changes: KindChanges): ChangeLine[] {
  const lines: ChangeLine[] = [];
  const kind = changes.kind;
  for (const m of changes.decreased)
    lines.push({
      kind,
      change: '完成投资下降',
      group: groupLabel(m.group),
      district: m.district,
      name: m.name,
      before: m.before,
      after: m.after,
      delta: m.delta,
      status: m.status,
      note: '截至完成投资比上周减少，请与该组核实',
      warning: true,
    });
  for (const d of changes.duplicates)
    lines.push({
      kind,
      change: '多组重复报送',
      group: d.groups.map((g) => groupLabel(g.group)).join('、'),
      district: d.groups.map((g) => g.district).join('、'),
      name: d.name,
      before: null,
      after: null,
      delta: null,
      status: null,
      note: '同一项目由多个组报送，请核实归属，避免重复统计',
      warning: true,
    });
  for (const a of changes.added)
    lines.push({ kind, change: '新增', group: groupLabel(a.group), district: a.district, name: a.name, before: null, after: a.completed, delta: null, status: a.status, note: '', warning: false });
  for (const d of changes.dropped)
    lines.push({ kind, change: '移出', group: groupLabel(d.group), district: d.district, name: d.name, before: d.completed, after: null, delta: null, status: d.status, note: '上周报送、本周未列入', warning: false });
  for (const m of changes.moved.filter((x) => x.delta > 0))
    lines.push({ kind, change: '完成投资增加', group: groupLabel(m.group), district: m.district, name: m.name, before: m.before, after: m.after, delta: m.delta, status: m.status, note: '', warning: false });
  for (const c of changes.statusChanges)
    lines.push({
      kind,
      change: '落实情况变化',
      group: groupLabel(c.group),
      district: c.district,
      name: c.name,
      before: null,
      after: null,
      delta: null,
      status: `${c.before} → ${c.after}`,
      note: '',
      warning: false,
    });
  for (const n of changes.notCompared)
    lines.push({
      kind,
      change: '未比较',
      group: groupLabel(n.group),
      district: n.district,
      name: '',
      before: null,
      after: null,
      delta: null,
      status: null,
      note: notComparedNote(n),
      warning: false,
    });
  return lines;
}

function writeChangesSheet(workbook: Workbook, output: RecipientOutput, plan: MergePlan): void {
  const sheet = workbook.addWorksheet(CHANGES_SHEET);
  // Investment columns only where some kind has amounts; a 落实情况 column only where some kind has one (白名单).
  const investment = output.merged.some((m) => m.amountFields.length > 0);
  const statuses = output.merged.some((m) => m.statusCounts !== null);
  type Column = OfficialColumn & { value: (line: ChangeLine, serial: number) => OfficialValue };
  const all: (Column | false)[] = [
    { label: '序号', width: 5, type: 'serial', value: (_, i) => i },
    { label: '报表', width: 11, type: 'district', value: (l) => KINDS[l.kind].shortName },
    { label: '变化', width: 13, type: 'district', value: (l) => l.change },
    { label: '组别', width: 15, type: 'district', value: (l) => l.group },
    { label: '区县', width: 13, type: 'district', value: (l) => l.district },
    { label: '项目名称', width: 36, type: 'text', value: (l) => l.name || null },
    investment && { label: '上周截至完成投资\n(万元)', width: 16, type: 'amount', value: (l) => l.before },
    investment && { label: '本周截至完成投资\n(万元)', width: 16, type: 'amount', value: (l) => l.after },
    investment && { label: '变化额\n(万元)', width: 12, type: 'amount', value: (l) => l.delta },
    statuses && { label: '落实情况\n(上周→本周)', width: 18, type: 'district', value: (l) => l.status },
    { label: '说明', width: investment ? 42 : 46, type: 'text', value: (l) => l.note || null },
  ];
  const columns = all.filter((c): c is Column => c !== false);
  const lines = output.changes.flatMap(changeLines);
  const rows: OfficialValue[][] =
    lines.length > 0
      ? lines.map((line, i) => columns.map((c) => c.value(line, i + 1)))
      : [columns.map((c) => (c.label === '变化' ? '无变化' : c.label === '项目名称' ? '与上周相比没有变化' : null))];
  const plain = columns.map(({ label, width, type }) => ({ label, width, type }));
  const layout = layoutOfficialSheet(sheet, {
    kind: output.kinds[0]!,
    year: plan.year,
    title: `${weekLabel(plan.week)}${output.recipient.report}本周变化`,
    fillDateText: `填表日期：${chineseDate(plan.mergeDate)}`,
    reportingUnitText: `对比：${weekLabel(plan.previous.week)}（按收件文件夹重新计算）`,
    columns: fitColumnWidths(plain, rows, SONG_METRICS),
    ...sheetOptions(output),
  });
  let rowNumber = layout.firstDataRow;
  rows.forEach((values, i) => {
    const row = writeDataRow(sheet, layout, rowNumber++, values);
    if (lines[i]?.warning) for (let c = 1; c <= columns.length; c++) fill(row.getCell(c), FILLS.warning);
  });
}

/** The document date: the week's deadline, as a plain Date (exceljs writes it in UTC). */
function documentDate(plan: MergePlan): Date {
  return new Date(plan.deadline.getTime());
}

export function buildMergedWorkbook(excel: ExcelJS, output: RecipientOutput, plan: MergePlan, config: Config): Workbook {
  const workbook = new excel.Workbook();
  setFixedMetadata(workbook, documentDate(plan));
  workbook.title = `${weekLabel(plan.week)}${output.recipient.report}`;
  for (const merged of output.merged) writeKindSheet(workbook, merged, output, plan, config);
  writeStatusSheet(workbook, output, plan, config);
  writeChangesSheet(workbook, output, plan);
  return workbook;
}

/** One recipient's workbook as .xlsx bytes: deterministic, with 宋体 as the base font. */
export async function mergedWorkbookBytes(excel: ExcelJS, output: RecipientOutput, plan: MergePlan, config: Config): Promise<Uint8Array> {
  const workbook = buildMergedWorkbook(excel, output, plan, config);
  return workbookBytes(workbook, documentDate(plan), { baseFont: SONG_METRICS.baseFont });
}

/**
 * Writes the recipients' workbooks of a week as one set (writeFileSet): every workbook is built
 * first, then all are written to temporary files and renamed into place together; if one cannot
 * be (a workbook open in Excel), none of the old set is replaced and a FileSetError names the file.
 * `ops` replaces the file-system calls (tests).
 */
export async function writeMergedWorkbooks(
  targets: readonly { path: string; output: RecipientOutput }[],
  plan: MergePlan,
  config: Config,
  ops?: FileSetOps,
): Promise<void> {
  const excel = (await import('exceljs')).default;
  const files: { path: string; data: Uint8Array }[] = [];
  for (const { path, output } of targets) files.push({ path, data: await mergedWorkbookBytes(excel, output, plan, config) });
  writeFileSet(files, ops);
}
