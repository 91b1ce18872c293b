/**
 * receive under faults and races, with real processes (issue 8 item 14):
 * - killed (SIGKILL) after the copy is written and before its ledger line, and between the ledger
 *   line and the copy's name: the next receive repairs what is left, status says it meanwhile, and
 *   no file is ever recorded twice or present without its line;
 * - two receives of the same file at the same moment record it once;
 * - a lock left by a dead process is taken over; a live one is waited for, then named;
 * - a ledger line that cannot be read is shown by status and merge.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeDistrictWorkbook } from '../../scripts/fixtures/district-workbook.js';
import { lockInbox, lockPath } from '../../src/inbox/lock.js';
import { REPO_ROOT, runCli } from '../support/cli.js';

const CHILD = join(REPO_ROOT, 'test', 'inbox', 'support', 'crash-child.mjs');
const BIN = join(REPO_ROOT, 'bin', 'xmb.js');
const MONDAY = '2022-03-07T09:15:00+08:00';
const ENV = { XMB_NOW: MONDAY };

let root: string;
let third: string;
let fifth: string;

async function lagging(path: string, group: string, district: string, name: string): Promise<void> {
  await writeDistrictWorkbook(path, {
    sheets: [
      {
        name: 'Sheet1',
        kind: 'lagging',
        rows: [
          {
            name,
            overview: '新建厂房',
            period: '2021.03-2023.12',
            total: 40000,
            plan: 10000,
            completed: 7000,
            progress: '主体施工',
            problems: '用地手续未完成，涉及市自然资源和规划局',
            coordination: '正在协调',
            district,
          },
        ],
        options: { fillDate: '填表日期：2022年3月7日', reportingUnit: `报送单位：${group}（${district}）` },
      },
    ],
  });
}

/** Runs a process to its end; resolves with its exit code (null when killed) and output. */
function run(args: string[], env: Record<string, string> = ENV): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

const ledgerLines = (inbox: string) =>
  existsSync(join(inbox, '收件登记.jsonl')) ? readFileSync(join(inbox, '收件登记.jsonl'), 'utf8').split('\n').filter((l) => l.trim() !== '') : [];
const weekFiles = (inbox: string) => (existsSync(join(inbox, '2022-W10')) ? readdirSync(join(inbox, '2022-W10')).sort() : []);
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'xmb-faults-'));
  third = join(root, '第三组-进度滞后.xlsx');
  fifth = join(root, '第五组-进度滞后.xlsx');
  await lagging(third, '第三组', '高新区', '高新甲项目');
  await lagging(fifth, '第五组', '巩义市', '巩义甲项目');
});

describe('killed between writing the copy and its ledger line', () => {
  it('leaves no copy the ledger does not know; the next receive deletes the temporary file, says so, and files the file once', async () => {
    const inbox = join(root, '收件-a');
    const killed = await run([CHILD, third, inbox, 'afterCopy', MONDAY]);
    expect(killed.signal).toBe('SIGKILL');
    expect(ledgerLines(inbox)).toEqual([]);
    // only the temporary copy is there, and the lock of the dead process
    expect(weekFiles(inbox)).toHaveLength(1);
    expect(weekFiles(inbox)[0]).toMatch(/^第03组_高新区_进度滞后_20220307-0915\.xlsx\.~xmb-\d+\.tmp$/);
    expect(existsSync(lockPath(inbox))).toBe(true);

    // status meanwhile: nothing counted, the leftover said
    const status = runCli(['status', '--week', '2022-W10', '--inbox', inbox], { cwd: root, env: ENV });
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/收件文件夹中跳过 1 个文件：xmb 收件中断留下的临时文件 1 个/);
    expect(status.stdout).toMatch(/第三组.*未报/);

    const again = runCli(['receive', third, '--inbox', inbox], { cwd: root, env: ENV });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/删除了上次收件中断时留下的临时文件 2022-W10\/第03组_高新区_进度滞后_20220307-0915\.xlsx\.~xmb-\d+\.tmp/);
    expect(again.stdout).toMatch(/已收件：.* → .*第03组_高新区_进度滞后_20220307-0915\.xlsx/);
    expect(weekFiles(inbox)).toEqual(['第03组_高新区_进度滞后_20220307-0915.xlsx']);
    expect(ledgerLines(inbox)).toHaveLength(1);
    expect(existsSync(lockPath(inbox))).toBe(false);
  });
});

describe('killed between the ledger line and naming the copy', () => {
  it('status says the receive was interrupted; the next receive completes it; receiving the file again files no second copy', async () => {
    const inbox = join(root, '收件-b');
    const killed = await run([CHILD, third, inbox, 'afterLedger', MONDAY]);
    expect(killed.signal).toBe('SIGKILL');
    expect(ledgerLines(inbox)).toHaveLength(1);
    expect(weekFiles(inbox).filter((n) => n.endsWith('.xlsx'))).toEqual([]);

    const status = runCli(['status', '--week', '2022-W10', '--inbox', inbox], { cwd: root, env: ENV });
    expect(status.stdout).toMatch(/上次收件中断：2022-W10\/第03组_高新区_进度滞后_20220307-0915\.xlsx（原文件 第三组-进度滞后\.xlsx.*下次运行 xmb receive 时会自动补全/);

    // another file's receive repairs the interrupted one first
    const other = runCli(['receive', fifth, '--inbox', inbox], { cwd: root, env: ENV });
    expect(other.code).toBe(0);
    expect(other.stdout).toMatch(/已补全上次中断的收件：2022-W10\/第03组_高新区_进度滞后_20220307-0915\.xlsx（原文件 第三组-进度滞后\.xlsx/);
    const same = runCli(['receive', third, '--inbox', inbox], { cwd: root, env: ENV });
    expect(same.stdout).toMatch(/已收过/);
    expect(weekFiles(inbox)).toEqual(['第03组_高新区_进度滞后_20220307-0915.xlsx', '第05组_巩义市_进度滞后_20220307-0915.xlsx']);
    expect(sha(join(inbox, '2022-W10', '第03组_高新区_进度滞后_20220307-0915.xlsx'))).toBe(sha(third));
    expect(ledgerLines(inbox)).toHaveLength(2);
    const after = runCli(['status', '--week', '2022-W10', '--inbox', inbox], { cwd: root, env: ENV });
    expect(after.stdout).not.toMatch(/中断/);
    expect(after.stdout).toMatch(/第三组.*按时/);
  });
});

describe('two receives at the same moment', () => {
  it('record the same file once, when they go for the inbox in the same millisecond (8 rounds of two processes)', async () => {
    for (let round = 0; round < 8; round++) {
      const inbox = join(root, `收件-barrier-${round}`);
      const barrier = join(root, `barrier-${round}`);
      const both = await Promise.all([0, 1].map(() => run([CHILD, third, inbox, 'race', MONDAY, barrier, '2'])));
      expect(both.map((r) => r.code), both.map((r) => r.stderr).join('\n')).toEqual([0, 0]);
      expect(both.map((r) => r.stdout.trim()).sort(), `round ${round}`).toEqual(['duplicate', 'filed']);
      expect(ledgerLines(inbox), `round ${round}`).toHaveLength(1);
      expect(weekFiles(inbox), `round ${round}`).toEqual(['第03组_高新区_进度滞后_20220307-0915.xlsx']);
    }
  });

  it('record the same file once through the command line, and each says what it did (3 rounds)', async () => {
    for (let round = 0; round < 3; round++) {
      const inbox = join(root, `收件-race-${round}`);
      const both = await Promise.all([run([BIN, 'receive', third, '--inbox', inbox]), run([BIN, 'receive', third, '--inbox', inbox])]);
      expect(both.map((r) => r.code), both.map((r) => r.stderr).join('\n')).toEqual([0, 0]);
      expect(ledgerLines(inbox), `round ${round}`).toHaveLength(1);
      expect(weekFiles(inbox), `round ${round}`).toEqual(['第03组_高新区_进度滞后_20220307-0915.xlsx']);
      expect(both.filter((r) => /新收 1 个/.test(r.stdout))).toHaveLength(1);
      expect(both.filter((r) => /已收过 1 个/.test(r.stdout))).toHaveLength(1);
      expect(existsSync(lockPath(inbox))).toBe(false);
    }
  });

  it('file two different files with the same canonical name under two names', async () => {
    const inbox = join(root, '收件-race-names');
    const copy = join(root, '第三组-进度滞后（改）.xlsx');
    await lagging(copy, '第三组', '高新区', '高新乙项目');
    const both = await Promise.all([run([BIN, 'receive', third, '--inbox', inbox]), run([BIN, 'receive', copy, '--inbox', inbox])]);
    expect(both.map((r) => r.code)).toEqual([0, 0]);
    expect(weekFiles(inbox)).toEqual(['第03组_高新区_进度滞后_20220307-0915-2.xlsx', '第03组_高新区_进度滞后_20220307-0915.xlsx']);
    expect(ledgerLines(inbox)).toHaveLength(2);
  });
});

describe('the inbox lock', () => {
  it('is taken over from a process that no longer exists', async () => {
    const inbox = join(root, '收件-stale');
    mkdirSync(inbox, { recursive: true });
    const gone = await run(['-e', 'process.stdout.write(String(process.pid))'], {});
    writeFileSync(lockPath(inbox), `${JSON.stringify({ pid: Number(gone.stdout), host: hostname(), time: new Date().toISOString() })}\n`);
    const received = runCli(['receive', third, '--inbox', inbox], { cwd: root, env: ENV });
    expect(received.code).toBe(0);
    expect(ledgerLines(inbox)).toHaveLength(1);
    expect(existsSync(lockPath(inbox))).toBe(false);
  });

  it('is taken over from another computer after 10 minutes, not before', async () => {
    const inbox = join(root, '收件-remote');
    mkdirSync(inbox, { recursive: true });
    const old = new Date(Date.now() - 11 * 60_000).toISOString();
    writeFileSync(lockPath(inbox), `${JSON.stringify({ pid: 1234, host: 'ANOTHER-PC', time: old })}\n`);
    const lock = await lockInbox(inbox, { waitMs: 500 });
    lock.release();
    writeFileSync(lockPath(inbox), `${JSON.stringify({ pid: 1234, host: 'ANOTHER-PC', time: new Date().toISOString() })}\n`);
    await expect(lockInbox(inbox, { waitMs: 300 })).rejects.toThrow(/正被另一个 xmb receive 使用（电脑 ANOTHER-PC 进程 1234，.*如确认没有 xmb 在运行，可删除 .*收件登记\.lock/);
  });

  it('held by a live process on this computer is waited for, and named when it does not come free', async () => {
    const inbox = join(root, '收件-live');
    mkdirSync(inbox, { recursive: true });
    writeFileSync(lockPath(inbox), `${JSON.stringify({ pid: process.ppid, host: hostname(), time: new Date().toISOString() })}\n`);
    await expect(lockInbox(inbox, { waitMs: 300 })).rejects.toThrow(new RegExp(`本机 进程 ${process.ppid}`));
  });
});

describe('ledger lines that cannot be read', () => {
  it('are shown by status and merge (line number and text), and the files they recorded still count by modification time', () => {
    const inbox = join(root, '收件-bad-line');
    const first = runCli(['receive', third, '--inbox', inbox], { cwd: root, env: ENV });
    expect(first.code).toBe(0);
    const ledger = join(inbox, '收件登记.jsonl');
    const line = readFileSync(ledger, 'utf8');
    // a hand edit broke the first line; a second receive appended after it
    writeFileSync(ledger, `${line.slice(0, 80)}\n`);
    const second = runCli(['receive', fifth, '--inbox', inbox], { cwd: root, env: ENV });
    expect(second.code).toBe(0);
    const status = runCli(['status', '--week', '2022-W10', '--inbox', inbox], { cwd: root, env: ENV });
    expect(status.stdout).toMatch(/收件登记\.jsonl 第 1 行无法读取，已跳过（它登记的文件如仍在收件文件夹中，按文件修改时间计收到时间）：\{"receivedAt"/);
    expect(status.stdout).toMatch(/第三组.*按时|第三组.*迟报/);
    const merge = runCli(['merge', '--week', '2022-W10', '--inbox', inbox, '--out', join(root, '汇总-bad-line')], { cwd: root, env: { XMB_NOW: '2022-03-11T15:00:00+08:00' } });
    expect(merge.code).toBe(0);
    expect(merge.stdout).toMatch(/收件登记\.jsonl 第 1 行无法读取/);
  });

  it('a last line cut short (a crash while writing it) is shown, then cut off by the next receive, which says so', () => {
    const inbox = join(root, '收件-torn');
    expect(runCli(['receive', third, '--inbox', inbox], { cwd: root, env: ENV }).code).toBe(0);
    appendFileSync(join(inbox, '收件登记.jsonl'), '{"receivedAt":"2022-03-07T09:20:00+08:00","original":"第五组');
    const status = runCli(['status', '--week', '2022-W10', '--inbox', inbox], { cwd: root, env: ENV });
    expect(status.stdout).toMatch(/收件登记\.jsonl 第 2 行（最后一行）不完整，是上次收件中断留下的/);
    const next = runCli(['receive', fifth, '--inbox', inbox], { cwd: root, env: ENV });
    expect(next.code).toBe(0);
    expect(next.stdout).toMatch(/收件登记\.jsonl 最后一行不完整（上次收件在写登记时中断，那次没有收件成功），已删去：\{"receivedAt"/);
    expect(ledgerLines(inbox)).toHaveLength(2);
    for (const l of ledgerLines(inbox)) expect(() => JSON.parse(l)).not.toThrow();
  });
});
