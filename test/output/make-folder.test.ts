import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFsError, isFsError } from '../../src/fs-errors.js';
import { makeFolder } from '../../src/make-folder.js';

function fails(path: string): string {
  try {
    makeFolder(path);
  } catch (error) {
    expect(isFsError(error)).toBe(true);
    return describeFsError(error as Parameters<typeof describeFsError>[0]);
  }
  throw new Error(`makeFolder(${path}) did not fail`);
}

describe('makeFolder', () => {
  const root = mkdtempSync(join(tmpdir(), 'xmb-folder-'));

  it('creates a folder with missing parents, Chinese names and spaces, and leaves an existing one alone', () => {
    const target = join(root, '汇总 输出', '2022年 第9周', '给领导');
    makeFolder(target);
    expect(statSync(target).isDirectory()).toBe(true);
    makeFolder(target);
    expect(statSync(target).isDirectory()).toBe(true);
  });

  it('says in Chinese when a file stands where the folder should be, or where a parent should be', () => {
    const file = join(root, '输出.xlsx');
    writeFileSync(file, 'x');
    expect(fails(file)).toBe(`无法创建文件夹 ${file}：已存在同名文件，不是文件夹`);
    expect(fails(join(file, '子文件夹', '再下一层'))).toBe(`无法创建文件夹 ${join(file, '子文件夹', '再下一层')}：路径中有一段是文件而不是文件夹`);
  });

  // Node's mkdirSync(…, { recursive: true }) loops for ever here (mkdir answers ENOENT under a
  // parent that exists); /proc is the Linux case of such a file system.
  it.runIf(existsSync('/proc/self'))('returns with an error under a file system that refuses folders (/proc) instead of hanging', () => {
    const message = fails('/proc/xmb-输出/第9周');
    expect(message).toMatch(/^无法创建文件夹 \/proc\/xmb-输出：/);
    expect(existsSync('/proc/xmb-输出')).toBe(false);
  });
});
