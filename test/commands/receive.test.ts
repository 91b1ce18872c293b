/**
 * receive's filing, without the reader: validated results built directly, copied into a temporary
 * inbox. (The end-to-end receive through bin/xmb.js is in merge.test.ts, where the inbox is built.)
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { saveWorkbook } from '../../src/writers/save.js';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import { canonicalName, fileIntoInbox, partsOf } from '../../src/inbox/receive.js';
import { readLedger } from '../../src/inbox/ledger.js';
import { ledgerEntrySchema } from '../../src/inbox/ledger-schema.js';
import { scanInbox } from '../../src/inbox/scan.js';
import type { Validated } from '../../src/validate/result.js';
import type { KindId } from '../../src/schema/kinds.js';

function validated(path: string, tables: { kind: KindId; group: number | null; district: string | null; valid?: boolean; sheet?: string }[]): Validated[] {
  return tables.map((t) => ({
    path,
    table: {} as never,
    result: {
      file: path,
      sheet: t.sheet ?? 'Sheet1',
      kind: t.kind,
      group: t.group,
      district: t.district,
      fillDate: '2022-03-04',
      rows: 2,
      valid: t.valid ?? true,
      issues:
        t.valid === false
          ? [{ severity: 'error', code: 'completed-exceeds-total', cell: 'G5', row: 5, field: '截至完成投资', value: 9, message: '截至完成投资超过总投资，请核实' }]
          : [{ severity: 'warning', code: 'number-as-text', cell: 'E5', row: 5, field: '总投资', value: '1,000', message: '金额写成了文字，请改为数字' }],
    },
  }));
}

const at = new Date('2022-03-04T03:30:00Z'); // 11:30 in Shanghai

describe('canonical names', () => {
  it('names group, district, kinds (in Chinese) and the Shanghai receipt time', () => {
    const parts = partsOf(validated('第三组.xlsx', [{ kind: 'lagging', group: 3, district: '高新区' }]), DEFAULT_CONFIG, at, '.xlsx');
    expect(canonicalName(parts, 'Asia/Shanghai')).toBe('第03组_高新区_进度滞后_20220304-1130.xlsx');
    const both = partsOf(
      validated('x.xlsx', [
        { kind: 'municipal', group: 6, district: '登封市', sheet: '市' },
        { kind: 'provincial', group: 6, district: '登封市', sheet: '省' },
      ]),
      DEFAULT_CONFIG,
      at,
      '.xlsx',
    );
    expect(canonicalName(both, 'Asia/Shanghai')).toBe('第06组_登封市_省领导联系+市领导联系_20220304-1130.xlsx');
    const all = partsOf(
      validated('x.xlsx', [
        { kind: 'municipal', group: 3, district: '高新区', sheet: '市' },
        { kind: 'lagging', group: 3, district: '高新区', sheet: '滞后' },
        { kind: 'provincial', group: 3, district: '高新区', sheet: '省' },
      ]),
      DEFAULT_CONFIG,
      at,
      '.xlsx',
    );
    expect(canonicalName(all, 'Asia/Shanghai')).toBe('第03组_高新区_进度滞后+省领导联系+市领导联系_20220304-1130.xlsx');
    const unknown = partsOf(validated('y.xlsx', [{ kind: 'whitelist', group: null, district: null }]), DEFAULT_CONFIG, at, '.xlsx');
    expect(canonicalName(unknown, 'Asia/Shanghai')).toBe('未知组_未知区县_白名单_20220304-1130.xlsx');
    const unreadable = partsOf([{ path: 'z.xls', table: null, result: { file: 'z.xls', sheet: null, kind: null, group: null, district: null, fillDate: null, rows: 0, valid: false, issues: [] } }], DEFAULT_CONFIG, at, '.xls');
    expect(canonicalName(unreadable, 'Asia/Shanghai')).toBe('未知组_未知区县_未识别_20220304-1130.xls');
  });
});

describe('fileIntoInbox', () => {
  it('copies without overwriting (-2), records identical content once, never changes the input', async () => {
    const root = mkdtempSync(join(tmpdir(), 'xmb-receive-'));
    const inbox = join(root, '收件');
    const a = join(root, '第三组 进度滞后.xlsx');
    const b = join(root, '第三组 进度滞后（改）.xlsx');
    writeFileSync(a, 'first version');
    writeFileSync(b, 'second version');
    const v = (p: string) => validated(p, [{ kind: 'lagging', group: 3, district: '高新区' }]);

    const file = (p: string, when: Date) => fileIntoInbox(p, v(p), inbox, DEFAULT_CONFIG, when, basename(p), { extension: '.xlsx' });
    const first = await file(a, at);
    expect(first.duplicate).toBe(false);
    expect(first.entry.file).toBe('2022-W09/第03组_高新区_进度滞后_20220304-1130.xlsx');
    const second = await file(b, at);
    expect(second.entry.file).toBe('2022-W09/第03组_高新区_进度滞后_20220304-1130-2.xlsx');
    const again = await file(a, new Date('2022-03-05T00:00:00Z'));
    expect(again.duplicate).toBe(true);
    expect(again.entry.file).toBe(first.entry.file);

    expect(readFileSync(a, 'utf8')).toBe('first version');
    expect(readFileSync(join(inbox, '2022-W09', '第03组_高新区_进度滞后_20220304-1130.xlsx'), 'utf8')).toBe('first version');
    expect(readFileSync(join(inbox, '2022-W09', '第03组_高新区_进度滞后_20220304-1130-2.xlsx'), 'utf8')).toBe('second version');
    expect(readdirSync(join(inbox, '2022-W09'))).toHaveLength(2);

    const lines = readFileSync(join(inbox, '收件登记.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    const entry = ledgerEntrySchema.parse(JSON.parse(lines[0]!));
    expect(entry).toMatchObject({
      receivedAt: '2022-03-04T11:30:00+08:00',
      original: '第三组 进度滞后.xlsx',
      summary: { tables: 1, valid: 1, invalid: 0, errors: 0, warnings: 1 },
      tables: [{ sheet: 'Sheet1', kind: 'lagging', group: 3, district: '高新区', fillDate: '2022-03-04', rows: 2, valid: true }],
    });
    expect(readLedger(inbox).badLines).toEqual([]);

    // merge's scan: the ledger's time for received files, the mtime for a file dropped in by hand
    writeFileSync(join(inbox, '手工.xlsx'), 'dropped');
    writeFileSync(join(inbox, '2022-W09', '~$lock.xlsx'), 'lock');
    // an annotated copy as validate --annotate writes it (xmb's marker in its document properties)
    const annotated = new ExcelJS.Workbook();
    annotated.addWorksheet('校验结果').getCell('A1').value = '校验结果';
    await saveWorkbook(annotated, join(inbox, '第三组_批注.xlsx'));
    const scan = scanInbox(inbox);
    expect(scan.files.map((f) => [f.relative, f.receivedFrom])).toEqual([
      ['2022-W09/第03组_高新区_进度滞后_20220304-1130-2.xlsx', 'ledger'],
      ['2022-W09/第03组_高新区_进度滞后_20220304-1130.xlsx', 'ledger'],
      ['手工.xlsx', 'mtime'],
    ]);
    expect(scan.skipped.map((f) => [basename(f.path), f.reason])).toEqual([
      ['~$lock.xlsx', 'lock'],
      ['第三组_批注.xlsx', 'own-output'],
    ]);
    expect(scan.files[1]!.receivedAt.getTime()).toBe(at.getTime());
  });

  it('files by the receipt week in Shanghai: Sunday 23:30 there is still W09, whatever the machine zone', async () => {
    const root = mkdtempSync(join(tmpdir(), 'xmb-receive-'));
    const a = join(root, 'a.xlsx');
    writeFileSync(a, 'late sunday');
    const sunday = new Date('2022-03-06T15:30:00Z');
    const out = await fileIntoInbox(a, validated(a, [{ kind: 'whitelist', group: 13, district: '金水区' }]), join(root, 'in'), DEFAULT_CONFIG, sunday, 'a.xlsx', {
      extension: '.xlsx',
    });
    expect(out.entry.file).toBe('2022-W09/第13组_金水区_白名单_20220306-2330.xlsx');
  });
});

describe('xmb receive --group: a file that does not say who sent it', () => {
  it('is filed under 未知组 and left out of the merge; received again with --group it is filed under that group and merged', async () => {
    const { runCli, REPO_ROOT } = await import('../support/cli.js');
    const root = mkdtempSync(join(tmpdir(), 'xmb-receive-group-'));
    const source = join(REPO_ROOT, 'fixtures', 'validate', '进度滞后项目统计-不知是哪个组.xlsx');
    const env = { XMB_NOW: '2022-03-04T10:00:00+08:00' };

    const first = runCli(['receive', source, '--inbox', '收件'], { cwd: root, env });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('未知组');
    expect(first.stdout).toMatch(/看不出是哪个组报送的，汇总时不会计入。请用 xmb receive .* --group 组号 重新收件/);

    const again = runCli(['receive', source, '--inbox', '收件', '--group', '3'], { cwd: root, env });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/已收件：.* → 收件\/2022-W09\/第03组_高新区_进度滞后_20220304-1000\.xlsx/);

    const merge = runCli(['merge', '--week', '2022-W09', '--inbox', '收件', '--out', '汇总', '--json'], { cwd: root, env });
    const submissions = JSON.parse(merge.stdout).submissions as { group: number; kind: string; status: string }[];
    expect(submissions.find((s) => s.group === 3 && s.kind === 'lagging')?.status).toBe('on-time');
  });
});
