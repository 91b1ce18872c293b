/**
 * The merged workbooks of a week are written as one set: all or none replaced. Failures are
 * simulated the way they happen on Windows (a workbook open in Excel cannot be renamed: EBUSY or
 * EPERM) by an injected rename, and for real by a folder standing where a workbook should go.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFailure } from '../../src/commands/merge.js';
import { FileSetError, writeFileSet, type FileSetOps } from '../../src/writers/save.js';

const NAMES = ['2022年第09周_进度滞后项目_肖磊.xlsx', '2022年第09周_省市领导联系项目_徐大利.xlsx', '2022年第09周_白名单落实情况_石明洋.xlsx'];
const bytes = (text: string) => new TextEncoder().encode(text);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmb-file-set-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function oldSet(): void {
  for (const name of NAMES) writeFileSync(join(dir, name), `old ${name}`);
}

function newSet(): { path: string; data: Uint8Array }[] {
  return NAMES.map((name) => ({ path: join(dir, name), data: bytes(`new ${name}`) }));
}

/** What the folder holds: each file's text, a folder as 'folder'. */
function contents(): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((e) => [e.name, e.isDirectory() ? 'folder' : readFileSync(join(dir, e.name), 'utf8')]),
  );
}

/** Real file-system calls, except that renaming `from` or `to` a path ending in `busy` fails with `code`. */
function failingRename(busy: string, code: string, when: 'from' | 'to' | 'either' = 'either'): FileSetOps {
  return {
    writeFile: (path, data) => writeFileSync(path, data),
    remove: (path) => rmSync(path, { force: true }),
    rename(from, to) {
      const hit = (when !== 'to' && from.endsWith(busy)) || (when !== 'from' && to.endsWith(busy));
      if (hit) throw Object.assign(new Error(`${code}: resource busy or locked, rename '${from}' -> '${to}'`), { code });
      renameSync(from, to);
    },
  };
}

describe('writeFileSet', () => {
  it('replaces the whole set and leaves no temporary or old copies', () => {
    oldSet();
    writeFileSet(newSet());
    expect(contents()).toEqual(Object.fromEntries(NAMES.map((n) => [n, `new ${n}`]).sort()));
  });

  it('writes a new set into a folder it creates', () => {
    const files = NAMES.map((name) => ({ path: join(dir, '汇总', name), data: bytes(name) }));
    writeFileSet(files);
    expect(readdirSync(join(dir, '汇总')).sort()).toEqual([...NAMES].sort());
  });

  for (const [busy, code] of [
    [NAMES[0]!, 'EBUSY'],
    [NAMES[1]!, 'EPERM'],
    [NAMES[2]!, 'EBUSY'],
  ] as const)
    it(`keeps the whole old set when ${busy} is open in Excel (${code} when it is moved aside)`, () => {
      oldSet();
      const before = contents();
      let error: unknown;
      try {
        writeFileSet(newSet(), failingRename(busy, code, 'from'));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(FileSetError);
      expect((error as FileSetError).path).toBe(join(dir, busy));
      expect((error as FileSetError).code).toBe(code);
      expect((error as FileSetError).notRestored).toEqual([]);
      expect(contents()).toEqual(before);
    });

  it('rolls back the workbooks already renamed into place when a later one cannot be', () => {
    oldSet();
    const before = contents();
    const placed: string[] = [];
    // The third new workbook cannot be renamed over its place; the first two are in place by then.
    const ops: FileSetOps = {
      ...failingRename('never', 'EBUSY'),
      rename(from, to) {
        if (from.endsWith('.tmp') && to.endsWith(NAMES[2]!)) throw Object.assign(new Error('EBUSY'), { code: 'EBUSY' });
        if (from.endsWith('.tmp')) placed.push(to);
        renameSync(from, to);
      },
    };
    expect(() => writeFileSet(newSet(), ops)).toThrow(FileSetError);
    expect(placed).toEqual([join(dir, NAMES[0]!), join(dir, NAMES[1]!)]);
    expect(contents()).toEqual(before);
  });

  it('writes a set of which no file existed before, or none of it', () => {
    expect(() => writeFileSet(newSet(), failingRename(NAMES[1]!, 'EBUSY', 'to'))).toThrow(FileSetError);
    expect(contents()).toEqual({});
  });

  it('refuses before writing anything when a folder stands where a workbook should go', () => {
    oldSet();
    rmSync(join(dir, NAMES[1]!));
    mkdirSync(join(dir, NAMES[1]!));
    writeFileSync(join(dir, NAMES[1]!, 'inside.txt'), 'kept');
    const before = contents();
    let error: unknown;
    try {
      writeFileSet(newSet());
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ path: join(dir, NAMES[1]!), code: 'EISDIR' });
    expect(contents()).toEqual(before);
    expect(readFileSync(join(dir, NAMES[1]!, 'inside.txt'), 'utf8')).toBe('kept');
  });

  it('says which old files could not be put back, if it ever comes to that', () => {
    oldSet();
    const ops = failingRename(NAMES[1]!, 'EBUSY', 'from');
    const rename = ops.rename;
    // The first workbook moves aside, the second is busy, and the first cannot come back either.
    ops.rename = (from, to) => {
      if (from.endsWith('.old')) throw Object.assign(new Error('EBUSY'), { code: 'EBUSY' });
      rename(from, to);
    };
    let error: FileSetError | undefined;
    try {
      writeFileSet(newSet(), ops);
    } catch (e) {
      error = e as FileSetError;
    }
    expect(error?.notRestored).toHaveLength(1);
    expect(error?.notRestored[0]!.path).toBe(join(dir, NAMES[0]!));
    expect(readFileSync(error!.notRestored[0]!.savedAs, 'utf8')).toBe(`old ${NAMES[0]}`);
    expect(writeFailure(error!)).toMatch(/未能放回原处，请手工改回原名/);
  });
});

describe('the line merge prints when the set cannot be written', () => {
  const path = join('汇总', NAMES[1]!);
  it('names the workbook open in Excel (EBUSY, EPERM)', () => {
    for (const code of ['EBUSY', 'EPERM']) {
      const line = writeFailure({ path, code, notRestored: [] });
      expect(line).toContain(`请先关闭 Excel 中打开的 ${NAMES[1]}`);
      expect(line).toContain('本次没有写出任何汇总表，已有的保持原样');
      expect(line).not.toMatch(/\n/);
    }
  });
  it('says what else went wrong in Chinese, never a bare code', () => {
    for (const code of ['EACCES', 'EISDIR', 'ENOSPC', 'ENOTDIR', 'EROFS', 'EEXIST'])
      expect(writeFailure({ path, code, notRestored: [] }), code).not.toContain(code);
  });
});
