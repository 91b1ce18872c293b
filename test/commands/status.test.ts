/** xmb status on a small generated inbox: a week (same statuses as merge), a month, the year's counts. */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeDistrictWorkbook, type FixtureRow } from '../../scripts/fixtures/district-workbook.js';
import { mergeSubmissionSchema } from '../../src/merge/plan-schema.js';
import { runCli } from '../support/cli.js';

let root: string;
let inbox: string;

const row = (name: string): FixtureRow => ({
  name,
  period: '2021.03-2023.12',
  total: 1000,
  plan: 500,
  completed: 100,
  progress: '施工中',
  problems: '资金不足，涉及区财政局',
  district: '中原区',
});

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'xmb-status-'));
  inbox = join(root, '收件');
  const files = [
    { name: 'w09.xlsx', fill: '2022年3月3日', at: '2022-03-03T10:00:00+08:00' },
    { name: 'w10.xlsx', fill: '2022年3月11日', at: '2022-03-11T12:30:00+08:00' },
  ];
  for (const f of files) {
    const path = join(root, f.name);
    await writeDistrictWorkbook(path, {
      sheets: [{ name: 'Sheet1', kind: 'lagging', rows: [row(`项目${f.name}`)], options: { fillDate: `填表日期：${f.fill}`, reportingUnit: '报送单位：第一组（中原区）' } }],
    });
    const run = runCli(['receive', path, '--inbox', inbox], { env: { XMB_NOW: f.at, TZ: 'UTC' } });
    expect(run.code).toBe(0);
  }
});

describe('xmb status', () => {
  it('shows a week as merge does, without writing anything', () => {
    const before = readdirSync(root).sort();
    const run = runCli(['status', '--week', '2022-03-08', '--inbox', inbox, '--json'], { env: { TZ: 'America/New_York' } });
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.week).toBe('2022-W10');
    expect(doc.deadline).toBe('2022-03-11T12:00:00+08:00');
    for (const s of doc.submissions) mergeSubmissionSchema.parse(s);
    expect(doc.submissions.find((s: { group: number; kind: string }) => s.group === 1 && s.kind === 'lagging').status).toBe('late');
    expect(readdirSync(root).sort()).toEqual(before);
    const text = runCli(['status', '--week', '2022-W09', '--inbox', inbox]);
    expect(text.stdout).toMatch(/第一组\s*│\s*中原区\s*│\s*刘书玉\s*│\s*按时/);
    expect(text.stdout).toMatch(/催报名单/);
  });

  it('says under the week’s matrix when its deadline has not come yet', () => {
    const early = runCli(['status', '--week', '--inbox', inbox], { env: { XMB_NOW: '2022-03-09T09:00:00+08:00' } });
    expect(early.code).toBe(0);
    expect(early.stdout).toMatch(/2022年第10周报送情况/);
    expect(early.stdout).toMatch(/本周截止时间 3月11日 12:00 尚未到，“未报”指截至目前未收到/);
    const after = runCli(['status', '--week', '--inbox', inbox], { env: { XMB_NOW: '2022-03-11T12:00:01+08:00' } });
    expect(after.stdout).toMatch(/2022年第10周报送情况/);
    expect(after.stdout).not.toMatch(/尚未到/);
  });

  it('shows the weeks of a month, weeks not yet due as such', () => {
    const run = runCli(['status', '--month', '2022-03', '--inbox', inbox], { env: { XMB_NOW: '2022-03-14T09:00:00+08:00' } });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/2022年3月各周报送情况/);
    expect(run.stdout).toMatch(/第一组\s*│\s*中原区\s*│\s*按时\s*│\s*迟报\s*│\s*未到期\s*│\s*未到期/);
    expect(run.stdout).toMatch(/第二组\s*│\s*二七区\s*│\s*未报\s*│\s*未报\s*│\s*未到期/);
    // weeks are headed as printed elsewhere (第9周), groups as the notice writes them
    expect(run.stdout).toMatch(/│ 第9周\s+│ 第10周\s+│/);
    expect(run.stdout).not.toMatch(/W\d\d|第\d+组/);
  });

  it('titles the year with its first and last week as printed', () => {
    const run = runCli(['status', '--year', '2022', '--inbox', inbox], { env: { XMB_NOW: '2022-03-14T09:00:00+08:00' } });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/2022年各组报送情况（3 周：2022年第9周 至 2022年第11周）/);
    expect(run.stdout).toMatch(/第十六组/);
    expect(run.stdout).not.toMatch(/W\d\d|第\d+组/);
  });

  it('counts the year per group and kind, from the first reported week to this week', () => {
    const run = runCli(['status', '--year', '2022', '--inbox', inbox, '--json'], { env: { XMB_NOW: '2022-03-14T09:00:00+08:00' } });
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.weeks).toEqual(['2022-W09', '2022-W10', '2022-W11']);
    expect(doc.groups[0].kinds.lagging).toEqual({ weeks: 2, onTime: 1, late: 1, invalid: 0, missing: 1, rows: 2 });
    expect(doc.groups[1].submitted).toBe(0);
    // two projects (one per week); two problems in the ledger, none solved (the first project is simply not reported again)
    expect(doc.groups[0]).toMatchObject({ projectsServed: 2, problemsReported: 2, problemsSolved: 0, monthlyItems: 0 });
    expect(doc.groups[0]).not.toHaveProperty('problemsCoordinated');
  });

  it('refuses two periods at once', () => {
    const run = runCli(['status', '--week', '--month', '--inbox', inbox]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/只能选一个/);
  });
});
