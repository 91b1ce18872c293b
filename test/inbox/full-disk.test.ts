/**
 * receive on a full disk (issue 8 item 14), with the failure injected into node:fs: ENOSPC while
 * the copy is written, while the ledger line is written (after half of it), and once with the
 * ledger not even cut back. Nothing half-written may stay behind or be silently skipped.
 */
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

/** Which write fails: the copy's, the ledger's (after writing half), and whether the ledger can be cut back. */
const fault = { target: null as null | 'copy' | 'ledger', truncateFails: false };
const paths = new Map<number, string>();

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });
  return {
    ...fs,
    openSync: (...args: Parameters<typeof fs.openSync>) => {
      const fd = fs.openSync(...args);
      paths.set(fd, String(args[0]));
      return fd;
    },
    writeSync: (fd: number, buffer: Uint8Array, offset = 0, length = buffer.length - offset, ...rest: unknown[]) => {
      const path = paths.get(fd) ?? '';
      if (fault.target === 'copy' && path.endsWith('.tmp')) {
        fs.writeSync(fd, buffer, offset, Math.min(length, 1000));
        throw enospc();
      }
      if (fault.target === 'ledger' && path.endsWith('收件登记.jsonl')) {
        fs.writeSync(fd, buffer, offset, Math.floor(length / 2));
        throw enospc();
      }
      return (fs.writeSync as (...a: unknown[]) => number)(fd, buffer, offset, length, ...rest);
    },
    ftruncateSync: (...args: Parameters<typeof fs.ftruncateSync>) => {
      if (fault.truncateFails) throw enospc();
      return fs.ftruncateSync(...args);
    },
  };
});

const fs = await import('node:fs');
const { writeDistrictWorkbook } = await import('../../scripts/fixtures/district-workbook.js');
const { runReceive } = await import('../../src/commands/receive.js');
const { scanInbox } = await import('../../src/inbox/scan.js');
const { inboxNotes } = await import('../../src/inbox/notes.js');

let root: string;
let source: string;

async function receive(inbox: string): Promise<{ code: number; out: string }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  try {
    const code = await runReceive([source], { inbox });
    return { code, out };
  } finally {
    spy.mockRestore();
  }
}

const listAll = (dir: string): string[] =>
  fs.existsSync(dir)
    ? fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listAll(join(dir, e.name)).map((n) => `${e.name}/${n}`) : [e.name]))
    : [];

beforeAll(async () => {
  process.env.XMB_NOW = '2022-03-04T10:00:00+08:00';
  root = fs.mkdtempSync(join(tmpdir(), 'xmb-full-disk-'));
  source = join(root, '第三组-进度滞后.xlsx');
  await writeDistrictWorkbook(source, {
    sheets: [
      {
        name: 'Sheet1',
        kind: 'lagging',
        rows: [{ name: '高新甲项目', overview: '厂房', period: '2021.03-2023.12', total: 40000, plan: 10000, completed: 7000, progress: '施工', problems: '用地手续未完成', coordination: '正在协调', district: '高新区' }],
        options: { fillDate: '填表日期：2022年3月4日', reportingUnit: '报送单位：第三组（高新区）' },
      },
    ],
  });
});

afterEach(() => {
  fault.target = null;
  fault.truncateFails = false;
});

describe('a full disk while receiving', () => {
  it('while writing the copy: one line, exit 2, no partial *.tmp, no ledger line; the next try files it', async () => {
    const inbox = join(root, '收件-copy');
    fault.target = 'copy';
    const failed = await receive(inbox);
    expect(failed.code).toBe(2);
    expect(failed.out).toMatch(/未收件：.*第三组-进度滞后\.xlsx：收件目录 .*收件-copy 所在的磁盘空间不足，没有收件，也没有留下不完整的文件；请腾出空间后重新收件/);
    expect(listAll(inbox).filter((n) => n !== '收件登记.jsonl')).toEqual([]);
    expect(fs.existsSync(join(inbox, '收件登记.jsonl')) ? fs.readFileSync(join(inbox, '收件登记.jsonl'), 'utf8') : '').toBe('');
    fault.target = null;
    const again = await receive(inbox);
    expect(again.code).toBe(0);
    expect(listAll(inbox).filter((n) => n.endsWith('.xlsx'))).toEqual(['2022-W09/第03组_高新区_进度滞后_20220304-1000.xlsx']);
  });

  it('while writing the ledger line: the half line is cut back, the copy removed; the ledger is as before', async () => {
    const inbox = join(root, '收件-ledger');
    expect((await receive(inbox)).code).toBe(0);
    const before = fs.readFileSync(join(inbox, '收件登记.jsonl'));
    // another table (the same bytes would be 已收过 and write nothing)
    const other = join(root, '第三组-进度滞后-2.xlsx');
    await writeDistrictWorkbook(other, {
      sheets: [{ name: 'Sheet1', kind: 'lagging', rows: [], options: { fillDate: '填表日期：2022年3月4日', reportingUnit: '报送单位：第三组（高新区）' } }],
    });
    fault.target = 'ledger';
    let out = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
    const code = await runReceive([other], { inbox });
    spy.mockRestore();
    expect(code).toBe(2);
    expect(out).toMatch(/磁盘空间不足/);
    expect(fs.readFileSync(join(inbox, '收件登记.jsonl')).equals(before)).toBe(true);
    expect(listAll(inbox).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(listAll(inbox).filter((n) => n.endsWith('.xlsx'))).toEqual(['2022-W09/第03组_高新区_进度滞后_20220304-1000.xlsx']);
  });

  it('when even cutting back fails: the torn line is shown by status, and the next receive removes it and says so', async () => {
    const inbox = join(root, '收件-torn');
    expect((await receive(inbox)).code).toBe(0);
    const other = join(root, '第三组-空表.xlsx');
    await writeDistrictWorkbook(other, {
      sheets: [{ name: 'Sheet1', kind: 'lagging', rows: [], options: { fillDate: '填表日期：2022年3月4日', reportingUnit: '报送单位：第三组（高新区）' } }],
    });
    fault.target = 'ledger';
    fault.truncateFails = true;
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(await runReceive([other], { inbox })).toBe(2);
    spy.mockRestore();
    fault.target = null;
    fault.truncateFails = false;
    const notes = inboxNotes(scanInbox(inbox));
    expect(notes.join('\n')).toMatch(/收件登记\.jsonl 第 2 行（最后一行）不完整，是上次收件中断留下的/);
    const again = await (async () => {
      let out = '';
      const s = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
      const c = await runReceive([other], { inbox });
      s.mockRestore();
      return { code: c, out };
    })();
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/最后一行不完整（上次收件在写登记时中断，那次没有收件成功），已删去/);
    const lines = fs.readFileSync(join(inbox, '收件登记.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(inboxNotes(scanInbox(inbox))).toEqual([]);
  });
});
