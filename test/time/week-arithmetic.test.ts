/**
 * Issue 9: week maths by plain arithmetic (src/time/calendar.ts) must agree with date-fns +
 * @date-fns/tz — what src/time did before — on every day of 2020–2030 in Asia/Shanghai, whatever
 * the machine's TZ is. The date-fns answers are computed here; the arithmetic answers come from
 * child processes started with TZ=UTC, America/New_York, Asia/Kolkata and Asia/Shanghai.
 * A zone with daylight saving at midnight (America/Santiago) is checked over two years as well.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TZDate } from '@date-fns/tz';
import { addDays, addWeeks, format, formatISO, getISOWeek, getISOWeekYear, startOfISOWeek } from 'date-fns';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/cli.js';

type Question = [fn: string, arg: string | number];

/** The date-fns way of answering each question (src/time/week.ts before issue 9). */
function reference(zone: string) {
  const weekOf = (d: Date) => `${getISOWeekYear(d)}-W${String(getISOWeek(d)).padStart(2, '0')}`;
  const range = (id: string) => {
    const [year, week] = [Number(id.slice(0, 4)), Number(id.slice(6))];
    const start = new TZDate(addWeeks(startOfISOWeek(new TZDate(year, 0, 4, zone)), week - 1).getTime(), zone);
    const end = new TZDate(addWeeks(start, 1).getTime(), zone);
    return { start, end, days: Array.from({ length: 7 }, (_, i) => format(addDays(start, i), 'yyyy-MM-dd')) };
  };
  return {
    isoWeekOfDate: (iso: string) => {
      const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
      return weekOf(new TZDate(y, m - 1, d, 'UTC'));
    },
    calendarDate: (iso: string) => {
      const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
      return new TZDate(y, m - 1, d, zone).getTime();
    },
    isoWeekOf: (ms: number) => weekOf(new TZDate(ms, zone)),
    dateInZone: (ms: number) => format(new TZDate(ms, zone), 'yyyy-MM-dd'),
    // filldate-stale's “收到” day (formatWall with this pattern before it was arithmetic).
    dayLabel: (ms: number) => format(new TZDate(ms, zone), 'yyyy年M月d日'),
    formatZoned: (ms: number) => formatISO(new TZDate(ms, zone)),
    weekRange: (id: string) => {
      const r = range(id);
      return { start: r.start.getTime(), end: r.end.getTime(), days: r.days };
    },
    weekDeadline: (id: string) => {
      const day = addDays(range(id).start, 4);
      return new TZDate(day.getFullYear(), day.getMonth(), day.getDate(), 12, 0, 0, zone).getTime();
    },
    previousWeek: (id: string) => weekOf(addWeeks(range(id).start, -1)),
    nextWeek: (id: string) => weekOf(range(id).end),
    isRealWeek: (id: string) => weekOf(range(id).start) === id,
  };
}

/** Every day of the years: its week and midnight, its first and last second; every Monday's week maths. */
function questionsFor(zone: string, first: number, last: number): { questions: Question[]; expected: unknown[] } {
  const ref = reference(zone);
  const questions: Question[] = [];
  const expected: unknown[] = [];
  const ask = (fn: keyof typeof ref, arg: string | number) => {
    questions.push([fn, arg]);
    expected.push((ref[fn] as (a: string | number) => unknown)(arg));
  };
  for (let t = Date.UTC(first, 0, 1); t <= Date.UTC(last, 11, 31); t += 86_400_000) {
    const day = new Date(t);
    const iso = day.toISOString().slice(0, 10);
    ask('isoWeekOfDate', iso);
    ask('calendarDate', iso);
    const midnight = ref.calendarDate(iso);
    for (const ms of [midnight, midnight + 86_399_000]) {
      ask('isoWeekOf', ms);
      ask('dateInZone', ms);
      ask('dayLabel', ms);
    }
    if (day.getUTCDay() === 1) {
      const id = ref.isoWeekOfDate(iso);
      for (const fn of ['weekRange', 'weekDeadline', 'previousWeek', 'nextWeek', 'isRealWeek'] as const) ask(fn, id);
      ask('formatZoned', midnight);
    }
  }
  for (let y = first; y <= last; y++) ask('isRealWeek', `${y}-W53`);
  return { questions, expected };
}

const dir = mkdtempSync(join(tmpdir(), 'xmb-week-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function answersUnder(processZone: string, file: string) {
  const run = spawnSync(process.execPath, [join(REPO_ROOT, 'test', 'time', 'week-answers.mjs'), file], {
    env: { ...process.env, TZ: processZone },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as { processZone: string; offsetMinutes: number; answers: unknown[] };
}

function firstDifferences(questions: Question[], expected: unknown[], answers: unknown[]) {
  const out: { question: Question; got: unknown; want: unknown }[] = [];
  for (let i = 0; i < questions.length && out.length < 10; i++)
    if (JSON.stringify(answers[i]) !== JSON.stringify(expected[i])) out.push({ question: questions[i]!, got: answers[i], want: expected[i] });
  return out;
}

describe('week arithmetic agrees with date-fns whatever TZ is', () => {
  const shanghai = questionsFor('Asia/Shanghai', 2020, 2030);
  const file = join(dir, 'shanghai.json');
  writeFileSync(file, JSON.stringify({ zone: 'Asia/Shanghai', questions: shanghai.questions }));

  it('asks about every day of 2020–2030', () => {
    expect(shanghai.questions.filter(([fn]) => fn === 'isoWeekOfDate')).toHaveLength(4018);
    // The reference itself is not trivially constant: weeks 53 exist in 2020 and 2026 only.
    const realW53 = shanghai.questions.flatMap(([fn, arg], i) => (fn === 'isRealWeek' && String(arg).endsWith('W53') && shanghai.expected[i] ? [arg] : []));
    expect([...new Set(realW53)]).toEqual(['2020-W53', '2026-W53']);
  });

  it.each([
    ['UTC', 0],
    ['America/New_York', 300],
    ['Asia/Kolkata', -330],
    ['Asia/Shanghai', -480],
  ])('in Asia/Shanghai, with the process in TZ=%s', (processZone, offsetMinutes) => {
    const run = answersUnder(processZone, file);
    // The child really ran in that zone (1 January: no daylight saving in New York's offset sign).
    expect(run.offsetMinutes).toBe(offsetMinutes);
    expect(run.answers).toHaveLength(shanghai.questions.length);
    expect(firstDifferences(shanghai.questions, shanghai.expected, run.answers)).toEqual([]);
  });

  it('in America/Santiago (clocks change at midnight), 2022–2023', () => {
    const santiago = questionsFor('America/Santiago', 2022, 2023);
    const santiagoFile = join(dir, 'santiago.json');
    writeFileSync(santiagoFile, JSON.stringify({ zone: 'America/Santiago', questions: santiago.questions }));
    // Days whose midnight does not exist there: the arithmetic must move them as date-fns does.
    const skipped = santiago.questions.filter(
      ([fn], i) => fn === 'calendarDate' && formatISO(new TZDate(santiago.expected[i] as number, 'America/Santiago')).slice(11, 19) !== '00:00:00',
    );
    expect(skipped.length).toBe(2);
    const run = answersUnder('Asia/Kolkata', santiagoFile);
    expect(firstDifferences(santiago.questions, santiago.expected, run.answers)).toEqual([]);
  });
});
