/**
 * Several copies of one group's table received in the same minute (or second): `xmb merge` takes the
 * newest — the last line of 收件登记.jsonl (receive appends in receipt order), not the first copy by
 * file name. Before, equal receipt times fell back to the file name, and “…-1000.xlsx” sorted after
 * “…-1000-2.xlsx”, so the first copy received won. With XMB_NOW fixed, every receive gets the same
 * time: the case of a clerk receiving a district's corrections one after another in a minute.
 */
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeDistrictWorkbook, type FixtureRow } from '../../scripts/fixtures/district-workbook.js';
import { runMain } from '../support/cli.js';

const NOW = '2022-03-03T10:00:00+08:00';
let dir: string;
let saved: string | undefined;

function row(completed: number): FixtureRow {
  return { name: '高新甲项目', overview: '新建厂房', period: '2021.03-2023.12', total: 40000, plan: 10000, completed, progress: '主体施工', problems: '施工用电未接入，涉及供电公司', coordination: '正在协调', district: '高新区' };
}

/** Version `v` of group 3's 进度滞后 table: 截至完成投资 1000 + v, so the merge shows which it took. */
async function version(v: number, name = `第三组-进度滞后-v${v}.xlsx`): Promise<string> {
  const path = join(dir, 'incoming', name);
  await writeDistrictWorkbook(path, {
    sheets: [{ name: 'Sheet1', kind: 'lagging', rows: [row(1000 + v)], options: { fillDate: '填表日期：2022年3月3日', reportingUnit: '报送单位：第三组（高新区）' } }],
  });
  return path;
}

async function mergeJson(): Promise<{ status: string; file: string | null }[]> {
  const run = await runMain(['merge', '--week', '2022-W09', '--inbox', join(dir, '收件'), '--json'], dir);
  expect(run.err).toBe('');
  const doc = JSON.parse(run.out) as { submissions: { group: number; kind: string; status: string; file: string | null }[] };
  return doc.submissions.filter((s) => s.group === 3 && s.kind === 'lagging');
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmb-same-minute-'));
  saved = process.env.XMB_NOW;
  process.env.XMB_NOW = NOW;
});
afterEach(() => {
  if (saved === undefined) delete process.env.XMB_NOW;
  else process.env.XMB_NOW = saved;
  rmSync(dir, { recursive: true, force: true });
});

describe('copies received in one minute: merge takes the newest', () => {
  it.each([2, 3, 11])('%i copies received one after another at the same instant: the last one received counts', async (copies) => {
    for (let v = 1; v <= copies; v++) {
      const run = await runMain(['receive', await version(v), '--inbox', join(dir, '收件')], dir);
      expect(run.code, run.out + run.err).toBe(0);
    }
    const cell = await mergeJson();
    const chosen = cell.filter((s) => s.status === 'on-time');
    expect(chosen).toHaveLength(1);
    // receive named them …-1000.xlsx, …-1000-2.xlsx … …-1000-N.xlsx: the last received is the newest
    expect(chosen[0]!.file).toMatch(copies === 1 ? /-1000\.xlsx$/ : new RegExp(`-1000-${copies}\\.xlsx$`));
    expect(cell.map((s) => s.status)).toEqual(['on-time', ...Array(copies - 1).fill('superseded')]);
    const ledger = readFileSync(join(dir, '收件', '收件登记.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).file as string);
    expect(cell.map((s) => s.file!.split('收件/')[1])).toEqual([...ledger].reverse());
  });

  it('the ledger order decides even against the file names (a clerk renamed the copies)', async () => {
    // Received in the order c, a, b (same instant): the ledger says c first, b last.
    const inbox = join(dir, '收件');
    for (const [v, name] of [[1, 'c.xlsx'], [2, 'a.xlsx'], [3, 'b.xlsx']] as const) {
      expect((await runMain(['receive', await version(v, name), '--inbox', inbox], dir)).code).toBe(0);
    }
    const lines = readFileSync(join(inbox, '收件登记.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { file: string });
    // Rename the filed copies so that names sort against the receipt order, and say so in the ledger.
    const renamed = ['2022-W09/第03组_z.xlsx', '2022-W09/第03组_m.xlsx', '2022-W09/第03组_a.xlsx'];
    lines.forEach((l, i) => {
      writeFileSync(join(inbox, renamed[i]!), readFileSync(join(inbox, l.file)));
      rmSync(join(inbox, l.file));
      l.file = renamed[i]!;
    });
    writeFileSync(join(inbox, '收件登记.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const cell = await mergeJson();
    expect(cell[0]!.status).toBe('on-time');
    expect(cell[0]!.file).toMatch(/第03组_a\.xlsx$/);
  });

  it('without a ledger line (copies dropped in by hand with equal times): the highest copy number is the newest', async () => {
    const inbox = join(dir, '收件');
    const at = new Date(NOW);
    for (const [v, suffix] of [[1, ''], [2, '-2'], [10, '-10'], [3, '-3']] as const) {
      const path = join(inbox, '2022-W09', `第03组_高新区_进度滞后_20220303-1000${suffix}.xlsx`);
      await writeDistrictWorkbook(path, {
        sheets: [{ name: 'Sheet1', kind: 'lagging', rows: [row(1000 + v)], options: { fillDate: '填表日期：2022年3月3日', reportingUnit: '报送单位：第三组（高新区）' } }],
      });
      utimesSync(path, at, at);
    }
    const cell = await mergeJson();
    expect(cell.map((s) => s.file!.replace(/^.*20220303-1000/, ''))).toEqual(['-10.xlsx', '-3.xlsx', '-2.xlsx', '.xlsx']);
  });
});
