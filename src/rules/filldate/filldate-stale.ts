// Not time/index.js: that loads date-fns, which validate does not otherwise need.
import { DAY_MS } from '../../time/calendar.js';
import { dayLabel, isoWeekOf, isoWeekOfDate, mondayOf, weekLabel, weekOfDay, type WeekId } from '../../time/week-id.js';
import { defineRule } from '../types.js';
import { rowOf } from '../util.js';

/**
 * For a loose file (no ledger, no inbox), its modification time or now stands in for the receipt:
 * only a 填表日期 at most this many weeks before that week is taken as a resent recent table.
 */
export const LOOSE_FILE_STALE_WEEKS = 4;

const HOUR_MS = 3_600_000;

/**
 * The ISO week of an instant's UTC date. Every zone's offset lies within −12 h … +14 h of UTC and
 * weeks only go forward in time, so the week of an instant in any zone lies between
 * utcWeekOf(instant − 12 h) and utcWeekOf(instant + 14 h).
 */
function utcWeekOf(instant: number): WeekId {
  return weekOfDay(Math.floor(instant / DAY_MS));
}

/** Whole weeks from the week `from` to the week `to` (Mondays apart). */
function weeksBetween(from: WeekId, to: WeekId): number {
  return (mondayOf(to) - mondayOf(from)) / 7;
}

/**
 * A 填表日期 in a week before the one the table was received in: usually a district resending last
 * week's file (issue 7 item 8, issue 8 item 3). Only checked when the receipt time is known
 * (RuleContext.receipt: receive's time, the ledger's, the file's modification time in an inbox, or
 * "now" for validate of a file outside an inbox). Weeks are ISO weeks (Monday–Sunday) in the
 * configured zone. The merge counts such a table for its 填表日期's week, but only as a late
 * table that fills a gap: it never replaces a table received during that week (src/merge/select.ts).
 */
export default defineRule({
  code: 'filldate-stale',
  severity: 'warning',
  description: '填表日期早于收到表格的那一周（可能是重发的上周或更早的表）',
  short: '填表日期早于收到周',
  run(table, context, report) {
    const receipt = context.receipt;
    const iso = table.fillDate?.iso;
    if (!receipt || !iso) return;
    const filled = isoWeekOfDate(iso);
    const loose = receipt.from === 'file' || receipt.from === 'now';
    // Most tables are told without the zone's rules (their first use costs ≈ 30 ms: ICU's zone data):
    // the received week lies between the UTC weeks of receipt − 12 h and receipt + 14 h.
    const at = receipt.at.getTime();
    if (filled >= utcWeekOf(at + 14 * HOUR_MS)) return;
    if (loose && weeksBetween(filled, utcWeekOf(at - 12 * HOUR_MS)) > LOOSE_FILE_STALE_WEEKS) return;
    const received = isoWeekOf(receipt.at, context.config.timeZone);
    if (filled >= received) return;
    if (loose && weeksBetween(filled, received) > LOOSE_FILE_STALE_WEEKS) return;
    const cell = table.fillDate?.ref ?? null;
    const day = dayLabel(receipt.at, context.config.timeZone);
    const when =
      receipt.from === 'now'
        ? `今天（${day}）已是${weekLabel(received)}`
        : `这份表是${weekLabel(received)}（${day}${receipt.from === 'mtime' || receipt.from === 'file' ? '，按文件修改时间' : ''}）收到的`;
    report({
      cell,
      row: rowOf(cell),
      field: '填表日期',
      value: iso,
      message:
        `${cell ? `${cell}：` : ''}填表日期 ${iso} 在${weekLabel(filled)}，${when}：如是重发的旧表，请让区县报送本周的表。` +
        `汇总时它计入${weekLabel(filled)}，但只在该周没有收到表时作为补报，不会替换该周已收到的表`,
    });
  },
});
