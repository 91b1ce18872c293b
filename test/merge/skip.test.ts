/**
 * Skipping files the ledger places outside the period (issue 9) must never change a result: on a
 * generated stretch of a year (two groups' files of 2022-W01 … W08, with their ledger), what
 * monthly, status --month and status --year compute from the files they read is what they compute
 * from every file — and they do leave files unread. Nor must reading the tables before monthly's
 * period as tracking summaries (src/problems/tracked-cells.ts).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { main } from '../../src/cli.js';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import { CACHE_DIR_NAME } from '../../src/inbox/cache.js';
import { canSkip, loadInbox } from '../../src/merge/load.js';
import { scanInbox } from '../../src/inbox/scan.js';
import { submissionEntries } from '../../src/merge/plan.js';
import { weeklyKinds } from '../../src/merge/select.js';
import { countSelections, selectWeeks } from '../../src/merge/status-summary.js';
import { readInbox } from '../../src/monthly/inbox.js';
import { monthPeriod } from '../../src/monthly/period.js';
import { monthProblemFigures, problemLookBackStart } from '../../src/monthly/problem-line.js';
import { ledgerFromSubmissions } from '../../src/problems/from-inbox.js';
import { LEDGER_FILE_NAME } from '../../src/inbox/ledger.js';
import { buildMonthlyReport } from '../../src/monthly/report-model.js';
import { sourceFromTable, type SourceTable } from '../../src/monthly/sources.js';
import { yearStatistics } from '../../src/monthly/statistics.js';
import { weeksOfMonth, weeksOfYear } from '../../src/time/index.js';
import { writeYearInbox } from '../../scripts/fixtures/year.js';

const config = DEFAULT_CONFIG;
let inbox: string;

beforeAll(async () => {
  inbox = mkdtempSync(join(tmpdir(), 'xmb-skip-'));
  // 第十二组 (an invalid table in W03) and 第十四组 (no 报送单位: the group from the file name).
  await writeYearInbox(inbox, { weeks: 8, groups: [12, 14] });
}, 300_000);
afterAll(() => rmSync(inbox, { recursive: true, force: true }));

describe('skipping files outside the period changes nothing', () => {
  it.each(['2022-01', '2022-02', '2022-03'])('monthly %s: the same report from fewer files', async (month) => {
    const period = monthPeriod(month, config);
    const all = await readInbox(inbox, config);
    const some = await readInbox(inbox, config, { period });
    expect(all.skipped).toBe(0);
    expect(some.skipped).toBeGreaterThan(0);
    const options = { month, issue: 1 };
    expect(buildMonthlyReport(some.sources, config, options)).toEqual(buildMonthlyReport(all.sources, config, options));
    // 月报素材 files are all read, whatever their date (items carry their own).
    const monthly = (s: SourceTable[]) => s.filter((x) => x.table.kind === 'monthly').length;
    expect(monthly(some.sources)).toBe(monthly(all.sources));
  }, 120_000);

  it.each(['2022-01', '2022-02'])('monthly %s in one pass: the period and the lights\' weeks, each as read alone', async (month) => {
    const period = monthPeriod(month, config);
    const weeks = weeksOfMonth(month, config);
    const both = await readInbox(inbox, config, { period, weeks });
    const alone = await readInbox(inbox, config, { period });
    const lights = await loadInbox(inbox, config, { allowEmpty: true, weeks });
    const view = (subs: typeof lights.submissions) => JSON.stringify(subs);
    expect(view(both.weekSubmissions)).toBe(view(lights.submissions));
    expect(both.weekSubmissions.length).toBeGreaterThan(0);
    expect(view(both.submissions)).toBe(view(alone.submissions));
    expect(JSON.stringify(both.sources)).toBe(JSON.stringify(alone.sources));
    expect([both.skipped, both.unread]).toEqual([alone.skipped, alone.unread]);
  }, 120_000);

  it.each(['2022-02', '2022-03'])('monthly %s: tables before the period as tracking summaries, the same report and 问题台账 line', async (month) => {
    const period = monthPeriod(month, config);
    const lookBackStart = problemLookBackStart(period);
    const weeks = weeksOfMonth(month, config);
    const now = new Date(`${period.end}T12:00:00+08:00`);
    const whole = await readInbox(inbox, config, { period: { start: lookBackStart, end: period.end }, weeks });
    const summarised = await readInbox(inbox, config, { period, lookBackStart, weeks });
    // Summaries for the files only the tracking needs, whole tables for the period and the lights.
    const cut = summarised.sources.filter((x) => x.table.trackedOnly);
    expect(cut.length).toBeGreaterThan(0);
    expect(cut.every((x) => x.date < period.start && x.table.kind !== 'monthly')).toBe(true);
    expect(summarised.sources.filter((x) => x.date >= period.start).every((x) => !x.table.trackedOnly)).toBe(true);
    expect(summarised.weekSubmissions.every((x) => !x.table?.trackedOnly)).toBe(true);
    // The same files, tables, dates, verdicts and groups; the same report, lights and problem figures.
    const outline = (r: typeof whole) => ({
      sources: r.sources.map((x) => [x.file, x.table.sheet, x.table.kind, x.table.group, x.date, x.dateSource, x.valid]),
      unread: r.unread,
      skipped: r.skipped,
      submissions: r.submissions.map(({ table, ...rest }) => ({ ...rest, table: table !== null })),
    });
    expect(outline(summarised)).toEqual(outline(whole));
    expect(JSON.stringify(summarised.weekSubmissions)).toBe(JSON.stringify(whole.weekSubmissions));
    const options = { month, issue: 1 };
    expect(buildMonthlyReport(summarised.sources, config, options)).toEqual(buildMonthlyReport(whole.sources, config, options));
    const figures = monthProblemFigures(summarised.submissions, config, period, now);
    expect(figures?.weeks.length).toBeGreaterThan(0);
    expect(figures).toEqual(monthProblemFigures(whole.submissions, config, period, now));
    // The whole tracking, sighting by sighting (files and cells included), not only its totals.
    const from = weeks[0]!;
    const to = weeks[weeks.length - 1]!;
    const tracking = (subs: typeof whole.submissions) => ledgerFromSubmissions(subs, config, { from, to }).tracking;
    expect(tracking(summarised.submissions)).toEqual(tracking(whole.submissions));
    expect(tracking(whole.submissions).problems.length).toBeGreaterThan(0);
  }, 120_000);

  it('a file the ledger dates before the period but that is dated in it is read whole after all', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'xmb-skip-ledger-'));
    try {
      cpSync(inbox, copy, { recursive: true, preserveTimestamps: true });
      const month = '2022-02';
      const period = monthPeriod(month, config);
      const lookBackStart = problemLookBackStart(period);
      const before = await readInbox(copy, config, { period: { start: lookBackStart, end: period.end } });
      const target = before.sources.find((x) => x.date >= period.start && x.dateSource === 'filldate' && x.table.kind === 'lagging')!;
      // The ledger (written by an older xmb, say) dates the file's table in the year before the
      // period, and says it was received after it: canSkip would leave it out of the period.
      const ledger = join(copy, LEDGER_FILE_NAME);
      const relative = target.file.slice(copy.length + 1).split(sep).join('/');
      const lines = readFileSync(ledger, 'utf8').split('\n').map((line) => {
        if (!line.trim()) return line;
        const entry = JSON.parse(line) as { file: string; tables: { fillDate: string | null }[] };
        if (entry.file !== relative) return line;
        return JSON.stringify({ ...entry, receivedAt: '2022-03-25T10:00:00+08:00', tables: entry.tables.map((t) => ({ ...t, fillDate: '2021-06-04' })) });
      });
      expect(lines.join('\n')).toContain('2021-06-04');
      writeFileSync(ledger, lines.join('\n'));
      const scan = scanInbox(copy);
      expect(canSkip(scan.files.find((f) => f.path === target.file)!, { dates: period }, config.timeZone)).toBe(true);
      const whole = await readInbox(copy, config, { period: { start: lookBackStart, end: period.end } });
      const summarised = await readInbox(copy, config, { period, lookBackStart });
      expect(summarised.weekSubmissions).toEqual([]); // no lights' weeks asked for
      const again = summarised.sources.find((x) => x.file === target.file)!;
      expect(again.date >= period.start).toBe(true);
      expect(again.table.trackedOnly).toBeUndefined();
      expect(JSON.stringify(summarised.sources.filter((x) => !x.table.trackedOnly))).toBe(
        JSON.stringify(whole.sources.filter((x) => summarised.sources.some((y) => y.file === x.file && !y.table.trackedOnly))),
      );
      const options = { month, issue: 1 };
      expect(buildMonthlyReport(summarised.sources, config, options)).toEqual(buildMonthlyReport(whole.sources, config, options));
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }, 120_000);

  it('xmb monthly with summaries: the same report and --json without the cache, from a cold one and a warm one, byte for byte', async () => {
    const out = mkdtempSync(join(tmpdir(), 'xmb-skip-monthly-'));
    const saved = { now: process.env.XMB_NOW, cache: process.env.XMB_CACHE };
    const run = async (name: string) => {
      let text = '';
      const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((text += String(chunk)), true));
      try {
        const code = await main(['node', 'xmb', 'monthly', '--month', '2022-02', '--issue', '1', '--inbox', inbox, '--out', join(out, name), '--json']);
        expect(code).toBe(0);
      } finally {
        spy.mockRestore();
      }
      const [file] = readdirSync(join(out, name));
      return { json: text.split(join(out, name)).join('<out>'), docx: readFileSync(join(out, name, file!)) };
    };
    try {
      process.env.XMB_NOW = '2022-02-25T10:00:00+08:00';
      rmSync(join(inbox, CACHE_DIR_NAME), { recursive: true, force: true });
      process.env.XMB_CACHE = 'off';
      const uncached = await run('uncached');
      delete process.env.XMB_CACHE;
      const cold = await run('cold');
      const warm = await run('warm');
      // The problem line counts weeks before the period, which came from summaries.
      expect(JSON.parse(uncached.json).problems.weeks.length).toBeGreaterThan(0);
      expect(JSON.parse(uncached.json).tables.read).toBeGreaterThan(0);
      for (const other of [cold, warm]) {
        expect(other.json).toBe(uncached.json);
        expect(other.docx.equals(uncached.docx)).toBe(true);
      }
    } finally {
      for (const [key, value] of [['XMB_NOW', saved.now], ['XMB_CACHE', saved.cache]] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);

  it.each(['2022-01', '2022-02'])('status --month %s: the same weeks from fewer files', async (month) => {
    const weeks = weeksOfMonth(month, config);
    const kinds = weeklyKinds(config);
    const all = await loadInbox(inbox, config, { allowEmpty: true });
    const some = await loadInbox(inbox, config, { allowEmpty: true, weeks });
    expect(some.skipped).toBeGreaterThan(0);
    const view = (subs: typeof all.submissions) =>
      selectWeeks(subs, weeks, kinds, config).map((s) => ({
        entries: submissionEntries(s, config.timeZone),
        elsewhere: s.cells.map((c) => c.elsewhere.map((e) => `${e.file}#${e.sheet}`)),
        excluded: s.excluded.map((e) => e.reason),
      }));
    expect(view(some.submissions)).toEqual(view(all.submissions));
  }, 120_000);

  it.each([2021, 2022])('status --year %s: the same counts and statistics from the files it reads', async (year) => {
    const kinds = weeklyKinds(config);
    const yearWeeks = weeksOfYear(year, config);
    const all = await loadInbox(inbox, config, { allowEmpty: true });
    const some = await loadInbox(inbox, config, { allowEmpty: true, weeks: yearWeeks, dates: { start: `${year}-01-01`, end: `${year}-12-31` } });
    if (year === 2021) expect(some.skipped).toBeGreaterThan(0);
    const view = (subs: typeof all.submissions) => ({
      counts: countSelections(selectWeeks(subs, yearWeeks, kinds, config), kinds, config),
      statistics: yearStatistics(
        subs.map((s) => sourceFromTable(s, config.timeZone)).filter((x): x is SourceTable => x !== null),
        config,
        year,
      ),
    });
    expect(view(some.submissions)).toEqual(view(all.submissions));
  }, 120_000);
});
