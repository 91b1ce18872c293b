/**
 * Reading an inbox into submissions: every workbook under it is validated (validate's pipeline,
 * through the inbox's result cache, src/inbox/cache.ts) and given its receipt time (ledger, else
 * modification time) and week. Files that cannot matter to the weeks or dates asked for are not
 * read at all (canSkip).
 */
import type { Config } from '../config/schema.js';
import { UserError } from '../errors.js';
import { openResultCache, validateInboxFiles } from '../inbox/cache.js';
import { ledgerTablesOf } from '../inbox/ledger.js';
import { scanInbox, type InboxFile, type InboxScan } from '../inbox/scan.js';
import { dayOfIso, zonedInstant } from '../time/calendar.js';
import { isoWeekOfDate, weekBounds, type WeekId } from '../time/index.js';
import { formatSkipped } from '../validate/inputs.js';
import type { Validated } from '../validate/result.js';
import { toSubmissions, type Submission } from './submission.js';

export interface LoadedInbox {
  scan: InboxScan;
  submissions: Submission[];
  /** Files not read because the ledger places them outside the weeks and dates asked for. */
  skipped: number;
}

/** Calendar dates, both ends included, "YYYY-MM-DD". */
export interface DateSpan {
  start: string;
  end: string;
}

/**
 * What a command needs from an inbox: tables of these weeks (merge, status --week/--month: the
 * week of a table's 填表日期, and receipts during the week for its 本周变化/elsewhere list), and/or
 * tables dated in this span (monthly's period, status --year's year).
 */
export interface SkipScope {
  weeks?: WeekId[];
  dates?: DateSpan;
  /**
   * The scope needs only the files' summaries (src/inbox/cache.ts summaryOf: each table cut to the
   * cells the 问题台账's tracking reads) — monthly's year before its period. A file another scope
   * needs is read whole for both (see validateScannedFor).
   */
  summary?: boolean;
}

export interface LoadOptions {
  /** Folders inside the inbox to leave out (the output folder). */
  exclude?: string[];
  /** An inbox without workbooks is not an error (status). */
  allowEmpty?: boolean;
  /**
   * Only these weeks matter: a file the ledger says holds only tables dated in other weeks, received
   * in another week and not modified since, is not read again. Files without a ledger line are
   * always read.
   */
  weeks?: WeekId[];
  /**
   * Only tables dated in this span matter (see SkipScope): a file the ledger says holds only weekly
   * tables dated outside it is not read. Combined with `weeks`, a file is read when either needs it.
   */
  dates?: DateSpan;
}

/** A minute's grace between a receipt and the copy's modification time. */
const COPY_GRACE_MS = 60_000;

/**
 * Whether a file cannot contribute to `scope`, by what the ledger recorded when it was received —
 * then it is not read. All of these must hold:
 * - the ledger has a line for the file listing at least one table, and the file was not modified
 *   after it was received (a minute's grace): the line still describes it;
 * - every listed table has a 填表日期 ("YYYY-MM-DD"), which is what dates it;
 * - weeks: the week of the receipt is none of them (tables received in a week are listed in its
 *   报送情况 even when they count for another week), nor is any table's week;
 * - dates: the day of the receipt is not in the span (should a table ever be dated by its receipt
 *   rather than its 填表日期, it is still read), no table is 月报素材 (its items carry their own dates,
 *   which the ledger does not record, so such a file is always read), and no table's 填表日期 lies
 *   in the span.
 * A file without a ledger line (dropped in by hand) is always read. `scope` as an array: weeks only.
 */
export function canSkip(file: InboxFile, scope: WeekId[] | SkipScope, timeZone: string): boolean {
  return skipTest(Array.isArray(scope) ? { weeks: scope } : scope, timeZone)(file);
}

/** canSkip for many files: the weeks' bounds worked out once. */
function skipTest(scope: SkipScope, timeZone: string): (file: InboxFile) => boolean {
  const { weeks, dates } = scope;
  if (!weeks && !dates) return () => false;
  const weekSet = new Set(weeks ?? []);
  const bounds = (weeks ?? []).map((w) => weekBounds(w, timeZone));
  if (dates) bounds.push(spanBounds(dates, timeZone));
  // Whether a 填表日期 dates a table out of scope (its kind aside), once per date: a year's ledger has
  // thousands of tables on a few hundred dates.
  const outsideByDate = new Map<string, boolean>();
  const dateOutside = (fill: string): boolean => {
    let outside = outsideByDate.get(fill);
    if (outside === undefined) {
      outside =
        dayOfIso(fill) !== null && // no such day: dated by what is in the file
        !(weekSet.size > 0 && weekSet.has(isoWeekOfDate(fill))) &&
        !(dates && fill >= dates.start && fill <= dates.end);
      outsideByDate.set(fill, outside);
    }
    return outside;
  };
  return (file) => {
    const tables = file.ledgerTables;
    if (!tables || tables.length === 0) return false;
    const received = file.receivedAt.getTime();
    if (file.modifiedAt.getTime() > received + COPY_GRACE_MS) return false;
    if (bounds.some((b) => received >= b.start && received < b.end)) return false;
    return tables.every((t) => {
      const fill = t.fillDate;
      if (fill === null) return false; // no 填表日期: dated by what is in the file
      if (dates && t.kind === 'monthly') return false;
      return dateOutside(fill);
    });
  };
}

/** The instants of a span of calendar dates in the zone: its first day's 00:00 to the next day's after its last. */
function spanBounds(span: DateSpan, timeZone: string): { start: number; end: number } {
  const first = dayOfIso(span.start);
  const last = dayOfIso(span.end);
  if (first === null || last === null) throw new Error(`not a date span: ${span.start} … ${span.end}`);
  return { start: zonedInstant(first, timeZone), end: zonedInstant(last + 1, timeZone) };
}

export interface ValidatedInbox {
  /** The files read (the scan's, less the skipped), and what validating each gave. */
  files: InboxFile[];
  results: Validated[][];
  skipped: number;
}

/**
 * The workbooks of a scanned inbox that `scope` needs, validated through the inbox's result cache:
 * what merge, status and monthly read. `receipt`: tell the rules when each file was received (the
 * ledger's time, else its modification time), as merge and status do.
 */
export async function validateScanned(scan: InboxScan, config: Config, scope: SkipScope, options: { receipt: boolean }): Promise<ValidatedInbox> {
  return (await validateScannedFor(scan, config, [scope], options))[0]!;
}

/**
 * validateScanned for several scopes at once (monthly: its period's tables, and the weeks of its
 * 序时进度 lights): each file any scope needs is validated once; one ValidatedInbox per scope, each
 * exactly what validateScanned would give for that scope alone — except that a file only `summary`
 * scopes need is given as its summary. Which files those are is decided, before reading, by the
 * ledger (canSkip: every other scope could skip the file), and checked after: a file whose tables as
 * read are not what the ledger recorded, so that another scope could not skip it after all (its
 * 填表日期 read otherwise than when it was received), is read again whole.
 */
export async function validateScannedFor(scan: InboxScan, config: Config, scopes: SkipScope[], options: { receipt: boolean }): Promise<ValidatedInbox[]> {
  const skips = scopes.map((scope) => skipTest(scope, config.timeZone));
  const needed = skips.map((skip) => new Set(scan.files.filter((file) => !skip(file))));
  // Whether some scope that is not `summary` may need a file (canSkip false): then it is read whole.
  const wanted = (file: InboxFile) => skips.some((skip, k) => !scopes[k]!.summary && !skip(file));
  const whole = new Set(scan.files.filter(wanted));
  const files = scan.files.filter((file) => needed.some((set) => set.has(file)));
  const cache = openResultCache(scan.inbox, config);
  const read = (files: InboxFile[], summary: (file: InboxFile) => boolean) =>
    validateInboxFiles(
      files.map((f) => ({ path: f.path, receipt: options.receipt ? { at: f.receivedAt, from: f.receivedFrom } : undefined, stats: f.stats, summary: summary(f) })),
      config,
      cache,
    );
  const results = await read(files, (file) => !whole.has(file));
  const recheck = files.flatMap((file, i) => {
    if (whole.has(file)) return [];
    return wanted({ ...file, ledgerTables: ledgerTablesOf(results[i]!.map((v) => v.result)) }) ? [i] : [];
  });
  if (recheck.length > 0) {
    const again = await read(recheck.map((i) => files[i]!), () => false);
    recheck.forEach((i, k) => (results[i] = again[k]!));
  }
  return needed.map((set) => {
    const mine = files.map((file, i) => ({ file, result: results[i]! })).filter(({ file }) => set.has(file));
    return { files: mine.map((x) => x.file), results: mine.map((x) => x.result), skipped: scan.files.length - mine.length };
  });
}

export async function loadInbox(inbox: string, config: Config, options: LoadOptions = {}): Promise<LoadedInbox> {
  const scan = scanInbox(inbox, options);
  if (scan.files.length === 0 && !options.allowEmpty) {
    const skipped = formatSkipped(scan.skipped);
    throw new UserError(`收件文件夹 ${inbox} 中没有 Excel 文件（.xlsx/.xlsm/.xls/.et）${skipped ? `（${skipped}）` : ''}`);
  }
  const { files, results, skipped } = await validateScanned(scan, config, { weeks: options.weeks, dates: options.dates }, { receipt: true });
  const submissions: Submission[] = [];
  files.forEach((file, i) => submissions.push(...toSubmissions(results[i]!, file, config)));
  return { scan, submissions, skipped };
}
