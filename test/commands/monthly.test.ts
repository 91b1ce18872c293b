import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

  it('refuses, writing nothing, when the period has no table: an empty inbox, a wrong month (exit 2)', async () => {
    const empty = join(dir, 'empty');
    cpSync(join(dir, '收件'), empty, { recursive: true, filter: (src) => statSync(src).isDirectory() });
    writeFileSync(join(empty, '收件登记.jsonl'), '');
    for (const args of [
      ['monthly', '--month', '2022-03', '--inbox', 'empty', '--out', 'refused'],
      ['monthly', '--month', '2022-05', '--out', 'refused'],
    ]) {
      const { code, out, err } = await run(args);
      expect(code, args.join(' ')).toBe(2);
      expect(err.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(err).toMatch(/中没有2022年\d+月21日至2022年\d+月20日（2022年\d+月月报的统计时段）的表格.*未写出月报/);
      expect(out).not.toContain('已写出');
      expect(existsSync(join(dir, 'refused')), args.join(' ')).toBe(false);
    }
  }, 120_000);

  it('refuses when every table of the period has errors, and says so (exit 2)', async () => {
    const bad = join(dir, 'bad-inbox');
    mkdirSync(bad);
    // A 进度滞后 table of 4 March 2022 with a #REF! in a money column (fixtures/validate).
    const file = '第二组-二七区-进度滞后-公式引用错误.xlsx';
    cpSync(join(import.meta.dirname, '..', '..', 'fixtures', 'validate', file), join(bad, file));
    const { code, err } = await run(['monthly', '--month', '2022-03', '--inbox', 'bad-inbox', '--out', 'bad-out']);
    expect(code).toBe(2);
    expect(err).toMatch(/的 1 个表格都有错误或无法判断报送组，没有可计入月报的内容，未写出月报；请先用 xmb validate 查看/);
    expect(existsSync(join(dir, 'bad-out'))).toBe(false);
  }, 60_000);

  it('names the groups with nothing counted on screen before writing, and in --json', async () => {
    const partial = join(dir, 'partial');
    // Without 巩义市 (第五组) and 荥阳市 (第十一组): their tables are not filed.
    cpSync(join(dir, '收件'), partial, { recursive: true, filter: (src) => !/巩义|荥阳/.test(src.split('/').pop()!) });
    const { code, out } = await run(['monthly', '--month', '2022-03', '--inbox', 'partial', '--out', 'partial-out']);
    expect(code).toBe(0);
    const lines = out.trim().split('\n');
    const warning = lines.findIndex((l) => l.startsWith('注意：2 个组在统计时段内没有任何表格计入'));
    expect(warning).toBeGreaterThan(0);
    expect(lines[warning]).toContain('第五组（巩义市）、第十一组（荥阳市）');
    expect(warning).toBeLessThan(lines.findIndex((l) => l.startsWith('已写出：')));
    const json = JSON.parse((await run(['monthly', '--month', '2022-03', '--inbox', 'partial', '--out', 'partial-out', '--force', '--json'])).out);
    expect(json.silentGroups).toEqual([
      { group: 5, district: '巩义市', invalidTables: 0 },
      { group: 11, district: '荥阳市', invalidTables: 0 },
    ]);
  }, 120_000);

  it('counts each project once city-wide in the summary and the JSON (issue 8 item 2)', async () => {
    const { out } = await run(['monthly', '--month', '2022-03', '--out', 'city', '--json']);
    const json = JSON.parse(out);
    const sum = json.groups.reduce((a: number, g: { projectsServed: number }) => a + g.projectsServed, 0);
    expect(json.totals.byGroups.projectsServed).toBe(sum);
    expect(json.totals.projectsServed).toBeLessThan(sum);
    expect(json.totals.sharedProjects.length).toBeGreaterThan(0);
    for (const p of json.totals.sharedProjects) expect(p.groups.length).toBeGreaterThan(1);
  }, 60_000);
});
