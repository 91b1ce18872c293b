/**
 * What receive files is decided by content (issue 8 item 15): a workbook is filed with the
 * extension of what it is, whatever name it came with; anything else is refused with one line and
 * not filed. And validate says "不是 Excel 文件" for a non-spreadsheet given by name (item 10).
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { workbookExtension } from '../../src/reader/format.js';
import { REPO_ROOT, runCli } from '../support/cli.js';

const CASES = join(REPO_ROOT, 'test', 'cases', 'inbox');
const ENV = { XMB_NOW: '2022-03-04T11:00:00+08:00' };
let root: string;

const inboxFiles = (inbox: string): string[] =>
  existsSync(inbox) ? readdirSync(inbox, { recursive: true, encoding: 'utf8' }).filter((n) => /\.[a-z]+$/i.test(n) && !n.endsWith('.jsonl')).sort() : [];
const ledger = (inbox: string) =>
  existsSync(join(inbox, '收件登记.jsonl')) ? readFileSync(join(inbox, '收件登记.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];

/** A copy of a case file under another name. */
function renamed(caseName: string, as: string): string {
  const path = join(root, as);
  copyFileSync(join(CASES, caseName), path);
  return path;
}

function receive(path: string, inbox: string) {
  return runCli(['receive', path, '--inbox', inbox], { cwd: root, env: ENV });
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'xmb-content-'));
});

describe('an .xlsx with a second extension (第三组进度表.xlsx.zip)', () => {
  it('is read, filed as .xlsx under its group, and counts: 第三组 按时', () => {
    const inbox = join(root, '收件-zip');
    const run = receive(join(CASES, '第三组进度表.xlsx.zip'), inbox);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/已收件：.*第三组进度表\.xlsx\.zip → .*2022-W09\/第03组_高新区_进度滞后_20220304-1100\.xlsx/);
    expect(inboxFiles(inbox)).toEqual(['2022-W09/第03组_高新区_进度滞后_20220304-1100.xlsx']);
    expect(ledger(inbox)[0]).toMatchObject({ original: '第三组进度表.xlsx.zip', tables: [{ kind: 'lagging', group: 3, rows: 5, valid: true }] });
    const status = runCli(['status', '--week', '2022-W09', '--inbox', inbox], { cwd: root, env: ENV });
    expect(status.stdout).toMatch(/第三组\s*│\s*高新区\s*│\s*\S+\s*│\s*按时/);
  });

  it('variants: an .xlsx named .pdf or .XLSX is filed as .xlsx', () => {
    const inbox = join(root, '收件-names');
    expect(receive(renamed('第三组进度表.xlsx.zip', '第三组进度表.pdf'), inbox).code).toBe(0);
    expect(inboxFiles(inbox)).toEqual(['2022-W09/第03组_高新区_进度滞后_20220304-1100.xlsx']);
    const other = join(root, '收件-upper');
    expect(receive(renamed('第三组进度表.xlsx.zip', '第三组进度表.XLSX'), other).code).toBe(0);
    expect(inboxFiles(other)).toEqual(['2022-W09/第03组_高新区_进度滞后_20220304-1100.xlsx']);
  });
});

describe('other workbooks under a wrong name are filed as what they are', () => {
  it('an Excel 97–2003 workbook named .xlsx is filed as .xls; an OpenDocument one as .ods', () => {
    const inbox = join(root, '收件-formats');
    receive(renamed('1904_1900.xls', '第三组-旧格式.xlsx'), inbox);
    receive(renamed('1904_1900.ods', '第三组-开放格式.xlsx'), inbox);
    expect(inboxFiles(inbox)).toEqual(['2022-W09/未知组_未知区县_未识别_20220304-1100.ods', '2022-W09/未知组_未知区县_未识别_20220304-1100.xls']);
    // the ledger knows them, so status and merge read them (and say why they are not counted)
    const merge = runCli(['merge', '--week', '2022-W09', '--inbox', inbox, '--out', join(root, '汇总-formats')], { cwd: root, env: { XMB_NOW: '2022-03-04T15:00:00+08:00' } });
    expect(merge.stdout).toMatch(/未计入汇总的文件：[\s\S]*未识别_20220304-1100\.xls/);
    expect(merge.stdout).toMatch(/未计入汇总的文件：[\s\S]*未识别_20220304-1100\.ods/);
  });

  it('a password-protected .xlsx is filed as .xlsx (and not counted: it cannot be read); the same bytes named .zip are refused', () => {
    const inbox = join(root, '收件-password');
    const run = receive(join(CASES, 'example_password.xlsx'), inbox);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/已收件：[\s\S]*设置了打开密码/);
    expect(inboxFiles(inbox)).toEqual(['2022-W09/未知组_未知区县_未识别_20220304-1100.xlsx']);
    const zip = join(root, '收件-password-zip');
    const refused = receive(renamed('example_password.xlsx', '附件.zip'), zip);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/未收件：.*附件\.zip：文件设置了打开密码/);
    expect(inboxFiles(zip)).toEqual([]);
  });
});

describe('what is not a workbook is refused with one line and never filed', () => {
  it('evil.exe (a program), a text file named .xlsx, a Word document named .xlsx, a zip archive holding a workbook', () => {
    const inbox = join(root, '收件-refused');
    const exe = join(root, 'evil.exe');
    writeFileSync(exe, Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(2000, 7)]));
    const text = join(root, '第三组进度表.xlsx');
    writeFileSync(text, '各位好，本周进度表请见附件。');
    const word = join(root, '第三组报告.xlsx');
    writeFileSync(word, zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8('<w:document/>') }));
    const archive = join(root, '第三组.zip');
    writeFileSync(archive, zipSync({ '第三组进度表.xlsx': new Uint8Array(readFileSync(join(CASES, '第三组进度表.xlsx.zip'))) }));

    const run = runCli(['receive', exe, text, word, archive, '--inbox', inbox], { cwd: root, env: ENV });
    expect(run.code).toBe(1);
    const lines = run.stdout.split('\n').filter((l) => l.startsWith('未收件：'));
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^未收件：.*evil\.exe：不是 Excel 文件/);
    expect(lines[1]).toMatch(/^未收件：.*第三组进度表\.xlsx：不是 Excel 文件/);
    expect(lines[2]).toMatch(/^未收件：.*第三组报告\.xlsx：这是 Word 文档/);
    expect(lines[3]).toMatch(/^未收件：.*第三组\.zip：/);
    expect(run.stdout).toMatch(/共 4 个文件：新收 0 个，未收件 4 个。/);
    expect(inboxFiles(inbox)).toEqual([]);
    expect(ledger(inbox)).toEqual([]);
  });

  it('validate given a non-spreadsheet by name says 不是 Excel 文件; in a folder it is skipped and counted', () => {
    const dir = join(root, '下载');
    const exe = join(dir, 'evil.exe');
    runCli(['template', '--kind', 'lagging', '--group', '3', '--out', dir], { cwd: root });
    writeFileSync(exe, Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100, 0)]));
    writeFileSync(join(dir, '说明.docx'), 'x');
    const named = runCli(['validate', '--json', exe], { cwd: root, env: ENV });
    expect(named.code).toBe(1);
    const issue = JSON.parse(named.stdout).results[0].issues[0];
    expect(issue.code).toBe('file-unreadable');
    expect(issue.message).toMatch(/^不是 Excel 文件/);
    const folder = runCli(['validate', dir], { cwd: root, env: ENV });
    expect(folder.code).toBe(2);
    expect(folder.stderr).toMatch(/跳过 3 个文件：xmb 生成的汇总表、批注副本或模板 1 个（第三组_高新区_附件2_.*\.xlsx）；不是 Excel 表格文件 2 个（evil\.exe、说明\.docx）/);
  });
});

describe('workbookExtension (the reader’s judgement, by bytes)', () => {
  it('tells the formats apart whatever the name', () => {
    const bytes = (name: string) => new Uint8Array(readFileSync(join(CASES, name)));
    expect(workbookExtension(bytes('第三组进度表.xlsx.zip'), 'a.zip')).toBe('.xlsx');
    expect(workbookExtension(bytes('1904_1900.xls'), 'a.xlsx')).toBe('.xls');
    expect(workbookExtension(bytes('1904_1900.ods'), 'a.xlsx')).toBe('.ods');
    expect(workbookExtension(bytes('example_password.xlsx'), 'a.xls')).toBe('.xls');
    expect(workbookExtension(bytes('example_password.xlsx'), 'a.bin')).toBeNull();
    const macro = zipSync({
      '[Content_Types].xml': strToU8('<Types><Override PartName="/xl/workbook.xml" ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>'),
      'xl/workbook.xml': strToU8('<workbook/>'),
    });
    expect(workbookExtension(macro, '第三组.xlsx')).toBe('.xlsm');
    expect(workbookExtension(zipSync({ 'xl/workbook.bin': new Uint8Array(4) }), 'a.xlsx')).toBe('.xlsb');
    expect(workbookExtension(strToU8('项目名称,总投资\n甲,1\n'), 'a.csv')).toBe('.csv');
    expect(workbookExtension(strToU8('hello'), 'a.exe')).toBeNull();
  });
});
