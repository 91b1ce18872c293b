/**
 * 催报 and 退回 messages (xmb remind): for each group that, this week, has not sent a kind of table,
 * sent one with errors, or sent one late, one short message a clerk pastes into a chat or an email —
 * at most MESSAGE_LIMIT characters: what is missing or what to fix, the deadline, the group leader's
 * name (notice 附件1: the first member), where to send it (notice 四(三)).
 *
 *   【催报】第十六组（中牟县）杨念峰组长：截至3月4日（周五）12:00，尚未收到贵组2022年第9周的进度滞后、
 *   省领导联系、市领导联系、白名单表，请尽快报送（进度滞后报工程协调处肖磊，…）。郑州市重点项目建设中心
 *
 * A group with several of these gets one message, its parts in the order 退回 (errors to fix), 催报
 * (missing), 提醒 (late). Error details are the validator's messages (cell, value, what to change),
 * as many as fit; the rest is counted (“等共 5 处”). Pure: the week's selection and the errors in,
 * text out.
 */
import type { Config } from '../config/schema.js';
import { groupName } from '../config/group-name.js';
import { KINDS, type KindId } from '../schema/kinds.js';
import type { CellSelection, WeekSelection } from '../merge/select.js';
import type { Submission } from '../merge/submission.js';
import { formatWall, weekLabel } from '../time/index.js';

/** The longest message, in characters (a chat message or a text message fits it). */
export const MESSAGE_LIMIT = 300;

export type ReminderReason = 'invalid' | 'missing' | 'late';

export interface GroupMessage {
  group: number;
  district: string;
  leader: string;
  missing: KindId[];
  invalid: KindId[];
  late: KindId[];
  /** The message, one paragraph, at most MESSAGE_LIMIT characters. */
  text: string;
}

export interface MessageContext {
  config: Pick<Config, 'groups' | 'recipients' | 'centre' | 'timeZone'>;
  /** Now: before the deadline a missing table is “not yet received”, and the deadline is ahead. */
  now: Date;
  /** The error messages of an invalid table (validator's, with cells), in order. */
  errorsOf: (submission: Submission) => string[];
}

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** “3月4日（周五）12:00”. */
function deadlineText(deadline: Date, timeZone: string): string {
  const day = Number(formatWall(deadline, timeZone, 'i')) % 7;
  return `${formatWall(deadline, timeZone, 'M月d日')}（${WEEKDAYS[day]}）${formatWall(deadline, timeZone, 'HH:mm')}`;
}

function kindNames(kinds: readonly KindId[]): string {
  return kinds.map((k) => KINDS[k].shortName).join('、');
}

/** “进度滞后报工程协调处肖磊，白名单报项目储备选报处石明洋”. */
function whereTo(kinds: readonly KindId[], config: MessageContext['config']): string {
  const parts: string[] = [];
  for (const recipient of config.recipients) {
    const mine = kinds.filter((k) => recipient.kinds.includes(k));
    if (mine.length > 0) parts.push(`${kindNames(mine)}报${recipient.office}${recipient.person}`);
  }
  return parts.join('，');
}

function length(text: string): number {
  return [...text].length;
}

/** The newest invalid table of a cell (the one to send back). */
function invalidTable(cell: CellSelection): Submission | null {
  return cell.submissions.find((s) => s.status === 'invalid')?.submission ?? null;
}

/**
 * Builds the message of one group from its parts, dropping detail until it fits: first error details
 * beyond the first, then where to send, then the first error detail; cut with “…” only if even the
 * barest message is too long (a roster with very long names).
 */
function compose(parts: { head: string; invalid: { intro: string; errors: string[]; total: number } | null; missing: string | null; late: string | null; where: string; close: string; signature: string }): string {
  const build = (errors: number, where: boolean) => {
    const pieces: string[] = [];
    if (parts.invalid) {
      const shown = parts.invalid.errors.slice(0, errors);
      const rest = parts.invalid.total - shown.length;
      const detail = shown.length > 0 ? `：${shown.join('；')}${rest > 0 ? `；等共${parts.invalid.total}处` : ''}` : `（共${parts.invalid.total}处）`;
      pieces.push(`${parts.invalid.intro}${detail}`);
    }
    if (parts.missing) pieces.push(parts.missing);
    if (parts.late) pieces.push(parts.late);
    const where_ = where && parts.where ? `（${parts.where}）` : '';
    return `${parts.head}${pieces.join('；')}。${parts.close}${where_}。${parts.signature}`;
  };
  const count = parts.invalid?.errors.length ?? 0;
  // Most detail first: every error and where to send; then fewer errors; then without where to send.
  const tries: [errors: number, where: boolean][] = [];
  for (let errors = count; errors >= 1; errors--) tries.push([errors, true]);
  if (count > 0) tries.push([1, false]);
  tries.push([0, true], [0, false]);
  for (const [errors, where] of tries) {
    const text = build(errors, where);
    if (length(text) <= MESSAGE_LIMIT) return text;
  }
  const text = build(0, false);
  return `${[...text].slice(0, MESSAGE_LIMIT - 1).join('')}…`;
}

/** The messages of a week, in roster order (see the module comment). */
export function weekMessages(selection: WeekSelection, context: MessageContext): GroupMessage[] {
  const { config, now } = context;
  const tz = config.timeZone;
  const deadline = deadlineText(selection.deadline, tz);
  const before = now.getTime() < selection.deadline.getTime();
  const week = weekLabel(selection.week);
  const out: GroupMessage[] = [];
  for (const group of config.groups) {
    const cells = selection.cells.filter((c) => c.group === group.number);
    const missing = cells.filter((c) => c.status === 'missing').map((c) => c.kind);
    const invalidCells = cells.filter((c) => c.status === 'invalid');
    const lateCells = cells.filter((c) => c.status === 'late');
    if (missing.length + invalidCells.length + lateCells.length === 0) continue;
    const leader = (group.members[0] ?? '').replace(/\s+/g, '');
    const tags: string[] = [];
    if (invalidCells.length) tags.push('退回修改');
    if (missing.length) tags.push('催报');
    if (lateCells.length && tags.length === 0) tags.push('提醒');
    const head = `【${tags.join('、')}】${groupName(group.number)}（${group.district}）${leader}组长：`;

    let invalid: { intro: string; errors: string[]; total: number } | null = null;
    if (invalidCells.length > 0) {
      const tables = invalidCells.map((c) => ({ cell: c, table: invalidTable(c) })).filter((x): x is { cell: CellSelection; table: Submission } => x.table !== null);
      const errors = tables.flatMap((x) => context.errorsOf(x.table));
      const total = tables.reduce((n, x) => n + Math.max(x.table.errors, 0), 0) || errors.length;
      const when = tables[0] ? formatWall(tables[0].table.receivedAt, tz, 'M月d日HH:mm') : '';
      invalid = { intro: `贵组${when}报送的${week}${kindNames(invalidCells.map((c) => c.kind))}表有错误，未能汇总`, errors, total };
    }
    const missingText = missing.length
      ? before
        ? `截至目前尚未收到贵组${week}的${kindNames(missing)}表`
        : `截至${deadline}，尚未收到贵组${week}的${kindNames(missing)}表`
      : null;
    const lateText = lateCells.length
      ? `贵组${week}的${lateCells
          .map((c) => `${KINDS[c.kind].shortName}表${c.chosen ? `于${formatWall(c.chosen.receivedAt, tz, 'M月d日HH:mm')}` : ''}`)
          .join('、')}收到，晚于截止时间${deadline}，已计入汇总`
      : null;
    const toSend = [...invalidCells.map((c) => c.kind), ...missing];
    const close =
      toSend.length === 0
        ? '请下周按时报送'
        : before
          ? `请${invalid ? '修改后' : ''}于${deadline}前${invalid ? '重新' : ''}报送`
          : `请${invalid ? '修改后' : ''}尽快${invalid ? '重新报送' : '补报'}`;
    const text = compose({
      head,
      invalid,
      missing: missingText,
      late: lateText,
      where: toSend.length ? whereTo(toSend, config) : '',
      close,
      signature: config.centre,
    });
    out.push({
      group: group.number,
      district: group.district,
      leader,
      missing,
      invalid: invalidCells.map((c) => c.kind),
      late: lateCells.map((c) => c.kind),
      text,
    });
  }
  return out;
}
