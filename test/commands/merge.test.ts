/**
 * End to end, as a clerk runs it: district workbooks (built like districts fill them) are received
 * with `xmb receive` at fixed times (XMB_NOW), then `xmb merge --week 2022-W09` runs on the inbox —
 * in two machine time zones, which must give the same bytes. The merged workbooks are read back.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeDistrictWorkbook, type FixtureRow } from '../../scripts/fixtures/district-workbook.js';
import { mergeDocumentSchema } from '../../src/merge/plan-schema.js';
import { runCli } from '../support/cli.js';

const GROUP_NAMES = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

function lagging(name: string, total: number, plan: number, completed: number, district: string, extra: Partial<FixtureRow> = {}): FixtureRow {
  return {
    name,
    overview: '新建厂房及配套设施',
    period: '2021.03-2023.12',
    total,
    plan,
    completed,
    progress: '主体施工',
    problems: '用地手续未完成，涉及市自然资源和规划局',
    coordination: '正在协调',
    district,
    ...extra,
  };
}

function leaderRow(leader: string, name: string, total: number, district: string): FixtureRow {
  return { leader, name, overview: '概况', progress: '进展顺利', problems: '无', plan: total / 4, completed: total / 10, total, period: '2022.01-2024.12', district };
}

interface Incoming {
  name: string;
  group: number | null;
  district: string;
  fillDate: string | null;
  at: string;
  rows: FixtureRow[];
  kind?: 'lagging' | 'whitelist';
}

let root: string;
let inbox: string;

/** 2022-W08 and 2022-W09 for a few groups; everything else is missing. */
const INCOMING: Incoming[] = [
  // W08 (previous week), for 本周变化
  { name: 'w08-第一组.xlsx', group: 1, district: '中原区', fillDate: '2022-02-25', at: '2022-02-25T09:00:00+08:00', rows: [lagging('中原甲项目', 50000, 20000, 8000, '中原区'), lagging('中原乙项目', 30000, 10000, 6000, '中原区'), lagging('中原丙项目', 9000, 3000, 1000, '中原区')] },
  // group 1: on time, a text cell "=1+1"
  { name: '第一组-进度滞后.xlsx', group: 1, district: '中原区', fillDate: '2022-03-03', at: '2022-03-03T10:00:00+08:00', rows: [lagging('中原甲项目', 50000, 20000, 9000, '中原区', { overview: '=1+1' }), lagging('中原 乙项目', 30000, 10000, 5000, '中原区'), lagging('中原丁项目', 12000, 4000, 1500.5, '中原区')] },
  // group 2: one minute late, and a warning (截至完成投资 above the year's plan)
  { name: '第二组-进度滞后.xlsx', group: 2, district: '二七区', fillDate: '2022-03-04', at: '2022-03-04T12:01:00+08:00', rows: [lagging('二七甲项目', 20000, 8000, 9000, '二七区'), lagging('中原丁项目', 12000, 4000, 1500.5, '二七区')] },
  // group 3: a draft superseded by the final version
  { name: '第三组-草稿.xlsx', group: 3, district: '高新区', fillDate: '2022-03-01', at: '2022-03-01T09:00:00+08:00', rows: [lagging('高新草稿项目', 1000, 500, 100, '高新区')] },
  { name: '第三组-正式.xlsx', group: 3, district: '高新区', fillDate: '2022-03-03', at: '2022-03-03T17:00:00+08:00', rows: [lagging('高新甲项目', 40000, 10000, 7000, '高新区')] },
  // group 4: invalid (截至完成投资 > 总投资)
  { name: '第四组-进度滞后.xlsx', group: 4, district: '新密市', fillDate: '2022-03-04', at: '2022-03-04T10:00:00+08:00', rows: [lagging('新密甲项目', 10000, 5000, 12000, '新密市')] },
  // group 5: received this week, but its 填表日期 is last Friday → counts for W08 (W09: missing)
  { name: '第五组-进度滞后.xlsx', group: 5, district: '巩义市', fillDate: '2022-02-25', at: '2022-02-28T08:30:00+08:00', rows: [lagging('巩义甲项目', 10000, 5000, 2000, '巩义市')] },
  // no group can be told: no 报送单位, a neutral file name, rows from two districts
  { name: '进度滞后汇总表.xlsx', group: null, district: '', fillDate: '2022-03-03', at: '2022-03-03T11:00:00+08:00', rows: [lagging('无名甲项目', 1000, 500, 100, '中原区'), lagging('无名乙项目', 1000, 500, 100, '二七区')] },
];

function fillDateText(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `填表日期：${y}年${m}月${d}日`;
}

async function receiveAll(): Promise<void> {
  for (const item of INCOMING) {
    const path = join(root, 'incoming', item.name);
    await writeDistrictWorkbook(path, {
      sheets: [
        {
          name: 'Sheet1',
          kind: item.kind ?? 'lagging',
          rows: item.rows,
          options: {
            fillDate: item.fillDate ? fillDateText(item.fillDate) : undefined,
            reportingUnit: item.group ? `报送单位：第${GROUP_NAMES[item.group - 1]}组（${item.district}）` : null,
          },
        },
      ],
    });
    // receive in a machine zone far from Shanghai: names and folders must still be Shanghai's
    const run = runCli(['receive', path, '--inbox', inbox], { env: { XMB_NOW: item.at, TZ: 'America/New_York' } });
    expect(run.stderr).toBe('');
    expect([0, 1]).toContain(run.code);
    // the group as the notice writes it
    if (item.group) expect(run.stdout).toContain(`进度滞后 第${GROUP_NAMES[item.group - 1]}组（${item.district}）`);
  }
  // group 7: a workbook with both 附件3 and 附件4, dropped into the inbox by hand (no ledger line): mtime counts
  const hand = join(inbox, '手工放入', '第七组省市领导联系项目.xlsx');
  await writeDistrictWorkbook(hand, {
    sheets: [
      { name: '省领导', kind: 'provincial', rows: [leaderRow('赵明远', '郑东甲项目', 80000, '郑东新区')], options: { fillDate: fillDateText('2022-03-04'), reportingUnit: '报送单位：第七组（郑东新区）' } },
      { name: '市领导', kind: 'municipal', rows: [leaderRow('吴海涛', '郑东乙项目', 60000, '郑东新区'), leaderRow('郑国强', '郑东丙项目', 20000, '郑东新区')], options: { fillDate: fillDateText('2022-03-04'), reportingUnit: '报送单位：第七组（郑东新区）' } },
    ],
  });
  const handTime = new Date('2022-03-04T11:59:00+08:00');
  utimesSync(hand, handTime, handTime);
}

function merge(out: string, tz: string, extra: string[] = []) {
  return runCli(['merge', '--week', '2022-W09', '--inbox', inbox, '--out', out, ...extra], {
    env: { TZ: tz, XMB_NOW: '2022-03-04T15:00:00+08:00' },
  });
}

async function readBack(path: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook;
}

function sheetRows(sheet: ExcelJS.Worksheet): ExcelJS.CellValue[][] {
  const rows: ExcelJS.CellValue[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    rows.push((row.values as ExcelJS.CellValue[]).slice(1));
  });
  return rows;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'xmb-merge-'));
  inbox = join(root, '收件');
  await receiveAll();
});

describe('xmb receive', () => {
  it('files copies under the receipt week with canonical Shanghai-time names and one ledger line each', () => {
    expect(readdirSync(join(inbox, '2022-W09')).sort()).toContain('第02组_二七区_进度滞后_20220304-1201.xlsx');
    expect(readdirSync(join(inbox, '2022-W09'))).toContain('第05组_巩义市_进度滞后_20220228-0830.xlsx');
    expect(readdirSync(join(inbox, '2022-W09'))).toContain('未知组_未知区县_进度滞后_20220303-1100.xlsx');
    expect(readdirSync(join(inbox, '2022-W08'))).toEqual(['第01组_中原区_进度滞后_20220225-0900.xlsx']);
    const ledger = readFileSync(join(inbox, '收件登记.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(ledger).toHaveLength(INCOMING.length);
    const two = ledger.find((e) => e.original === '第二组-进度滞后.xlsx');
    expect(two).toMatchObject({ receivedAt: '2022-03-04T12:01:00+08:00', file: '2022-W09/第02组_二七区_进度滞后_20220304-1201.xlsx' });
    expect(two.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(two.tables[0]).toMatchObject({ kind: 'lagging', group: 2, district: '二七区', fillDate: '2022-03-04', rows: 2, valid: true });
  });

  it('records identical content once and says so, and exits 1 with the way back for an invalid file', () => {
    const again = runCli(['receive', join(root, 'incoming', '第一组-进度滞后.xlsx'), '--inbox', inbox], { env: { XMB_NOW: '2022-03-04T16:00:00+08:00' } });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/已收过/);
    expect(readFileSync(join(inbox, '收件登记.jsonl'), 'utf8').trim().split('\n')).toHaveLength(INCOMING.length);
    const bad = runCli(['receive', join(root, 'incoming', '第四组-进度滞后.xlsx'), '--inbox', inbox], { env: { XMB_NOW: '2022-03-04T16:00:00+08:00' } });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/xmb validate .*--annotate 退回\//);
  });
});

describe('xmb merge --week 2022-W09', () => {
  let outA: string;
  let outB: string;
  let runA: ReturnType<typeof merge>;

  beforeAll(() => {
    outA = join(root, '汇总-UTC');
    outB = join(root, '汇总-NY');
    runA = merge(outA, 'UTC');
  });

  it('writes one workbook per recipient and prints the matrix and the 催报名单', () => {
    expect(runA.stderr).toBe('');
    expect(runA.code).toBe(0);
    expect(readdirSync(outA).sort()).toEqual([
      '2022年第09周_白名单落实情况_石明洋.xlsx',
      '2022年第09周_省市领导联系项目_徐大利.xlsx',
      '2022年第09周_进度滞后项目_肖磊.xlsx',
    ]);
    expect(runA.stdout).toMatch(/第二组\s*│\s*二七区\s*│\s*牛永平\s*│\s*迟报 3\/4 12:01/);
    expect(runA.stdout).toMatch(/第三组.*按时（替代1份）/);
    expect(runA.stdout).toMatch(/第四组.*无效/);
    expect(runA.stdout).toMatch(/催报名单/);
    expect(runA.stdout).toMatch(/第十六组（中牟县）组长 杨念峰，分管副组长 侯哲峰：缺 进度滞后、省领导联系、市领导联系、白名单/);
    expect(runA.stdout).toMatch(/未计入汇总的文件：[\s\S]*无法判断报送组别/);
  });

  it('gives the same JSON and the same bytes in UTC and in New York', () => {
    const jsonA = merge(join(root, 'json-UTC'), 'UTC', ['--json']);
    const jsonB = merge(join(root, 'json-NY'), 'America/New_York', ['--json']);
    expect(jsonA.code).toBe(0);
    const docA = mergeDocumentSchema.parse(JSON.parse(jsonA.stdout));
    const docB = mergeDocumentSchema.parse(JSON.parse(jsonB.stdout));
    expect({ ...docB, outputs: docB.outputs.map((o) => ({ ...o, file: o.file.replace('json-NY', 'json-UTC') })) }).toEqual(docA);
    const runB = merge(outB, 'America/New_York');
    expect(runB.code).toBe(0);
    for (const name of readdirSync(outA)) expect(readFileSync(join(outB, name)).equals(readFileSync(join(outA, name)))).toBe(true);
  });

  it('reports each group × kind status in the §5 JSON', () => {
    const run = merge(join(root, 'json-status'), 'UTC', ['--json']);
    const doc = mergeDocumentSchema.parse(JSON.parse(run.stdout));
    expect(doc.week).toBe('2022-W09');
    expect(doc.deadline).toBe('2022-03-04T12:00:00+08:00');
    const of = (group: number, kind = 'lagging') => doc.submissions.filter((s) => s.group === group && s.kind === kind).map((s) => s.status);
    expect(of(1)).toEqual(['on-time']);
    expect(of(2)).toEqual(['late']);
    expect(of(3)).toEqual(['on-time', 'superseded']);
    expect(of(4)).toEqual(['invalid']);
    expect(of(5)).toEqual(['missing']);
    expect(of(7, 'provincial')).toEqual(['on-time']);
    expect(of(7, 'municipal')).toEqual(['on-time']);
    expect(of(16, 'whitelist')).toEqual(['missing']);
    expect(doc.submissions.find((s) => s.group === 2)!.receivedAt).toBe('2022-03-04T12:01:00+08:00');
    expect(doc.outputs.find((o) => o.recipient === '肖磊')!.rows).toBe(6);
    expect(doc.outputs.find((o) => o.recipient === '徐大利')!.rows).toBe(3);
  });

  it('merges the rows in roster order with the inputs’ sums, a 合计 row, 报送组别, 来源文件 and text kept text', async () => {
    const workbook = await readBack(join(outA, '2022年第09周_进度滞后项目_肖磊.xlsx'));
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['进度滞后', '报送情况', '本周变化', '进度预警']);
    const sheet = workbook.getWorksheet('进度滞后')!;
    expect(sheet.getCell('A1').value).toBe('进度滞后的省市重点项目进展情况统计表');
    expect(sheet.getCell('A2').value).toBe('填表日期：2022年3月4日');
    // the template's 11 columns, 完成率, 序时进度, 亮灯 (issue 11), then 报送组别 and 来源文件
    expect([12, 13, 14].map((c) => sheet.getRow(3).getCell(c).value)).toEqual(['完成率\n(%)', '序时进度\n(%)', '亮灯']);
    expect(sheet.getRow(3).getCell(15).value).toBe('报送组别');
    expect(sheet.getRow(3).getCell(16).value).toBe('来源文件');
    const data = [4, 5, 6, 7, 8, 9].map((r) => sheet.getRow(r));
    expect(data.map((r) => r.getCell(1).value)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(data.map((r) => r.getCell(2).value)).toEqual(['中原甲项目', '中原 乙项目', '中原丁项目', '二七甲项目', '中原丁项目', '高新甲项目']);
    expect(data.map((r) => r.getCell(15).value)).toEqual(['第一组', '第一组', '第一组', '第二组', '第二组', '第三组']);
    expect(data[5]!.getCell(16).value).toBe('第03组_高新区_进度滞后_20220303-1700.xlsx');
    // "=1+1" in a submission is text, not a formula
    expect(data[0]!.getCell(3).value).toBe('=1+1');
    expect(data[0]!.getCell(3).type).toBe(ExcelJS.ValueType.String);
    // sums equal the inputs' (groups 1, 2 and 3's final table)
    const inputs = [INCOMING[1]!, INCOMING[2]!, INCOMING[4]!].flatMap((i) => i.rows);
    const sum = (f: 'total' | 'plan' | 'completed') => inputs.reduce((n, r) => n + (r[f] as number), 0);
    const col = { total: 5, plan: 6, completed: 7 };
    for (const f of ['total', 'plan', 'completed'] as const)
      expect(data.reduce((n, r) => n + (r.getCell(col[f]).value as number), 0)).toBeCloseTo(sum(f), 6);
    const total = sheet.getRow(10);
    expect(total.getCell(1).value).toBe('合计');
    expect(total.getCell(5).value).toBe(sum('total'));
    expect(total.getCell(6).value).toBe(sum('plan'));
    expect(total.getCell(7).value).toBe(sum('completed'));
    expect(sheet.getRow(11).getCell(1).value ?? null).toBeNull();
    // print setup: A3 landscape, fit to width, header row repeated
    expect(sheet.pageSetup).toMatchObject({ paperSize: 8, orientation: 'landscape', fitToWidth: 1, fitToHeight: 0 });
    expect(sheet.pageSetup.printTitlesRow).toBe('3:3');
  });

  it('lists every group × kind in 报送情况 and the changes against W08 in 本周变化', async () => {
    const workbook = await readBack(join(outA, '2022年第09周_进度滞后项目_肖磊.xlsx'));
    const status = sheetRows(workbook.getWorksheet('报送情况')!).slice(3);
    // 16 groups, group 3 has two lines, plus the excluded file
    expect(status).toHaveLength(18);
    const line = (group: string) => status.filter((r) => r[1] === group).map((r) => r[5]);
    expect(line('第二组')).toEqual(['迟报']);
    expect(line('第三组')).toEqual(['按时', '已被替代']);
    expect(line('第四组')).toEqual(['无效']);
    expect(line('第五组')).toEqual(['未报']);
    expect(status.find((r) => r[1] === '第五组')![11]).toMatch(/填表日期为 2022-02-25，计入2022年第8周/);
    expect(status.find((r) => r[5] === '未计入')![11]).toMatch(/无法判断报送组别/);
    // a line with warnings says which, not only how many
    const two = status.find((r) => r[1] === '第二组')!;
    expect(two[10]).toBe(1);
    expect(two[11]).toMatch(/警告：完成投资超过年度计划（G\d+）/);
    for (const line of status) if (typeof line[10] === 'number' && line[10] > 0) expect(line[11], String(line[1])).toMatch(/警告：|无填表日期/);

    const changes = sheetRows(workbook.getWorksheet('本周变化')!).slice(3);
    const kinds = changes.map((r) => [r[2], r[3], r[5]]);
    expect(kinds).toContainEqual(['完成投资下降', '第一组', '中原 乙项目']); // matched to 中原乙项目 of W08, whitespace ignored
    expect(kinds).toContainEqual(['多组重复报送', '第一组、第二组', '中原丁项目']);
    expect(kinds).toContainEqual(['新增', '第一组', '中原丁项目']);
    expect(kinds).toContainEqual(['移出', '第一组', '中原丙项目']);
    expect(kinds).toContainEqual(['完成投资增加', '第一组', '中原甲项目']);
    const down = changes.find((r) => r[2] === '完成投资下降')!;
    expect(down.slice(6, 9)).toEqual([6000, 5000, -1000]);
  });

  it('keeps an existing output without --force (same bytes, exit 2) but still shows the matrix and the 催报名单, and replaces it with --force', () => {
    const path = join(outA, '2022年第09周_进度滞后项目_肖磊.xlsx');
    const before = readFileSync(path);
    const mtime = statSync(path).mtimeMs;
    const names = readdirSync(outA).sort();
    const again = merge(outA, 'UTC');
    expect(again.code).toBe(2);
    // a late file came in and the clerk re-runs to see who is still missing: the matrix and the list are shown
    expect(again.stdout).toMatch(/2022年第9周报送情况/);
    expect(again.stdout).toMatch(/第二组\s*│\s*二七区\s*│\s*牛永平\s*│\s*迟报 3\/4 12:01/);
    expect(again.stdout).toMatch(/催报名单（\d+ 个组尚缺表格）/);
    expect(again.stdout).toMatch(/第十六组（中牟县）组长 杨念峰/);
    expect(again.stdout).not.toMatch(/已写出汇总表/);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stderr).toMatch(/汇总表已存在，未覆盖.*加 --force 重新生成/);
    expect(readdirSync(outA).sort()).toEqual(names);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(statSync(path).mtimeMs).toBe(mtime);
    const forced = merge(outA, 'UTC', ['--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(path).equals(before)).toBe(true); // same inputs, same bytes
    expect(readdirSync(outA).filter((n) => n.includes('.tmp'))).toEqual([]);
  });

  it('never changes the inbox', () => {
    expect(existsSync(join(inbox, '收件登记.jsonl'))).toBe(true);
    const ledger = readFileSync(join(inbox, '收件登记.jsonl'), 'utf8');
    merge(join(root, 'again'), 'UTC');
    expect(readFileSync(join(inbox, '收件登记.jsonl'), 'utf8')).toBe(ledger);
  });

  it('says under the matrix that the deadline has not come yet when merging before it', () => {
    const early = runCli(['merge', '--week', '2022-W09', '--inbox', inbox, '--out', join(root, '汇总-早')], {
      env: { XMB_NOW: '2022-03-04T10:30:00+08:00' },
    });
    expect(early.code).toBe(0);
    expect(early.stdout).toMatch(/共?\d+ 类：.*\n本周截止时间 3月4日 12:00 尚未到，“未报”指截至目前未收到\n/);
    expect(runA.stdout).not.toMatch(/尚未到/);
  });

  it('writes nothing and exits 2 with one Chinese line when the inbox has no table at all for the week', () => {
    const empty = join(root, '汇总-W20');
    const run = runCli(['merge', '--week', '2022-W20', '--inbox', inbox, '--out', empty], { env: { XMB_NOW: '2022-05-20T15:00:00+08:00' } });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/没有2022年第20周.*的表格/);
    expect(run.stderr).toMatch(/--week.*--inbox/);
    expect(existsSync(empty)).toBe(false);
  });

  it('says in Chinese when there is no inbox or no week, with exit 2', () => {
    const none = runCli(['merge', '--week', '2022-W09', '--inbox', join(root, 'nowhere'), '--out', join(root, 'x')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/找不到收件文件夹/);
    const bad = runCli(['merge', '--week', '2022-W60', '--inbox', inbox, '--out', join(root, 'x')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/没有这一周/);
  });
});

describe('what the merged workbooks print', () => {
  let out: string;
  let run: ReturnType<typeof merge>;
  beforeAll(() => {
    out = join(root, '汇总-printed');
    run = merge(out, 'UTC');
  });

  /** Every text cell of every sheet of the three workbooks, with its sheet and column header. */
  async function texts(): Promise<{ file: string; sheet: string; header: string; text: string }[]> {
    const all: { file: string; sheet: string; header: string; text: string }[] = [];
    for (const file of readdirSync(out)) {
      const workbook = await readBack(join(out, file));
      for (const sheet of workbook.worksheets) {
        all.push({ file, sheet: sheet.name, header: '(sheet name)', text: sheet.name });
        sheet.eachRow((row, r) =>
          row.eachCell((cell, c) => {
            if (typeof cell.value === 'string') all.push({ file, sheet: sheet.name, header: r <= 3 ? '(title)' : String(sheet.getRow(3).getCell(c).value), text: cell.value });
          }),
        );
        all.push({ file, sheet: sheet.name, header: '(footer)', text: sheet.headerFooter.oddFooter ?? '' });
      }
    }
    return all;
  }

  /** File names are the districts' and xmb's own: they may hold Latin letters and 第03组. */
  const withoutFileNames = (text: string) => text.replace(/[^\s（）]+\.(xlsx|xlsm|xls|et)\b/g, '');

  it('has no English anywhere but in file names', async () => {
    expect(run.code).toBe(0);
    for (const t of await texts()) {
      if (t.header === '来源文件' || t.header === '文件') continue;
      expect(withoutFileNames(t.text), `${t.file} ${t.sheet} ${t.header}`).not.toMatch(/[A-Za-z]{2,}/);
    }
  });

  it('writes groups as the notice does (第三组) and weeks without a leading zero', async () => {
    const all = await texts();
    for (const t of all) {
      if (t.header === '来源文件' || t.header === '文件') continue;
      expect(withoutFileNames(t.text), `${t.sheet} ${t.header}`).not.toMatch(/第\s*\d+\s*组|第0\d周/);
    }
    expect(all.some((t) => t.header === '报送组别' && t.text === '第三组')).toBe(true);
    expect(all.filter((t) => t.header === '(title)').map((t) => t.text)).toContain('2022年第9周进度滞后项目报送情况');
    expect(all.some((t) => /2022年第9周（2022年2月28日至3月6日）汇总/.test(t.text))).toBe(true);
    // on screen too: the matrix and the 催报名单
    expect(withoutFileNames(run.stdout)).not.toMatch(/第\s*\d+\s*组|第0\d周/);
    expect(run.stdout).toMatch(/第十六组（中牟县）组长/);
  });

  it('shows a file name without its folders, in a smaller font', async () => {
    const workbook = await readBack(join(out, '2022年第09周_进度滞后项目_肖磊.xlsx'));
    const sheet = workbook.getWorksheet('进度滞后')!;
    const source = sheet.getCell('P4');
    expect(sheet.getCell('P3').value).toBe('来源文件');
    expect(String(source.value)).not.toMatch(/[\\/]/);
    expect(source.font.size).toBeLessThan(11);
  });

  it('keeps the old set when one workbook cannot be replaced, and names it', () => {
    const before = Object.fromEntries(readdirSync(out).map((n) => [n, readFileSync(join(out, n))]));
    // A folder where the 省市 workbook goes: replacing it is refused before anything is written.
    const blocked = '2022年第09周_省市领导联系项目_徐大利.xlsx';
    const moved = join(root, 'moved-aside.xlsx');
    renameSync(join(out, blocked), moved);
    mkdirSync(join(out, blocked));
    const again = merge(out, 'UTC', ['--force']);
    expect(again.code).toBe(2);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stderr).toContain(blocked);
    expect(again.stderr).toMatch(/是一个文件夹.*本次没有写出任何汇总表/);
    for (const [name, bytes] of Object.entries(before)) if (name !== blocked) expect(readFileSync(join(out, name)).equals(bytes), name).toBe(true);
    expect(readdirSync(out).filter((n) => n.startsWith('.'))).toEqual([]);
  });
});

describe('xmb merge --week of another year than the config’s', () => {
  let other: string;
  let out: string;
  let run: ReturnType<typeof runCli>;

  beforeAll(async () => {
    other = join(root, '收件-2023');
    out = join(root, '汇总-2023');
    const path = join(root, 'incoming-2023', '第七组省领导联系.xlsx');
    await writeDistrictWorkbook(path, {
      sheets: [
        {
          name: '省领导',
          kind: 'provincial',
          rows: [leaderRow('赵明远', '郑东甲项目', 80000, '郑东新区')],
          options: { year: 2023, fillDate: fillDateText('2023-03-02'), reportingUnit: '报送单位：第七组（郑东新区）' },
        },
      ],
    });
    const received = runCli(['receive', path, '--inbox', other], { env: { XMB_NOW: '2023-03-02T10:00:00+08:00' } });
    expect(received.code).toBe(0);
    run = runCli(['merge', '--week', '2023-W09', '--inbox', other, '--out', out], { env: { XMB_NOW: '2023-03-03T15:00:00+08:00' } });
  });

  it('titles the merged tables with the week’s year, not the configured one', async () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const workbook = await readBack(join(out, '2023年第09周_省市领导联系项目_徐大利.xlsx'));
    expect(workbook.getWorksheet('省领导联系')!.getCell('A1').value).toBe('2023年省领导联系重点项目进展情况统计表');
    expect(workbook.getWorksheet('市领导联系')!.getCell('A1').value).toBe('2023年市领导联系重点项目进展情况统计表');
  });

  it('prints one hint that the configured year differs', () => {
    const hints = run.stdout.split('\n').filter((l) => l.includes('配置文件中的年度'));
    expect(hints).toEqual(['提示：配置文件中的年度是 2022 年，本次汇总的是 2023 年第9周；如已换年，请修改 xmb.config.json 中的 year']);
  });
});
