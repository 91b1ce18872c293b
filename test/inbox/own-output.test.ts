/**
 * xmb's own outputs are never taken as submissions (issue 8 item 10): templates, merged workbooks
 * and annotated copies carry a marker in their document properties (written in one place,
 * src/writers/save.ts) and are skipped — and said — by validate, receive, merge, status and
 * monthly; once a district has filled one in and saved it, it is a submission again. A file given
 * twice is read once.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { isXmbOutput } from '../../src/reader/own-output.js';
import { scanInbox } from '../../src/inbox/scan.js';
import { REPO_ROOT, runCli } from '../support/cli.js';

const ENV = { XMB_NOW: '2022-03-04T15:00:00+08:00' };
const SAMPLE = join(REPO_ROOT, 'fixtures', 'validate', '第十二组-航空港区-进度滞后-完成投资超过总投资.xlsx');
let root: string;
let template: string;
let merged: string;
let annotated: string;

/** Opens a workbook, changes a cell and saves it as a district clerk's Excel would (their name, the time of saving). */
async function saveAsDistrict(from: string, to: string, edit: (book: ExcelJS.Workbook) => void, user = 'Administrator'): Promise<void> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(from);
  edit(book);
  book.lastModifiedBy = user;
  book.modified = new Date('2022-03-04T02:10:00Z');
  await book.xlsx.writeFile(to);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'xmb-own-'));
  expect(runCli(['template', '--kind', 'lagging', '--group', '3', '--out', join(root, '模板')], { cwd: root }).code).toBe(0);
  template = join(root, '模板', readdirSync(join(root, '模板'))[0]!);
  expect(runCli(['merge', '--week', '2022-W09', '--inbox', join(REPO_ROOT, 'fixtures', 'inbox'), '--out', join(root, '汇总')], { cwd: root, env: ENV }).code).toBe(0);
  merged = join(root, '汇总', readdirSync(join(root, '汇总')).find((n) => n.includes('进度滞后'))!);
  expect(runCli(['validate', SAMPLE, '--annotate', join(root, '退回')], { cwd: root, env: ENV }).code).toBe(1);
  annotated = join(root, '退回', readdirSync(join(root, '退回'))[0]!);
});

describe('isXmbOutput', () => {
  it('recognises every kind of output xmb writes', () => {
    expect(isXmbOutput(template)).toBe(true);
    expect(isXmbOutput(merged)).toBe(true);
    expect(isXmbOutput(annotated)).toBe(true);
    for (const name of readdirSync(join(REPO_ROOT, 'templates'))) expect(isXmbOutput(join(REPO_ROOT, 'templates', name)), name).toBe(true);
  });

  it('does not take a district’s file for one: a filled-in template, a corrected annotated copy, a user called xmb', async () => {
    const filled = join(root, '第三组-进度滞后（模板填写）.xlsx');
    await saveAsDistrict(template, filled, (book) => {
      book.worksheets[0]!.getCell('B4').value = '高新甲项目';
    });
    expect(isXmbOutput(filled)).toBe(false);
    const corrected = join(root, '第十二组-进度滞后_批注.xlsx');
    await saveAsDistrict(annotated, corrected, () => {});
    expect(isXmbOutput(corrected)).toBe(false);
    const xmbUser = join(root, '第十二组.xlsx');
    await saveAsDistrict(SAMPLE, xmbUser, () => {}, 'xmb');
    expect(isXmbOutput(xmbUser)).toBe(false);
    expect(isXmbOutput(SAMPLE)).toBe(false);
  });

  it('recognises an annotated copy written before the marker existed by its name and 上次修改者', async () => {
    const legacy = join(root, '旧批注_批注.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(SAMPLE);
    book.lastModifiedBy = 'xmb';
    await book.xlsx.writeFile(legacy);
    expect(isXmbOutput(legacy)).toBe(true);
  });
});

describe('the commands skip outputs and say so', () => {
  let inbox: string;
  beforeAll(() => {
    inbox = join(root, '收件');
    mkdirSync(join(inbox, '2022-W09'), { recursive: true });
    // a clerk saves the blank template, a merged workbook and an annotated copy into the inbox
    copyFileSync(template, join(inbox, '2022-W09', '第三组模板.xlsx'));
    copyFileSync(merged, join(inbox, '2022年第09周_进度滞后项目_肖磊.xlsx'));
    copyFileSync(annotated, join(inbox, '2022-W09', '退回_批注.xlsx'));
  });

  it('status: a blank template does not make 第三组 按时; the three files are counted as skipped', () => {
    const run = runCli(['status', '--week', '2022-W09', '--inbox', inbox], { cwd: root, env: ENV });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/收件文件夹中跳过 3 个文件：xmb 生成的汇总表、批注副本或模板 3 个/);
    expect(run.stdout).toMatch(/第三组\s*│\s*高新区\s*│\s*\S+\s*│\s*未报/);
    expect(scanInbox(inbox).files).toEqual([]);
  });

  it('merge and monthly read none of them', () => {
    const merge = runCli(['merge', '--week', '2022-W09', '--inbox', inbox, '--out', join(root, '汇总2')], { cwd: root, env: ENV });
    expect(merge.code).toBe(2);
    expect(merge.stderr).toMatch(/中没有 Excel 文件.*跳过 3 个文件：xmb 生成的汇总表、批注副本或模板 3 个/);
    const monthly = runCli(['monthly', '--month', '2022-03', '--inbox', inbox, '--out', join(root, '月报'), '--json'], { cwd: root, env: ENV });
    if (monthly.code === 0) expect(JSON.parse(monthly.stdout).tables.read).toBe(0);
    else expect(monthly.code).toBe(2);
  });

  it('receive refuses an output given by name, and validate skips it with one line', () => {
    const received = runCli(['receive', merged, '--inbox', join(root, '收件2')], { cwd: root, env: ENV });
    expect(received.code).toBe(2);
    expect(received.stderr).toMatch(/跳过 1 个文件：xmb 生成的汇总表、批注副本或模板 1 个（2022年第09周_进度滞后项目_肖磊\.xlsx）/);
    const validated = runCli(['validate', annotated, SAMPLE], { cwd: root, env: ENV });
    expect(validated.stdout).toMatch(/跳过 1 个文件：xmb 生成的汇总表、批注副本或模板 1 个/);
    expect(validated.stdout).toMatch(/共 1 个文件/);
  });
});

describe('a file given twice is read once', () => {
  it('by the same name, another spelling of its path, or through its folder', () => {
    const dir = join(root, '下载');
    mkdirSync(dir, { recursive: true });
    const copy = join(dir, '第十二组.xlsx');
    copyFileSync(SAMPLE, copy);
    const run = runCli(['validate', '--json', copy, copy, join(dir, '.', '第十二组.xlsx'), dir], { cwd: root, env: ENV });
    const out = JSON.parse(run.stdout);
    expect(out.summary.files).toBe(1);
    expect(out.results).toHaveLength(1);
    expect(out.skipped).toHaveLength(3);
    expect(out.skipped.every((s: { reason: string }) => s.reason === 'duplicate')).toBe(true);
    const text = runCli(['validate', copy, copy], { cwd: root, env: ENV });
    expect(text.stdout).toMatch(/跳过 1 个文件：重复给出（只读一次） 1 个（第十二组\.xlsx）/);
    const received = runCli(['receive', copy, dir, '--inbox', join(root, '收件3')], { cwd: root, env: ENV });
    expect(received.stdout).toMatch(/共 1 个文件：新收 1 个/);
  });
});
