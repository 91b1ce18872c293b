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
import type { Cell, Row, Workbook, Worksheet } from 'exceljs';
import { loadExcelJS, type ExcelJS } from './exceljs-module.js';
import type { Config } from '../config/schema.js';
import { groupName } from '../config/group-name.js';
import { KINDS, kindTitle, type FieldId, type KindId } from '../schema/kinds.js';
import { formatWall, weekLabel, weekRange } from '../time/index.js';
import type { DropReason, KindChanges, NotCompared } from '../merge/changes.js';
import { leaderPages, type LeaderPage } from '../merge/leaders.js';
import { lightNote, lightsLegend, lightWord, LIGHT_WORDS, type Light } from '../merge/lights.js';
import { alertRows, countLights, type KindLights, type RowLight } from '../merge/progress.js';
import type { MergePlan, RecipientOutput } from '../merge/plan.js';
import type { MergedKind, OutputValue } from '../merge/rows.js';
import { receivedLaterNote, STATUS_LABELS, type SubmissionStatus } from '../merge/select.js';
import { summariseWarnings } from '../merge/warnings.js';
import {
  columnLetter,
  fitColumnWidths,
  linesHeight,
  rowHeight,
  wrappedLines,
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

export const STATUS_SHEET = '报送情况';
export const CHANGES_SHEET = '本周变化';
export const ALERT_SHEET = '进度预警';

/**
 * The light columns added to 附件2/3/4 sheets (before 报送组别): 完成率 and 序时进度 in percent with one
 * decimal, and the light's word — 红 / 黄 / 绿 / 存疑 — so that a black-and-white print says it too.
 * The 完成率 and 亮灯 cells are filled in the light's colour.
 */
export const LIGHT_COLUMNS: OfficialColumn[] = [
  { label: '完成率\n(%)', width: 8, type: 'serial' },
  { label: '序时进度\n(%)', width: 9, type: 'serial' },
  { label: '亮灯', width: 6, type: 'district' },
];

/** Fills of the lights: light tints, so that the black word stays readable on screen and in print. */
export const LIGHT_FILLS: Record<'red' | 'yellow' | 'green' | 'doubt', string> = {
  red: 'FFFF8B8B',
  yellow: 'FFFFE38A',
  green: 'FFB9E3A3',
  doubt: 'FFD0D0D0',
};

const PERCENT_FORMAT = '0.0';

function lightFill(light: Light): string | undefined {
  return light.state === 'light' ? LIGHT_FILLS[light.colour] : light.state === 'doubt' ? LIGHT_FILLS.doubt : undefined;
}

function lightValues(light: Light | undefined): OfficialValue[] {
  if (!light) return [null, null, null];
  if (light.state === 'none') return [null, light.schedule, '—'];
  return [light.rate, light.schedule, lightWord(light)];
}

/** Styles the three light cells of a row that starts them at column `first` (1-based). */
function styleLightCells(row: Row, first: number, light: Light | undefined): void {
  row.getCell(first).numFmt = PERCENT_FORMAT;
  row.getCell(first + 1).numFmt = PERCENT_FORMAT;
  if (!light) return;
  const argb = lightFill(light);
  fill(row.getCell(first), argb);
  fill(row.getCell(first + 2), argb);
  if (light.state === 'doubt' || (light.state === 'light' && light.colour === 'red')) {
    const word = row.getCell(first + 2);
    word.font = { ...(word.font ?? {}), bold: true };
  }
}
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
  const lights = output.lights.find((l) => l.kind === merged.kind);
  const kindColumns: OfficialColumn[] = [
    ...spec.fields.map((f) => ({ label: f.label, width: songWidth(f.width), type: f.type })),
    ...(lights ? LIGHT_COLUMNS : []),
    ...EXTRA_COLUMNS,
  ];
  const rows: OfficialValue[][] = merged.rows.map((row, i) => [
    ...spec.fields.map((f) => (f.id === 'serial' ? row.serial : toOfficial(row.values[f.id]))),
    ...(lights ? lightValues(lights.rows[i]?.light) : []),
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
  rows.forEach((values, i) => {
    const row = writeDataRow(sheet, layout, rowNumber++, values);
    if (lights && merged.rows.length > 0) styleLightCells(row, spec.fields.length + 1, lights.rows[i]?.light);
  });
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

function dropNote(reason: DropReason): string {
  switch (reason.code) {
    case 'other-group':
      return `上周报送、本周由${reason.groups.map(groupLabel).join('、')}报送`;
    case 'other-table':
      return `上周报送、本周列在${reason.kinds.map((k) => KINDS[k].shortName).join('、')}表中`;
    case 'plan-done':
      return '上周报送、本周未列入（上周截至完成投资已达到计划投资）';
    case 'possible-rename':
      return `上周报送、本周未列入；可能已更名为“${reason.to}”（见待核实）`;
    case 'unexplained':
      return '上周报送、本周未列入，也未说明原因，请与该组核实';
  }
}

function conflictNote(c: KindChanges['conflicts'][number]): string {
  const labels = { total: '总投资', plan: '计划投资', completed: '截至完成投资' } as const;
  const amount = (n: number | null) => (n === null ? '未填' : String(Math.round(n * 100) / 100));
  return c.fields
    .map((f) => `${labels[f]}：${c.entries.map((e) => `${groupLabel(e.group)}${KINDS[e.kind].shortName}表 ${amount(e[f])}`).join('，')}`)
    .join('；')
    .concat('（万元），请核实');
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
  for (const c of changes.conflicts)
    lines.push({
      kind,
      change: '数据不一致',
      group: [...new Set(c.entries.map((e) => groupLabel(e.group)))].join('、'),
      district: '',
      name: c.name,
      before: null,
      after: null,
      delta: null,
      status: null,
      note: conflictNote(c),
      warning: true,
    });
  for (const d of changes.dropped.filter((x) => x.reason.code === 'unexplained'))
    lines.push({ kind, change: '移出', group: groupLabel(d.group), district: d.district, name: d.name, before: d.completed, after: null, delta: null, status: d.status, note: dropNote(d.reason), warning: true });
  for (const p of changes.possible)
    lines.push({
      kind,
      change: '待核实',
      group: [...new Set([p.a.group, p.b.group])].map(groupLabel).join('、'),
      district: [...new Set([p.a.district ?? '', p.b.district ?? ''])].filter(Boolean).join('、'),
      name: `${p.a.name.trim()}（${weekLabel(p.a.week).replace(/^\d+年/, '')}${KINDS[p.a.kind].shortName}）；${p.b.name.trim()}（${weekLabel(p.b.week).replace(/^\d+年/, '')}${KINDS[p.b.kind].shortName}）`,
      before: null,
      after: null,
      delta: null,
      status: null,
      note: `${p.type === 'rename' ? '可能是更名' : '可能是同一项目'}：${p.reasons.join('；')}。暂按两个项目处理，请核实`,
      warning: true,
    });
  for (const r of changes.renamed)
    lines.push({ kind, change: '更名', group: groupLabel(r.group), district: r.district, name: `${r.from} → ${r.name}`, before: null, after: r.completed, delta: null, status: r.status, note: '所在区、总投资、起止年限与上周相同，按同一项目比较', warning: false });
  for (const a of changes.added)
    lines.push({ kind, change: '新增', group: groupLabel(a.group), district: a.district, name: a.name, before: null, after: a.completed, delta: null, status: a.status, note: '', warning: false });
  for (const d of changes.dropped.filter((x) => x.reason.code !== 'unexplained'))
    lines.push({ kind, change: '移出', group: groupLabel(d.group), district: d.district, name: d.name, before: d.completed, after: null, delta: null, status: d.status, note: dropNote(d.reason), warning: false });
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
  // A conflict or a 待核实 pair between two of the workbook's kinds is listed once.
  const seenLines = new Set<string>();
  const lines = output.changes.flatMap(changeLines).filter((l) => {
    if (l.change !== '数据不一致' && l.change !== '待核实') return true;
    const key = `${l.change}\u0000${l.name}\u0000${l.note}`;
    if (seenLines.has(key)) return false;
    seenLines.add(key);
    return true;
  });
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

/** “红 2，黄 5，绿 11，存疑 1”. */
export function countsText(rows: readonly RowLight[]): string {
  const c = countLights(rows);
  const parts = [`${LIGHT_WORDS.red} ${c.red}`, `${LIGHT_WORDS.yellow} ${c.yellow}`, `${LIGHT_WORDS.green} ${c.green}`, `${LIGHT_WORDS.doubt} ${c.doubt}`];
  if (c.none > 0) parts.push(`未亮灯 ${c.none}`);
  return parts.join('，');
}

function planValue(item: RowLight): OfficialValue {
  return toOfficial(item.row.values.plan);
}

function writeAlertSheet(workbook: Workbook, output: RecipientOutput, lights: readonly KindLights[], plan: MergePlan, config: Config): void {
  const sheet = workbook.addWorksheet(ALERT_SHEET);
  const columns: OfficialColumn[] = [
    { label: '序号', width: 5, type: 'serial' },
    { label: '组别', width: 9, type: 'district' },
    { label: '区县', width: 11, type: 'district' },
    { label: '报表', width: 11, type: 'district' },
    { label: '项目名称', width: 32, type: 'text' },
    { label: '计划投资\n(万元)', width: 13, type: 'amount' },
    { label: '截至完成投资\n(万元)', width: 13, type: 'amount' },
    ...LIGHT_COLUMNS,
    { label: '说明', width: 50, type: 'text' },
  ];
  const alerts = alertRows(lights);
  const rows: OfficialValue[][] = alerts.map(({ kind, item }, i) => [
    i + 1,
    groupLabel(item.row.group),
    item.row.district,
    KINDS[kind].shortName,
    toOfficial(item.row.values.name),
    planValue(item),
    toOfficial(item.row.values.completed),
    ...lightValues(item.light),
    lightNote(item.light, config.lights),
  ]);
  if (rows.length === 0) rows.push(columns.map((c) => (c.label === '项目名称' ? '本周没有红灯或数据存疑的项目' : null)));
  const all = lights.flatMap((k) => k.rows);
  const layout = layoutOfficialSheet(sheet, {
    kind: output.kinds[0]!,
    year: plan.year,
    title: `${weekLabel(plan.week)}${output.recipient.report}进度预警（红灯和数据存疑项目）`,
    fillDateText: `填表日期：${chineseDate(plan.mergeDate)}`,
    reportingUnitText: `本周 ${all.length} 个项目：${countsText(all)}`,
    columns: fitColumnWidths(columns, rows, SONG_METRICS),
    ...sheetOptions(output),
  });
  let rowNumber = layout.firstDataRow;
  rows.forEach((values, i) => {
    const row = writeDataRow(sheet, layout, rowNumber++, values);
    if (alerts[i]) styleLightCells(row, 8, alerts[i]!.item.light);
  });
  writeNoteRow(sheet, rowNumber + 1, columns.length, `说明：${lightsLegend(config.lights)}。`);
}

/** A note under a table, merged across it, wrapped; its height from its text. */
function writeNoteRow(sheet: Worksheet, rowNumber: number, width: number, text: string): void {
  const last = columnLetter(width);
  sheet.mergeCells(`A${rowNumber}:${last}${rowNumber}`);
  const cell = sheet.getCell(`A${rowNumber}`);
  cell.value = text;
  cell.font = { name: '宋体', size: 10, charset: 134 };
  cell.alignment = { horizontal: 'left', vertical: 'top', wrapText: true };
  const columnsWidth = (sheet.columns ?? []).reduce((n, c) => n + (c.width ?? 9), 0);
  const lines = wrappedLines(text, columnsWidth, { metrics: SONG_METRICS, fontSize: 10 });
  sheet.getRow(rowNumber).height = rowHeight(linesHeight(lines, 10, SONG_METRICS), 20, SONG_METRICS);
}

/** Characters Excel does not allow in a sheet name. */
const ILLEGAL_SHEET_CHARS = /[\\/?*[\]:：？＊／＼［］]/g;

/**
 * A sheet name Excel accepts: no \ / ? * [ ] :, not starting or ending with an apostrophe, at most
 * 31 characters, not blank, and unlike every name in `taken` (compared without case; “(2)” added).
 */
export function safeSheetName(wanted: string, taken: ReadonlySet<string>): string {
  let base = wanted.replace(ILLEGAL_SHEET_CHARS, '').replace(/^'+|'+$/g, '').trim();
  if (base === '' || base.toLowerCase() === 'history') base = '工作表';
  const fits = (text: string, room: number) => [...text].slice(0, room).join('');
  const lower = new Set([...taken].map((t) => t.toLowerCase()));
  let name = fits(base, 31);
  for (let k = 2; lower.has(name.toLowerCase()); k++) {
    const suffix = `(${k})`;
    name = fits(base, 31 - suffix.length) + suffix;
  }
  return name;
}

function leaderTitle(page: LeaderPage): string {
  return page.kind === 'provincial' ? '省分管领导' : '市分管领导';
}

function writeLeaderSheet(workbook: Workbook, page: LeaderPage, plan: MergePlan, config: Config): void {
  const taken = new Set(workbook.worksheets.map((w) => w.name));
  const sheet = workbook.addWorksheet(safeSheetName(`${page.kind === 'provincial' ? '省' : '市'}领导 ${page.leader}`, taken));
  const columns: OfficialColumn[] = [
    { label: '序号', width: 5, type: 'serial' },
    { label: '项目名称', width: 26, type: 'text' },
    { label: '项目所在地', width: 11, type: 'district' },
    { label: '报送组别', width: 9, type: 'district' },
    { label: '本年计划投资\n(万元)', width: 13, type: 'amount' },
    { label: '截至完成投资\n(万元)', width: 13, type: 'amount' },
    ...LIGHT_COLUMNS,
    { label: '进展情况', width: 26, type: 'text' },
    { label: '存在问题及\n涉及单位', width: 26, type: 'text' },
  ];
  const rows: OfficialValue[][] = page.rows.map((item, i) => [
    i + 1,
    toOfficial(item.row.values.name),
    toOfficial(item.row.values.district),
    groupLabel(item.row.group),
    planValue(item),
    toOfficial(item.row.values.completed),
    ...lightValues(item.light),
    toOfficial(item.row.values.progress),
    toOfficial(item.row.values.problems),
  ]);
  const layout = layoutOfficialSheet(sheet, {
    kind: page.kind,
    year: plan.year,
    title: `${leaderTitle(page)}${page.leader}联系重点项目进展情况`,
    fillDateText: `${weekLabel(plan.week)}　填表日期：${chineseDate(plan.mergeDate)}`,
    reportingUnitText: `共 ${page.rows.length} 个项目：${countsText(page.rows)}`,
    columns: fitColumnWidths(columns, rows, SONG_METRICS),
    paper: 'A4',
    metrics: SONG_METRICS,
  });
  // One leader's pages are handed over on their own: numbered from 1, the leader named in the footer.
  sheet.pageSetup = { ...sheet.pageSetup, firstPageNumber: 1 };
  sheet.headerFooter = { oddFooter: `&C${leaderTitle(page)}${page.leader.replace(/&/g, '&&')}　第 &P 页` };
  let rowNumber = layout.firstDataRow;
  rows.forEach((values, i) => {
    const row = writeDataRow(sheet, layout, rowNumber++, values);
    styleLightCells(row, 7, page.rows[i]!.light);
  });
  writeNoteRow(sheet, rowNumber + 1, columns.length, `说明：${lightsLegend(config.lights)}。`);
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
  if (output.lights.length > 0) writeAlertSheet(workbook, output, output.lights, plan, config);
  for (const page of leaderPages(output.lights)) writeLeaderSheet(workbook, page, plan, config);
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
  const excel = await loadExcelJS();
  const files: { path: string; data: Uint8Array }[] = [];
  for (const { path, output } of targets) files.push({ path, data: await mergedWorkbookBytes(excel, output, plan, config) });
  writeFileSet(files, ops);
}
