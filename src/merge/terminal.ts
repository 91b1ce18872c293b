/**
 * What merge and status print for a person: the group × kind matrix (cli-table3, Chinese statuses,
 * colours only when asked — i.e. when stdout is a terminal), the files that could not be counted,
 * and the 催报名单 (groups still missing a kind, with their leader and the deputy in charge).
 */
import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import type { Config } from '../config/schema.js';
import { groupName } from '../config/group-name.js';
import { KINDS, type KindId } from '../schema/kinds.js';
import { formatWall, parseWeekId, weekLabel, type WeekId } from '../time/index.js';
import type { CellSelection, Reminder, SubmissionStatus, WeekSelection } from './select.js';
import { shortWeekName, STATUS_LABELS } from './select.js';
import type { GroupCounts } from './status-summary.js';
import { terminalSafe } from '../output/terminal.js';

export interface TextOptions {
  color: boolean;
}

function painter(color: boolean): ChalkInstance {
  return new Chalk({ level: color ? 1 : 0 });
}

function paint(c: ChalkInstance, status: SubmissionStatus, text: string): string {
  switch (status) {
    case 'on-time':
      return c.green(text);
    case 'late':
      return c.yellow(text);
    case 'missing':
    case 'invalid':
      return c.red(text);
    default:
      return c.gray(text);
  }
}

function plainTable(head: string[]): Table.Table {
  return new Table({ head, style: { head: [], border: [], compact: true } });
}

function cellText(cell: CellSelection, config: Config, week: WeekId): string {
  let text = STATUS_LABELS[cell.status];
  if (cell.status === 'late' && cell.chosen) text += ` ${formatWall(cell.chosen.receivedAt, config.timeZone, 'M/d HH:mm')}`;
  const superseded = cell.submissions.filter((s) => s.status === 'superseded' && !s.receivedLater).length;
  const invalid = cell.submissions.filter((s) => s.status === 'invalid').length;
  const extra: string[] = [];
  const chosen = cell.submissions.find((s) => s.submission === cell.chosen);
  if (chosen?.receivedLater) extra.push(`${shortWeekName(chosen.receivedLater, week)}补报`);
  // tables received after the week for it, not counted: the week already had its table
  const resent = cell.submissions.filter((s) => s.status === 'superseded' && s.receivedLater);
  for (const w of [...new Set(resent.map((s) => s.receivedLater!))])
    extra.push(`${shortWeekName(w, week)}又收到${resent.filter((s) => s.receivedLater === w).length}份，未替换`);
  if (superseded) extra.push(`替代${superseded}份`);
  if (invalid && cell.status !== 'invalid') extra.push(`无效${invalid}份`);
  // received this week, counted for another week (填表日期 there): the mismatch is shown here too
  for (const w of [...new Set(cell.elsewhere.map((s) => s.week))].sort())
    extra.push(`收到${shortWeekName(w, week)}的表${cell.elsewhere.filter((s) => s.week === w).length}份`);
  return extra.length ? `${text}（${extra.join('，')}）` : text;
}

/**
 * `now` (currentTime(), so XMB_NOW applies): before the week's deadline a line under the matrix says
 * that 未报 means "not received so far".
 */
export function formatMatrix(selection: WeekSelection, config: Config, options: TextOptions & { now?: Date }): string {
  const c = painter(options.color);
  const table = plainTable(['组别', '区县', '组长', ...selection.kinds.map((k) => KINDS[k].shortName)]);
  for (const group of config.groups) {
    const cells = selection.kinds.map((kind) => selection.cells.find((x) => x.group === group.number && x.kind === kind)!);
    table.push([groupName(group.number), group.district, group.members[0] ?? '', ...cells.map((cell) => paint(c, cell.status, cellText(cell, config, selection.week)))]);
  }
  const counts = new Map<SubmissionStatus, number>();
  for (const cell of selection.cells) counts.set(cell.status, (counts.get(cell.status) ?? 0) + 1);
  const summary = (['on-time', 'late', 'invalid', 'missing'] as const).map((s) => `${STATUS_LABELS[s]} ${counts.get(s) ?? 0}`).join('，');
  const deadline = formatWall(selection.deadline, config.timeZone, 'yyyy年M月d日 HH:mm');
  const lines = [
    c.bold(`${weekLabel(selection.week)}报送情况（截止 ${deadline}）`),
    table.toString(),
    `${config.groups.length} 个组 × ${selection.kinds.length} 类：${summary}`,
  ];
  if (options.now && options.now.getTime() < selection.deadline.getTime()) {
    const short = formatWall(selection.deadline, config.timeZone, 'M月d日 HH:mm');
    lines.push(c.yellow(`本周截止时间 ${short} 尚未到，“未报”指截至目前未收到`));
  }
  return lines.join('\n');
}

export function formatExcluded(selection: WeekSelection, config: Config, options: TextOptions): string {
  if (selection.excluded.length === 0) return '';
  const c = painter(options.color);
  const lines = [c.bold('未计入汇总的文件：')];
  for (const { submission: s, reason } of selection.excluded) {
    const when = formatWall(s.receivedAt, config.timeZone, 'M/d HH:mm');
    const sheet = s.sheet ? `（工作表“${s.sheet}”）` : '';
    lines.push(`  ${c.red('✗')} ${terminalSafe(`${s.file}${sheet}`)} ${when} 收到：${terminalSafe(reason)}`);
  }
  return lines.join('\n');
}

export function formatReminders(reminders: Reminder[], selection: WeekSelection, options: TextOptions): string {
  const c = painter(options.color);
  if (reminders.length === 0) return c.green(`催报名单：无，${weekLabel(selection.week)}各组均已报送。`);
  const lines = [c.bold(`催报名单（${reminders.length} 个组尚缺表格）：`)];
  for (const r of reminders) {
    const kinds = r.kinds.map((k) => (r.invalidKinds.includes(k) ? `${KINDS[k].shortName}（所交表格有错误，需退回修改）` : KINDS[k].shortName));
    const deputy = r.deputy ? `，分管副组长 ${r.deputy}` : '';
    lines.push(`  ${groupName(r.group)}（${r.district}）组长 ${r.leader}${deputy}：缺 ${kinds.join('、')}`);
  }
  return lines.join('\n');
}

export function formatOutputs(files: { path: string; rows: number; kinds: KindId[] }[]): string {
  const lines = ['已写出汇总表：'];
  for (const f of files) lines.push(`  ${f.path}（${f.kinds.map((k) => KINDS[k].shortName).join('、')}，共 ${f.rows} 行）`);
  return lines.join('\n');
}

/** status --month: per kind, groups × weeks. */
export function formatWeeksMatrix(
  selections: WeekSelection[],
  kinds: KindId[],
  config: Config,
  options: TextOptions & { now: Date },
  title: string,
): string {
  const c = painter(options.color);
  const out = [c.bold(title)];
  const weekHead = (w: WeekId) => {
    const s = selections.find((x) => x.week === w)!;
    return `第${parseWeekId(w).week}周\n${formatWall(s.deadline, config.timeZone, 'M/d')}`;
  };
  for (const kind of kinds) {
    const table = plainTable(['组别', '区县', ...selections.map((s) => weekHead(s.week))]);
    for (const group of config.groups)
      table.push([
        groupName(group.number),
        group.district,
        ...selections.map((s) => {
          const cell = s.cells.find((x) => x.group === group.number && x.kind === kind)!;
          // a week whose deadline has not come yet is not missing
          if (cell.status === 'missing' && options.now.getTime() <= s.deadline.getTime()) return c.gray('未到期');
          const lateFill = cell.submissions.some((r) => r.submission === cell.chosen && r.receivedLater);
          return paint(c, cell.status, `${STATUS_LABELS[cell.status]}${lateFill ? '(补报)' : ''}`);
        }),
      ]);
    out.push(`${KINDS[kind].shortName}：`, table.toString());
  }
  return out.join('\n');
}

/** status --year: per group, for each kind the weeks counted (and how many late). */
export interface YearFigures {
  projectsServed: number;
  /** Problems the group listed in the year, from the 问题台账 (a problem reworded counts once). */
  problemsReported: number;
  /** Problems solved in the year that the ledger credits to the group (src/problems/ledger.ts). */
  problemsSolved: number;
  monthlyItems: number;
}

export function formatYearCounts(groups: (GroupCounts & Partial<YearFigures>)[], kinds: KindId[], weeks: number, options: TextOptions, title: string): string {
  const c = painter(options.color);
  const figures = groups.some((g) => g.problemsReported !== undefined);
  const extraHead = figures ? ['服务项目', '反映问题', '解决问题', '月报素材'] : [];
  const table = plainTable(['组别', '区县', '组长', ...kinds.map((k) => KINDS[k].shortName), '报送表数', '项目行数', ...extraHead]);
  for (const g of groups)
    table.push([
      groupName(g.group),
      g.district,
      g.leader,
      ...kinds.map((k) => {
        const n = g.kinds[k];
        const late = n.late ? `，迟${n.late}` : '';
        return `${n.weeks}/${weeks}周${late}`;
      }),
      String(g.submitted),
      String(g.rows),
      ...(figures ? [g.projectsServed, g.problemsReported, g.problemsSolved, g.monthlyItems].map((n) => String(n ?? 0)) : []),
    ]);
  const notes = ['“n/N周”：N 周中有 n 周报送了有效表格（迟报也计入）。'];
  if (figures)
    notes.push(
      '服务项目：各周报表中不同的项目名称；反映问题、解决问题：按问题台账（xmb problems）逐周跟踪，同一问题措辞改了也只计一次；' +
        '解决问题：年内协调解决情况写明已解决、或项目仍在报送而问题不再列出的，计入解决那一周报送该项目的组；月报素材：条数。',
    );
  return [c.bold(title), table.toString(), ...notes].join('\n');
}
