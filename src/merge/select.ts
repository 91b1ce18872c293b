/**
 * Which table counts, per group × kind, for a week (spec §5):
 * - a table belongs to the week of its 填表日期, else of its receipt;
 * - the newest valid one (by receipt time) received before the week ended counts: `on-time` when
 *   received at or before the deadline, `late` after it (late tables are still merged);
 * - a table received after its week ended (a district resending last week's file, or sending it a
 *   week late) only fills a gap: it counts, as `late`, when nothing valid came during the week, and
 *   is marked `receivedLater` so every output says so ("第10周补报"); otherwise it is `superseded`,
 *   marked the same way, and never replaces the table of the week ("第10周重发，未替换");
 * - older valid ones are `superseded`; tables with errors are `invalid` and left out;
 * - no valid table: the cell is `invalid` when something invalid came, else `missing`;
 * - tables whose group cannot be told (or is not in the roster) are excluded, with a reason.
 */
import type { Config } from '../config/schema.js';
import { groupName } from '../config/group-name.js';
import { KINDS, type KindId } from '../schema/kinds.js';
import { isoWeekOf, parseWeekId, weekBounds, weekDeadline, type WeekId } from '../time/index.js';
import type { Submission } from './submission.js';

export type SubmissionStatus = 'on-time' | 'late' | 'missing' | 'invalid' | 'superseded';
export const SUBMISSION_STATUSES = ['on-time', 'late', 'missing', 'invalid', 'superseded'] as const;

export const STATUS_LABELS: Record<SubmissionStatus, string> = {
  'on-time': '按时',
  late: '迟报',
  missing: '未报',
  invalid: '无效',
  superseded: '已被替代',
};

export interface RankedSubmission {
  submission: Submission;
  status: Exclude<SubmissionStatus, 'missing'>;
  /** The week the table was received in, when that is after the week it counts for (else null). */
  receivedLater: WeekId | null;
}

export interface CellSelection {
  group: number;
  district: string;
  kind: KindId;
  /** The cell's status: the counted table's on-time/late, else invalid (something came, none valid), else missing. */
  status: SubmissionStatus;
  /** The table that is merged, or null. */
  chosen: Submission | null;
  /** Every table of the week for this group and kind, newest first. */
  submissions: RankedSubmission[];
  /** Tables received during this week that count for another week (their 填表日期 lies there). */
  elsewhere: Submission[];
}

export interface Exclusion {
  submission: Submission;
  reason: string;
}

export interface WeekSelection {
  week: WeekId;
  deadline: Date;
  kinds: KindId[];
  /** Roster order of the groups, then `kinds` order. */
  cells: CellSelection[];
  /** Files and tables of the week that cannot be placed in a cell. */
  excluded: Exclusion[];
}

/**
 * Newest first: receipt time; on equal times (the ledger keeps seconds, several copies can come in
 * one second, and a fixed XMB_NOW gives every receipt the same time) the later line of 收件登记.jsonl,
 * which is appended in the order files are received; then the later copy by file name (receive names
 * a second copy of the same minute “…-1748-2.xlsx”, a tenth “…-1748-10.xlsx”); then path and sheet, so
 * equal times still give one order.
 */
export function newestFirst(a: Submission, b: Submission): number {
  const time = b.receivedAt.getTime() - a.receivedAt.getTime();
  if (time !== 0) return time;
  const ra = a.receiptOrder ?? null;
  const rb = b.receiptOrder ?? null;
  if (ra !== null && rb !== null && ra !== rb) return rb - ra;
  const copy = compareCopies(b.file, a.file);
  if (copy !== 0) return copy;
  const file = compareText(b.file, a.file);
  return file !== 0 ? file : compareText(b.sheet ?? '', a.sheet ?? '');
}

/** "…_20220224-1748.xlsx" → ["…_20220224-1748", 1]; "…_20220224-1748-3.xlsx" → [same, 3]: receive's copy number. */
function copyOf(path: string): [string, number] {
  const m = /^(.*[_-]\d{8}-\d{4})(?:-(\d+))?\.[^./\\]+$/.exec(path);
  return m ? [m[1]!, m[2] ? Number(m[2]) : 1] : [path, 0];
}

/** Copies of one received name (same stem and minute stamp) by copy number; 0 for anything else. */
function compareCopies(a: string, b: string): number {
  const [stemA, nA] = copyOf(a);
  const [stemB, nB] = copyOf(b);
  return stemA === stemB && nA > 0 && nB > 0 ? nA - nB : 0;
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The kinds merged every week: those of the recipients other than the monthly one. */
export function weeklyKinds(config: Config): KindId[] {
  const kinds = new Set<KindId>();
  for (const recipient of config.recipients) for (const kind of recipient.kinds) if (kind !== 'monthly') kinds.add(kind);
  return (Object.keys(KINDS) as KindId[]).filter((k) => kinds.has(k));
}

/**
 * Submissions grouped for selectWeek: by the week they count for, and by receipt time (for the
 * tables received during a week that count for another). Build it once with `indexSubmissions`
 * when selecting many weeks of the same list (selectWeeks); the list must not change after.
 */
export interface SubmissionIndex {
  submissions: Submission[];
  /** Per week, its submissions in list order. */
  byWeek: Map<WeekId, Submission[]>;
  /** Positions in the list of submissions with a kind and a group, by receipt time (then position). */
  byReceipt: { time: number; at: number }[];
}

export function indexSubmissions(submissions: Submission[]): SubmissionIndex {
  const byWeek = new Map<WeekId, Submission[]>();
  const byReceipt: { time: number; at: number }[] = [];
  submissions.forEach((s, at) => {
    const list = byWeek.get(s.week);
    if (list) list.push(s);
    else byWeek.set(s.week, [s]);
    if (s.kind !== null && s.group !== null) byReceipt.push({ time: s.receivedAt.getTime(), at });
  });
  byReceipt.sort((a, b) => a.time - b.time || a.at - b.at);
  return { submissions, byWeek, byReceipt };
}

/** The first place in `byReceipt` whose time is at or after `time`. */
function firstReceivedFrom(byReceipt: SubmissionIndex['byReceipt'], time: number): number {
  let lo = 0;
  let hi = byReceipt.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (byReceipt[mid]!.time < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The selection of one week (see the module comment). `index`: indexSubmissions(submissions), when
 * the caller selects several weeks of the same list; the result is the same with or without it.
 */
export function selectWeek(submissions: Submission[], week: WeekId, kinds: KindId[], config: Config, index?: SubmissionIndex): WeekSelection {
  const { byWeek, byReceipt } = index && index.submissions === submissions ? index : indexSubmissions(submissions);
  const deadline = weekDeadline(week, config);
  const range = weekBounds(week, config.timeZone);
  const groups = new Map(config.groups.map((g) => [g.number, g]));
  const excluded: Exclusion[] = [];
  const byCell = new Map<string, Submission[]>();
  const key = (group: number, kind: KindId) => `${group}:${kind}`;

  const ofWeek = [...(byWeek.get(week) ?? [])].sort(newestFirst);
  for (const s of ofWeek) {
    if (s.kind === null) {
      excluded.push({ submission: s, reason: `${s.firstError ?? '未识别出任何表格'}` });
      continue;
    }
    if (!kinds.includes(s.kind)) continue; // e.g. 月报素材: not part of the weekly merge
    if (s.group === null) {
      excluded.push({ submission: s, reason: '无法判断报送组别（表中无“报送单位”，文件名和所在区县也无法对应到组），未计入汇总' });
      continue;
    }
    if (!groups.has(s.group)) {
      excluded.push({ submission: s, reason: `${groupName(s.group)}不在分组名单中，未计入汇总` });
      continue;
    }
    const list = byCell.get(key(s.group, s.kind)) ?? [];
    list.push(s);
    byCell.set(key(s.group, s.kind), list);
  }

  // Received during the week (in list order), counting for another week.
  const during: number[] = [];
  for (let i = firstReceivedFrom(byReceipt, range.start); i < byReceipt.length && byReceipt[i]!.time < range.end; i++) during.push(byReceipt[i]!.at);
  during.sort((a, b) => a - b);
  const elsewhereByCell = new Map<string, Submission[]>();
  for (const at of during) {
    const s = submissions[at]!;
    if (s.week === week || s.kind === null || s.group === null) continue;
    const list = elsewhereByCell.get(key(s.group, s.kind)) ?? [];
    list.push(s);
    elsewhereByCell.set(key(s.group, s.kind), list);
  }

  const later = (s: Submission): WeekId | null => (s.receivedAt.getTime() >= range.end ? isoWeekOf(s.receivedAt, config.timeZone) : null);
  const cells: CellSelection[] = [];
  for (const group of config.groups) {
    for (const kind of kinds) {
      const list = byCell.get(key(group.number, kind)) ?? [];
      const valid = list.filter((s) => s.valid);
      const chosen: Submission | null = valid.find((s) => later(s) === null) ?? valid[0] ?? null;
      const ranked: RankedSubmission[] = list.map((submission) => {
        const receivedLater = later(submission);
        if (!submission.valid) return { submission, status: 'invalid', receivedLater };
        if (submission === chosen)
          return { submission, status: submission.receivedAt.getTime() > deadline.getTime() ? 'late' : 'on-time', receivedLater };
        return { submission, status: 'superseded', receivedLater };
      });
      const chosenStatus = ranked.find((r) => r.submission === chosen)?.status;
      const status: SubmissionStatus = chosenStatus ?? (ranked.length > 0 ? 'invalid' : 'missing');
      cells.push({
        group: group.number,
        district: group.district,
        kind,
        status,
        chosen,
        submissions: ranked,
        elsewhere: (elsewhereByCell.get(key(group.number, kind)) ?? []).sort(newestFirst),
      });
    }
  }
  return { week, deadline, kinds, cells, excluded };
}

/** "第10周" (with the year when it differs from `relativeTo`'s). */
export function shortWeekName(id: WeekId, relativeTo?: WeekId): string {
  const { year, week } = parseWeekId(id);
  return relativeTo && parseWeekId(relativeTo).year === year ? `第${week}周` : `${year}年第${week}周`;
}

/**
 * The note a table received after its week ended carries in the 报送情况 sheet (null: none):
 * counted as 补报, or not counted because the week already had its table. `week`: the week shown.
 */
export function receivedLaterNote(ranked: RankedSubmission, week: WeekId): string | null {
  if (!ranked.receivedLater) return null;
  const when = `${shortWeekName(ranked.receivedLater, week)}才收到`;
  if (ranked.status === 'late') return `填表日期在本周，${when}：本周内没有收到有效表格，作为补报计入汇总`;
  if (ranked.status === 'superseded') return `填表日期在本周，${when}（可能是重发的旧表）：本周内已收到有效表格，未替换；如是更正，请与区县核实`;
  return `填表日期在本周，${when}`;
}

export function cellOf(selection: WeekSelection, group: number, kind: KindId): CellSelection | undefined {
  return selection.cells.find((c) => c.group === group && c.kind === kind);
}

export interface Reminder {
  group: number;
  district: string;
  /** The group leader: the first member in the roster. */
  leader: string;
  /** The deputy leader in charge of the group, when the roster names one. */
  deputy: string | null;
  kinds: KindId[];
  /** Kinds for which only invalid tables came (to be sent back and corrected). */
  invalidKinds: KindId[];
}

/** 催报名单: groups without a counted table for some kind, in roster order. */
export function reminders(selection: WeekSelection, config: Config): Reminder[] {
  const out: Reminder[] = [];
  for (const group of config.groups) {
    const cells = selection.cells.filter((c) => c.group === group.number && c.chosen === null);
    if (cells.length === 0) continue;
    out.push({
      group: group.number,
      district: group.district,
      leader: group.members[0] ?? '',
      deputy: config.leaders.deputies.find((d) => d.groups.includes(group.number))?.name ?? null,
      kinds: cells.map((c) => c.kind),
      invalidKinds: cells.filter((c) => c.status === 'invalid').map((c) => c.kind),
    });
  }
  return out;
}
