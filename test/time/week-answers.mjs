/**
 * Child process of week-arithmetic.test.ts: answers the test's questions with src/time's plain
 * arithmetic (the compiled dist/, as bin/xmb.js runs it) under whatever TZ the test started it with,
 * and prints the answers and the process's own zone as one JSON line.
 *
 *   TZ=America/New_York node test/time/week-answers.mjs questions.json
 */
import { readFileSync } from 'node:fs';
import * as time from '../../dist/time/week.js';

const { zone, questions } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const deadlines = { weeklyWeekday: 5, weeklyTime: '12:00' };
const answer = ([fn, arg]) => {
  switch (fn) {
    case 'isoWeekOfDate':
      return time.isoWeekOfDate(arg);
    case 'calendarDate':
      return time.calendarDate(arg, zone)?.getTime() ?? null;
    case 'isoWeekOf':
      return time.isoWeekOf(new Date(arg), zone);
    case 'dateInZone':
      return time.dateInZone(new Date(arg), zone);
    case 'dayLabel':
      return time.dayLabel(new Date(arg), zone);
    case 'formatZoned':
      return time.formatZoned(new Date(arg), zone);
    case 'weekRange': {
      const r = time.weekRange(arg, zone);
      return { start: r.start.getTime(), end: r.end.getTime(), days: r.days };
    }
    case 'weekDeadline':
      return time.weekDeadline(arg, { deadlines, timeZone: zone }).getTime();
    case 'previousWeek':
      return time.previousWeek(arg, zone);
    case 'nextWeek':
      return time.nextWeek(arg, zone);
    case 'isRealWeek':
      return time.isRealWeek(arg);
    default:
      throw new Error(`unknown question ${fn}`);
  }
};
const answers = questions.map(answer);
process.stdout.write(
  `${JSON.stringify({ processZone: Intl.DateTimeFormat().resolvedOptions().timeZone, offsetMinutes: new Date(Date.UTC(2022, 0, 1)).getTimezoneOffset(), answers })}\n`,
);
