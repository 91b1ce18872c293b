/** xmb problems end to end on the generated season: the file, the screen, --json, --force, the same bytes twice. */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWorkbook } from '../../src/reader/index.js';
import { runCli, REPO_ROOT } from '../support/cli.js';

const season = join(REPO_ROOT, 'fixtures', 'season', 'inbox');
const env = { XMB_NOW: '2022-04-30T10:00:00+08:00' };
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('xmb problems', () => {
  it('writes the month’s ledger with its three sheets and shows the counts', async () => {
    const out = mkdtempSync(join(tmpdir(), 'xmb-problems-'));
    const run = runCli(['problems', '--month', '2022-04', '--inbox', season, '--out', out], { env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('2022年4月问题台账');
    expect(run.stdout).toMatch(/共 11 个问题；本期新增 2 个、解决 7 个，4周以上未解决 3 个。/);
    expect(run.stdout).toMatch(/│ 用地\s*│ 2\s*│ 1\s*│ 1\s*│ 0\s*│ 0\s*│ 1\s*│/);
    const file = join(out, '2022年04月_问题台账.xlsx');
    expect(existsSync(file)).toBe(true);
    const outcome = await readWorkbook(file);
    if (!outcome.ok) throw new Error(outcome.message);
    const book = outcome.workbook;
    expect(book.sheets.map((s) => s.name)).toEqual(['问题台账', '要素分布', '4周以上未解决']);
    const text = (sheet: number) => book.sheets[sheet]!.rows.flatMap((r) => r.map((c) => (c?.value.type === 'string' ? c.value.text : ''))).join('|');
    expect(text(0)).toContain('2022年4月重点项目问题台账');
    expect(text(0)).toContain('填表日期：2022年4月29日');
    expect(text(0)).toContain('第10—13周：正在协调');
    expect(text(2)).toContain('管城数字经济产业园');
  });

  it('gives the same bytes when run again, and refuses to overwrite without --force', () => {
    const out = mkdtempSync(join(tmpdir(), 'xmb-problems-'));
    const args = ['problems', '--week', '2022-W14', '--inbox', season, '--out', out];
    expect(runCli(args, { env }).code).toBe(0);
    const file = join(out, '2022年第14周_问题台账.xlsx');
    const first = sha(file);
    const again = runCli(args, { env });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/问题台账已存在，未覆盖.*加 --force/);
    expect(again.stdout).toContain('2022年第14周问题台账');
    expect(runCli([...args, '--force'], { env: { XMB_NOW: '2022-06-01T10:00:00+08:00' } }).code).toBe(0);
    expect(sha(file)).toBe(first);
  });

  it('prints one JSON document with --json', () => {
    const out = mkdtempSync(join(tmpdir(), 'xmb-problems-'));
    const run = runCli(['problems', '--week', '2022-W12', '--inbox', season, '--out', out, '--json'], { env });
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.period).toEqual({ kind: 'week', id: '2022-W12', from: '2022-W12', to: '2022-W12' });
    expect(doc.counts.total).toBe(doc.problems.length);
    expect(doc.problems.find((p: { text: string }) => p.text === '正式用电增容方案未批复')).toMatchObject({ state: 'new', element: '用电', groupName: '第三组' });
  });

  it('says so in one line when the period has no tables (exit 2), and checks its options', () => {
    const out = mkdtempSync(join(tmpdir(), 'xmb-problems-'));
    const empty = runCli(['problems', '--week', '2022-W30', '--inbox', season, '--out', out], { env: { XMB_NOW: '2022-08-01T10:00:00+08:00' } });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/^xmb：收件文件夹 .* 中没有2022年第30周计入汇总的表格/);
    const both = runCli(['problems', '--week', '--month', '--inbox', season], { env });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('只能选一个');
  });
});
