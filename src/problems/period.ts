/**
 * The period of a problem ledger — `xmb problems --week | --month | --year` — as weeks: a week is
 * itself; a month is the weeks whose deadline (Friday) falls in it (as `status --month`); a year is the
 * weeks whose deadline falls in it, up to this week. The ledger is seen from the period's last week.
 */
import type { Config } from '../config/schema.js';
import { UserError } from '../errors.js';
import {
  dateInZone,
  isoWeekOf,
  parseMonthArg,
  parseWeekArg,
  parseYearArg,
  weekDeadline,
  weekFileLabel,
  weekLabel,
  weeksOfMonth,
  weeksOfYear,
  type WeekId,
} from '../time/index.js';

export interface LedgerPeriod {
  kind: 'week' | 'month' | 'year';
  /** "2022-W09", "2022-03", "2022". */
  id: string;
  /** As printed: "2022年第9周", "2022年3月", "2022年". */
  label: string;
  /** In file names: "2022年第09周", "2022年03月", "2022年". */
  fileLabel: string;
  from: WeekId;
  to: WeekId;
}

export interface PeriodArgs {
  week?: string | boolean;
  month?: string | boolean;
  year?: string | boolean;
}

/** The period the options name (--week when none is given); one Chinese line for a bad value. */
export function ledgerPeriod(args: PeriodArgs, now: Date, config: Pick<Config, 'timeZone' | 'deadlines'>): LedgerPeriod {
  const chosen = [args.week, args.month, args.year].filter((o) => o !== undefined).length;
  if (chosen > 1) throw new UserError('--week、--month、--year 只能选一个');
  if (args.month !== undefined) {
    const month = parseMonthArg(args.month, now, config.timeZone);
    const current = isoWeekOf(now, config.timeZone);
    const all = weeksOfMonth(month, config);
    const weeks = all.filter((w) => w <= current);
    const [y, m] = month.split('-');
    if (weeks.length === 0) throw new UserError(`${y}年${Number(m)}月还没有到第一个报送截止日，没有问题台账`);
    return { kind: 'month', id: month, label: `${y}年${Number(m)}月`, fileLabel: `${y}年${m}月`, from: weeks[0]!, to: weeks[weeks.length - 1]! };
  }
  if (args.year !== undefined) {
    const year = parseYearArg(args.year, now, config.timeZone);
    const current = isoWeekOf(now, config.timeZone);
    const weeks = weeksOfYear(year, config).filter((w) => w <= current);
    if (weeks.length === 0) throw new UserError(`${year} 年还没有开始，没有问题台账`);
    return { kind: 'year', id: String(year), label: `${year}年`, fileLabel: `${year}年`, from: weeks[0]!, to: weeks[weeks.length - 1]! };
  }
  const week = parseWeekArg(args.week, now, config.timeZone);
  return { kind: 'week', id: week, label: weekLabel(week), fileLabel: weekFileLabel(week), from: week, to: week };
}

/**
 * The date printed as 填表日期 and stamped on the file: the last week's deadline (Friday), or today
 * when that has not come yet — so a ledger made again later for the same period and the same
 * tables is byte for byte the same.
 */
export function ledgerDate(period: LedgerPeriod, now: Date, config: Pick<Config, 'timeZone' | 'deadlines'>): string {
  const deadline = dateInZone(weekDeadline(period.to, config), config.timeZone);
  const today = dateInZone(now, config.timeZone);
  return today < deadline ? today : deadline;
}
