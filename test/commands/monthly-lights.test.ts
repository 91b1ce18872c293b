/**
 * `xmb monthly` wires the month's 序时进度 lights into 督导服务 (the lights themselves are tested in
 * test/merge/month-lights.test.ts): the weeks counted are those whose Friday deadline falls in the
 * period, and each group's counts are those `xmb status --week` prints for the group's latest week.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { runMain } from '../support/cli.js';

const FIXTURE_INBOX = join(import.meta.dirname, '..', '..', 'fixtures', 'inbox');
let dir: string;

const run = (args: string[]) => runMain(args, dir);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmb-monthly-lights-'));
  cpSync(FIXTURE_INBOX, join(dir, '收件'), { recursive: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Counts = { red: number; yellow: number; green: number; doubt: number; none: number };

describe('xmb monthly: 序时进度亮灯 in 督导服务', () => {
  it('counts the weeks with a deadline in the period, each group by its latest week, as status --week counts it', async () => {
    const monthly = await run(['monthly', '--month', '2022-03', '--json', '--force']);
    expect(monthly.err).toBe('');
    expect(monthly.code).toBe(0);
    const json = JSON.parse(monthly.out);
    // 2022-02-21 … 2022-03-20: the Fridays 2/25, 3/4, 3/11, 3/18
    expect(json.lights.weeks).toEqual(['2022-W08', '2022-W09', '2022-W10', '2022-W11']);
    const groups: (Counts & { group: number; week: string | null })[] = json.lights.groups;
    expect(groups).toHaveLength(16);
    const statusOf = new Map<string, { groups: (Counts & { group: number })[] }>();
    for (const week of new Set(groups.map((g) => g.week).filter((w): w is string => w !== null))) {
      const status = await run(['status', '--week', week, '--json']);
      expect(status.code).toBe(0);
      statusOf.set(week, JSON.parse(status.out).lights);
    }
    for (const g of groups) {
      if (g.week === null) continue;
      const s = statusOf.get(g.week)!.groups.find((x) => x.group === g.group)!;
      expect({ red: g.red, yellow: g.yellow, green: g.green, doubt: g.doubt, none: g.none }, `第${g.group}组 ${g.week}`).toEqual({
        red: s.red,
        yellow: s.yellow,
        green: s.green,
        doubt: s.doubt,
        none: s.none,
      });
    }
    const sum = (k: keyof Counts) => groups.reduce((n, g) => n + g[k], 0);
    expect(json.lights.total).toEqual({ red: sum('red'), yellow: sum('yellow'), green: sum('green'), doubt: sum('doubt'), none: sum('none') });
    expect(sum('green') + sum('yellow')).toBeGreaterThan(0);
    // In March 序时进度 is below 22%: no project can be 30 points behind it.
    expect(sum('red')).toBe(0);
  }, 120_000);

  it('prints the counts and writes the table into the .docx', async () => {
    const { code, out } = await run(['monthly', '--month', '2022-03', '--force']);
    expect(code).toBe(0);
    expect(out).toMatch(/序时进度亮灯：红灯 0，黄灯 \d+，绿灯 \d+，数据存疑 \d+；2期以上红灯的项目 0 个/);
    const file = /已写出：(.+\.docx)/.exec(out)![1]!;
    const xml = strFromU8(unzipSync(readFileSync(file))['word/document.xml']!);
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    expect(text).toContain('各区县重点项目序时进度亮灯情况表');
    expect(text).toContain('2022年第8周至第11周中2期以上亮红灯的项目0个。');
  }, 120_000);
});
