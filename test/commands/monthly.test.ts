import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli.js';

const FIXTURE_INBOX = join(import.meta.dirname, '..', '..', 'fixtures', 'inbox');
const NAME = '2022年第1期重点项目建设协调服务工作月报.docx';

let dir: string;

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
  const cwd = process.cwd();
  try {
    process.chdir(dir);
    const code = await main(['node', 'xmb', ...args]);
    return { code, out, err };
  } finally {
    process.chdir(cwd);
    o.mockRestore();
    e.mockRestore();
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmb-monthly-'));
  if (existsSync(FIXTURE_INBOX)) cpSync(FIXTURE_INBOX, join(dir, '收件'), { recursive: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('xmb monthly', () => {
  it('writes the report from the bundled sample month, with a Chinese summary', async () => {
    const { code, out, err } = await run(['monthly', '--month', '2022-03']);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('统计时段：2022年2月21日至2022年3月20日');
    expect(out).toContain('一、领导动态');
    expect(out).toContain(`已写出：${join(dir, NAME)}`);
    expect(statSync(join(dir, NAME)).size).toBeGreaterThan(5000);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 60_000);

  it('does not overwrite without --force (exit 2), and overwrites with the same bytes with it', async () => {
    const before = readFileSync(join(dir, NAME));
    const refused = await run(['monthly', '--month', '2022-03']);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/已存在.*--force/);
    const forced = await run(['monthly', '--month', '2022-03', '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(join(dir, NAME)).equals(before)).toBe(true);
  }, 60_000);

  it('takes --issue, --out and --json', async () => {
    const { code, out } = await run(['monthly', '--month', '2022-03', '--issue', '5', '--out', 'out', '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json).toMatchObject({ version: 1, month: '2022-03', issue: 5, period: { start: '2022-02-21', end: '2022-03-20' } });
    expect(json.groups).toHaveLength(16);
    expect(json.sections.map((s: { heading: string }) => s.heading)).toEqual(['一、领导动态', '二、重大活动', '三、督导服务', '四、县区风采', '五、项目动态']);
    expect(existsSync(join(dir, 'out', '2022年第5期重点项目建设协调服务工作月报.docx'))).toBe(true);
  }, 60_000);

  it('says in one Chinese line what is wrong with the usage (exit 2)', async () => {
    for (const args of [
      ['monthly', '--month', '2022-13'],
      ['monthly', '--issue', 'abc'],
      ['monthly', '--date', '2022-02-30'],
      ['monthly', '--inbox', 'nowhere'],
    ]) {
      const { code, err } = await run(args);
      expect(code).toBe(2);
      expect(err.trim().split('\n')).toHaveLength(1);
      expect(err).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('a month before the first issue has no issue number to count: exit 2 unless --issue is given', async () => {
    for (const month of ['2022-02', '2022-01', '2021-12']) {
      const { code, err } = await run(['monthly', '--month', month, '--out', 'early']);
      expect(code).toBe(2);
      expect(err).toMatch(/早于配置的首期月份 2022-03.*--issue/);
    }
    expect(existsSync(join(dir, 'early'))).toBe(false);
    const given = await run(['monthly', '--month', '2022-02', '--issue', '1', '--out', 'early']);
    expect(given.code).toBe(0);
    expect(existsSync(join(dir, 'early', NAME))).toBe(true);
  }, 60_000);

  it('writes a report with every section 本月无 from an empty inbox', async () => {
    const empty = join(dir, 'empty');
    cpSync(join(dir, '收件'), empty, { recursive: true, filter: (src) => statSync(src).isDirectory() });
    writeFileSync(join(empty, '收件登记.jsonl'), '');
    const { code, out } = await run(['monthly', '--month', '2022-04', '--inbox', 'empty', '--out', 'empty-out']);
    expect(code).toBe(0);
    expect(out).toContain('一、领导动态：本月无');
    expect(out).toContain('未达到“每组每月报送各类信息均不少于1条”的组（16 个）');
  }, 60_000);
});
