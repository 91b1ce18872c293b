import { describe, expect, it } from 'vitest';
import {
  completionRate,
  dayOfYear,
  DEFAULT_LIGHT_SETTINGS,
  lightNote,
  lightWord,
  progressLight,
  scheduleShare,
  weeksBetween,
  type EarlierReport,
} from '../../src/merge/lights.js';

describe('序时进度: the share of the year elapsed at the 填表日期', () => {
  // Hand-computed: day of the year / days in the year, 1 decimal.
  const table: [string, number, number][] = [
    ['2022-01-01', 1, 0.3], // 1/365 = 0.27
    ['2022-03-04', 63, 17.3], // 31+28+4 = 63; 63/365 = 17.26
    ['2022-06-30', 181, 49.6], // 181/365 = 49.59
    ['2024-03-01', 61, 16.7], // leap year: 31+29+1 = 61; 61/366 = 16.67
    ['2022-12-31', 365, 100],
  ];
  it.each(table)('%s is day %i, 序时 %f%%', (date, day, share) => {
    expect(dayOfYear(date)).toBe(day);
    expect(scheduleShare(date)).toBe(share);
  });

  it('with quarterly targets [20, 45, 75, 100] the target rises linearly through each quarter', () => {
    const q = { quarterTargets: [20, 45, 75, 100] as const };
    expect(scheduleShare('2022-03-04', q)).toBe(14); // Q1 has 90 days: 20 × 63/90 = 14.0
    expect(scheduleShare('2022-03-31', q)).toBe(20);
    expect(scheduleShare('2022-05-15', q)).toBe(32.4); // Q2 days 91–181: 20 + 25 × 45/91 = 32.36
    expect(scheduleShare('2022-12-31', q)).toBe(100);
  });
});

describe('lights against a hand-computed table (default bands: 绿 ≤ 10 points below, 黄 ≤ 30, 红 beyond)', () => {
  const w = (week: string, completed: number | null): EarlierReport => ({ week, completed });
  type Row = [string, number | null, number | null, string, EarlierReport[], string, number | null, number | null];
  // name, plan, completed, date, history, expected word ('' = no light), 完成率, gap
  const rows: Row[] = [
    ['ahead of time', 100, 50, '2022-03-04', [], '绿', 50, -32.7],
    ['7.3 points behind', 1000, 100, '2022-03-04', [], '绿', 10, 7.3],
    ['exactly 10.0 behind: still 绿', 1000, 73, '2022-03-04', [], '绿', 7.3, 10],
    ['10.1 behind: 黄', 1000, 72, '2022-03-04', [], '黄', 7.2, 10.1],
    ['nothing done yet: 17.3 behind, 黄', 2000, 0, '2022-03-04', [], '黄', 0, 17.3],
    ['exactly 30.0 behind: still 黄', 3000, 588, '2022-06-30', [], '黄', 19.6, 30],
    ['30.1 behind: 红', 3000, 585, '2022-06-30', [], '红', 19.5, 30.1],
    ['far behind at mid-year: 红', 52000, 4100, '2022-06-30', [], '红', 7.9, 41.7],
    ['above the plan: 存疑', 800, 900, '2022-03-04', [], '存疑', 112.5, -95.2],
    ['fell since last week: 存疑', 1000, 150, '2022-03-04', [w('2022-W08', 200)], '存疑', 15, 2.3],
    ['same figure W06, W07, W08, W09: 3 weeks, 存疑', 1000, 120, '2022-03-04', [w('2022-W06', 120), w('2022-W07', 120), w('2022-W08', 120)], '存疑', 12, 5.3],
    ['same figure W07–W09: 2 weeks, a light', 1000, 120, '2022-03-04', [w('2022-W07', 120), w('2022-W08', 120)], '绿', 12, 5.3],
    ['same figure W05 and W09 with a week missing between: 4 weeks, 存疑', 1000, 120, '2022-03-04', [w('2022-W05', 120), w('2022-W08', 120)], '存疑', 12, 5.3],
    ['changed in W07, then still: 2 weeks, a light', 1000, 120, '2022-03-04', [w('2022-W06', 100), w('2022-W07', 120), w('2022-W08', 120)], '绿', 12, 5.3],
    ['a later week in the history is ignored', 1000, 120, '2022-03-04', [w('2022-W10', 500)], '绿', 12, 5.3],
    ['no plan: no light', null, 120, '2022-03-04', [], '', null, null],
    ['plan 0: no light', 0, 120, '2022-03-04', [], '', null, null],
    ['no 截至完成投资: no light', 1000, null, '2022-03-04', [], '', null, null],
  ];
  it.each(rows)('%s', (_name, plan, completed, date, history, word, rate, gap) => {
    const light = progressLight({ plan, completed, date, week: '2022-W09', history });
    expect(lightWord(light)).toBe(word);
    if (rate === null) expect(light.state).toBe('none');
    else {
      expect(light.state === 'none' ? null : light.rate).toBe(rate);
      expect(light.state === 'none' ? null : light.gap).toBe(gap);
    }
  });

  it('completionRate rounds to one decimal', () => {
    expect(completionRate(1, 3)).toBe(33.3);
    expect(completionRate(2, 3)).toBe(66.7);
  });

  it('bands come from the settings', () => {
    const input = { plan: 1000, completed: 72, date: '2022-03-04', week: '2022-W09', history: [] };
    expect(lightWord(progressLight(input, { ...DEFAULT_LIGHT_SETTINGS, greenWithin: 15 }))).toBe('绿');
    expect(lightWord(progressLight(input, { ...DEFAULT_LIGHT_SETTINGS, greenWithin: 5, redBeyond: 8 }))).toBe('红');
    const stuck = { ...input, completed: 120, history: [{ week: '2022-W07', completed: 120 }] };
    expect(lightWord(progressLight(stuck, { ...DEFAULT_LIGHT_SETTINGS, stuckWeeks: 2 }))).toBe('存疑');
  });

  it('says why, in Chinese', () => {
    const fell = progressLight({ plan: 1000, completed: 150, date: '2022-03-04', week: '2022-W09', history: [{ week: '2022-W08', completed: 200 }] });
    expect(lightNote(fell)).toBe('截至完成投资比上次（2022年第8周，200万元）减少');
    const red = progressLight({ plan: 3000, completed: 585, date: '2022-06-30', week: '2022-W26', history: [] });
    expect(lightNote(red)).toBe('完成率低于序时进度30.1个百分点（超过30个百分点）');
    const stuck = progressLight({ plan: 1000, completed: 120, date: '2022-03-04', week: '2022-W09', history: [{ week: '2022-W06', completed: 120 }] });
    expect(lightNote(stuck)).toBe('截至完成投资已连续3周未变化（自2022年第6周起）');
  });

  it('weeks between ISO weeks, across a year end', () => {
    expect(weeksBetween('2022-W06', '2022-W09')).toBe(3);
    expect(weeksBetween('2021-W52', '2022-W01')).toBe(1);
    expect(weeksBetween('2020-W53', '2021-W01')).toBe(1);
  });
});
