/**
 * A table whose 填表日期 is last week's, end to end (issue 8 item 3, issue 7 item 8): receive and
 * validate warn naming both weeks; the week it was dated for keeps the table received during that
 * week, and 报送情况 says what came later; the week it came in shows the mismatch.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeDistrictWorkbook } from '../../scripts/fixtures/district-workbook.js';
import { runCli } from '../support/cli.js';

let root: string;
let inbox: string;
let onTime: string;
let resent: string;

async function third(path: string, fillDate: string, name: string): Promise<void> {
  const [y, m, d] = fillDate.split('-').map(Number);
  await writeDistrictWorkbook(path, {
    sheets: [
      {
        name: 'Sheet1',
        kind: 'lagging',
        rows: [{ name, overview: '厂房', period: '2021.03-2023.12', total: 40000, plan: 10000, completed: 7000, progress: '施工', problems: '用地手续未完成', coordination: '正在协调', district: '高新区' }],
        options: { fillDate: `填表日期：${y}年${m}月${d}日`, reportingUnit: '报送单位：第三组（高新区）' },
      },
    ],
  });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'xmb-stale-'));
  inbox = join(root, '收件');
  onTime = join(root, '第三组-0225.xlsx');
  resent = join(root, '第三组-0225（重发）.xlsx');
  await third(onTime, '2022-02-25', '高新甲项目');
  await third(resent, '2022-02-25', '高新甲项目（改）');
  expect(runCli(['receive', onTime, '--inbox', inbox], { cwd: root, env: { XMB_NOW: '2022-02-25T10:50:00+08:00' } }).code).toBe(0);
});

describe('receive and validate warn, naming both weeks', () => {
  it('receive on Monday of the next week: a warning with both weeks, filed in this week’s folder', () => {
    const run = runCli(['receive', resent, '--inbox', inbox], { cwd: root, env: { XMB_NOW: '2022-02-28T09:15:00+08:00' } });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/→ .*2022-W09\/第03组_高新区_进度滞后_20220228-0915\.xlsx/);
    expect(run.stdout).toMatch(/! [A-Z]2：填表日期 2022-02-25 在2022年第8周，这份表是2022年第9周（2022年2月28日）收到的：如是重发的旧表，请让区县报送本周的表/);
  });

  it('validate of a file outside an inbox: its modification time, never later than now (XMB_NOW)', () => {
    const run = runCli(['validate', '--json', resent], { cwd: root, env: { XMB_NOW: '2022-03-02T10:00:00+08:00' } });
    const issues = JSON.parse(run.stdout).results[0].issues;
    expect(issues.map((i: { code: string }) => i.code)).toEqual(['filldate-stale']);
    expect(issues[0].message).toMatch(/2022年第8周.*今天（2022年3月2日）已是2022年第9周/);
    expect(run.code).toBe(0);
    // the same week: nothing
    const same = runCli(['validate', '--json', resent], { cwd: root, env: { XMB_NOW: '2022-02-26T10:00:00+08:00' } });
    expect(JSON.parse(same.stdout).results[0].issues).toEqual([]);
    // four weeks on, a loose file is still taken as a resend; five weeks on it is an old file, not a resend
    const fourWeeks = runCli(['validate', '--json', resent], { cwd: root, env: { XMB_NOW: '2022-03-23T10:00:00+08:00' } });
    expect(JSON.parse(fourWeeks.stdout).results[0].issues.map((i: { code: string }) => i.code)).toEqual(['filldate-stale']);
    const fiveWeeks = runCli(['validate', '--json', resent], { cwd: root, env: { XMB_NOW: '2022-03-30T10:00:00+08:00' } });
    expect(JSON.parse(fiveWeeks.stdout).results[0].issues).toEqual([]);
    // the real clock: the file was just written, years after its 填表日期 — an archived table, not a resend
    const now = runCli(['validate', '--json', resent], { cwd: root, env: { XMB_NOW: '' } });
    expect(JSON.parse(now.stdout).results[0].issues).toEqual([]);
  });

  it('validate of the filed copies in the inbox uses the ledger’s receipt time', () => {
    const run = runCli(['validate', '--json', join(inbox, '2022-W09'), join(inbox, '2022-W08')], { cwd: root, env: { XMB_NOW: '2023-01-01T10:00:00+08:00' } });
    const results = JSON.parse(run.stdout).results as { file: string; issues: { code: string; message: string }[] }[];
    const w09 = results.find((r) => r.file.includes('2022-W09'))!;
    const w08 = results.find((r) => r.file.includes('2022-W08'))!;
    expect(w09.issues.map((i) => i.message)).toEqual([expect.stringMatching(/这份表是2022年第9周（2022年2月28日）收到的/)]);
    expect(w08.issues).toEqual([]);
  });
});

describe('merge and status', () => {
  it('W08 keeps the table received on time; 报送情况 shows the resend; W09 shows the mismatch', async () => {
    const env = { XMB_NOW: '2022-03-04T15:00:00+08:00' };
    const json = runCli(['merge', '--week', '2022-W08', '--inbox', inbox, '--out', join(root, '汇总-json'), '--json'], { cwd: root, env });
    const three = JSON.parse(json.stdout).submissions.filter((s: { group: number; kind: string }) => s.group === 3 && s.kind === 'lagging');
    expect(three.map((s: { status: string }) => s.status)).toEqual(['superseded', 'on-time']);

    const out = join(root, '汇总');
    const merge = runCli(['merge', '--week', '2022-W08', '--inbox', inbox, '--out', out], { cwd: root, env });
    expect(merge.code).toBe(0);
    expect(merge.stdout).toMatch(/第三组.*按时（第9周又收到1份，未替换）/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(out, readdirSync(out).find((n) => n.includes('进度滞后'))!));
    const sheet = book.getWorksheet('进度滞后')!;
    const names: string[] = [];
    sheet.eachRow((row) => names.push(String(row.getCell(2).value)));
    expect(names).toContain('高新甲项目');
    expect(names).not.toContain('高新甲项目（改）');
    const status: string[][] = [];
    book.getWorksheet('报送情况')!.eachRow((row) => status.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    const resend = status.find((r) => r.includes('已被替代'))!;
    expect(resend.join(' ')).toMatch(/填表日期在本周，第9周才收到（可能是重发的旧表）：本周内已收到有效表格，未替换/);
    expect(resend.join(' ')).not.toMatch(/已有更晚收到的有效表格/);

    const w09 = runCli(['status', '--week', '2022-W09', '--inbox', inbox], { cwd: root, env });
    expect(w09.stdout).toMatch(/第三组.*未报（收到第8周的表1份）/);
    expect(readFileSync(join(inbox, '收件登记.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
  });
});
