/**
 * filldate-stale tells most tables without the zone's rules (issue 9: the first use of a zone's
 * rules costs ≈ 30 ms): the received week lies between the UTC weeks of receipt − 12 h and
 * receipt + 14 h. The short cut must decide exactly as the general path, which works out the week
 * received in the zone and compares. Checked here for receipts every 30 minutes over the days
 * around a week's end, fill dates from five weeks before to one after, in zones from −12 h to
 * +14 h, for a ledger receipt and for a loose file (whose limit is LOOSE_FILE_STALE_WEEKS weeks).
 */
import { describe, expect, it } from 'vitest';
import { RULES, type Receipt } from '../../src/rules/index.js';
import { LOOSE_FILE_STALE_WEEKS } from '../../src/rules/filldate/filldate-stale.js';
import { isoWeekOf, isoWeekOfDate, weekRange } from '../../src/time/index.js';
import { config, makeTable } from './builder.js';

const rule = RULES.find((r) => r.code === 'filldate-stale')!;

/** The general path: the week received in the zone, compared with the fill date's week. */
function stale(fillIso: string, at: Date, from: Receipt['from'], timeZone: string): boolean {
  const filled = isoWeekOfDate(fillIso);
  const received = isoWeekOf(at, timeZone);
  if (filled >= received) return false;
  const weeks = Math.round((weekRange(received, 'UTC').start.getTime() - weekRange(filled, 'UTC').start.getTime()) / (7 * 86_400_000));
  const loose = from === 'file' || from === 'now';
  return !(loose && weeks > LOOSE_FILE_STALE_WEEKS);
}

const ZONES = ['Asia/Shanghai', 'Etc/GMT+12', 'Pacific/Kiritimati', 'America/New_York', 'UTC', 'Asia/Kolkata'];
/** Monday 2022-03-07 and the fill dates around it (Sunday before it, five weeks back, a week on). */
const FILLS = ['2022-03-06', '2022-03-07', '2022-02-28', '2022-02-06', '2022-02-07', '2022-01-30', '2022-01-31', '2022-03-14'];

describe('filldate-stale decides as the week received in the zone says', () => {
  it.each(ZONES)('%s', (timeZone) => {
    const context = (at: Date, from: Receipt['from']) => ({ config: { ...config, timeZone }, receipt: { at, from } });
    let checked = 0;
    let reported = 0;
    const start = Date.UTC(2022, 2, 5);
    for (let t = start; t <= start + 4 * 86_400_000; t += 30 * 60_000) {
      const at = new Date(t);
      for (const iso of FILLS)
        for (const from of ['ledger', 'file'] as const) {
          const table = makeTable('lagging', [{}], { fillDate: { ref: 'B2', display: iso, iso } });
          const found = rule.check(table, context(at, from)).length > 0;
          expect(found, `${iso} received ${at.toISOString()} (${from})`).toBe(stale(iso, at, from, timeZone));
          checked++;
          if (found) reported++;
        }
    }
    // Both answers occur: the check is not trivially constant.
    expect(reported).toBeGreaterThan(0);
    expect(reported).toBeLessThan(checked);
  });
});
