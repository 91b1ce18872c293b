/**
 * Skipping files the ledger places outside the period (issue 9) must never change a result: on a
 * generated stretch of a year (two groups' files of 2022-W01 … W08, with their ledger), what
 * monthly, status --month and status --year compute from the files they read is what they compute
 * from every file — and they do leave files unread.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import { loadInbox } from '../../src/merge/load.js';
import { submissionEntries } from '../../src/merge/plan.js';
import { weeklyKinds } from '../../src/merge/select.js';
import { countSelections, selectWeeks } from '../../src/merge/status-summary.js';
import { readInbox } from '../../src/monthly/inbox.js';
import { monthPeriod } from '../../src/monthly/period.js';
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
