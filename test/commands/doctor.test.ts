/**
 * xmb doctor: Node, LibreOffice, fonts (read from the fonts' own name tables), folders, the config and
 * its encoding. Fonts are planted in a folder of the test's own (XDG_DATA_HOME/fonts) as generated
 * TrueType files carrying only a 'name' table, which is all the check reads.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { describeEncoding, fontNames } from '../../src/commands/doctor.js';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import { runCli } from '../support/cli.js';

const root = mkdtempSync(join(tmpdir(), 'xmb-doctor-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A 'name' table with `names` as family names (name ID 1), Windows platform, UTF-16BE. */
function nameTable(names: { text: string; language: number }[]): Buffer {
  const strings = names.map((n) => Buffer.from(n.text, 'utf16le').swap16());
  const header = Buffer.alloc(6 + 12 * names.length);
  header.writeUInt16BE(0, 0);
  header.writeUInt16BE(names.length, 2);
  header.writeUInt16BE(header.length, 4);
  let offset = 0;
  names.forEach((n, i) => {
    const at = 6 + 12 * i;
    header.writeUInt16BE(3, at); // Windows
    header.writeUInt16BE(1, at + 2); // Unicode BMP
    header.writeUInt16BE(n.language, at + 4);
    header.writeUInt16BE(1, at + 6); // family
    header.writeUInt16BE(strings[i]!.length, at + 8);
    header.writeUInt16BE(offset, at + 10);
    offset += strings[i]!.length;
  });
  return Buffer.concat([header, ...strings]);
}

/** A TrueType font file holding one 'name' table, starting at `base` within a larger file. */
function sfnt(names: { text: string; language: number }[], base = 0): Buffer {
  const table = nameTable(names);
  const directory = Buffer.alloc(12 + 16);
  directory.writeUInt32BE(0x00010000, 0);
  directory.writeUInt16BE(1, 4);
  directory.write('name', 12, 'latin1');
  directory.writeUInt32BE(base + 28, 20);
  directory.writeUInt32BE(table.length, 24);
  return Buffer.concat([directory, table]);
}

/** A TrueType collection of two fonts. */
function ttc(a: { text: string; language: number }[], b: { text: string; language: number }[]): Buffer {
  const head = Buffer.alloc(20);
  head.write('ttcf', 0, 'latin1');
  head.writeUInt32BE(0x00010000, 4);
  head.writeUInt32BE(2, 8);
  const first = sfnt(a, 20);
  head.writeUInt32BE(20, 12);
  head.writeUInt32BE(20 + first.length, 16);
  return Buffer.concat([head, first, sfnt(b, 20 + first.length)]);
}

describe('fontNames', () => {
  it('reads the Chinese and English family names of a .ttf and of each font in a .ttc', () => {
    const ttf = join(root, 'simfang.ttf');
    writeFileSync(ttf, sfnt([{ text: 'FangSong', language: 0x0409 }, { text: '仿宋', language: 0x0804 }]));
    expect(fontNames(ttf).sort()).toEqual(['FangSong', '仿宋'].sort());
    const collection = join(root, 'simsun.ttc');
    writeFileSync(collection, ttc([{ text: '宋体', language: 0x0804 }], [{ text: '新宋体', language: 0x0804 }]));
    expect(fontNames(collection).sort()).toEqual(['宋体', '新宋体'].sort());
  });
  it('names nothing for a file that is not a font', () => {
    const bad = join(root, 'bad.ttf');
    writeFileSync(bad, 'not a font at all');
    expect(fontNames(bad)).toEqual([]);
  });
});

describe('describeEncoding', () => {
  it.each([
    ['UTF-8', Buffer.from('{"year": 2022, "centre": "市重点项目建设中心"}'), 'UTF-8'],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{}')]), 'UTF-8（带 BOM）'],
    ['UTF-16 LE', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"a":"组"}', 'utf16le')]), 'UTF-16 LE（记事本的“Unicode”）'],
    // “第三组” in GBK: not valid UTF-8.
    ['GBK', Buffer.from([0x7b, 0x22, 0xb5, 0xda, 0xc8, 0xfd, 0xd7, 0xe9, 0x22, 0x7d]), 'GBK（记事本的“ANSI”）'],
  ])('%s', (_label, bytes, expected) => {
    expect(describeEncoding(bytes)).toBe(expected);
  });
});

describe('xmb doctor', () => {
  const env = (dir: string) => ({ XDG_DATA_HOME: join(dir, 'data'), HOME: join(dir, 'home'), XMB_SOFFICE: join(dir, 'no-soffice') });

  it('in a fresh folder: works (exit 0), names Node, the fonts it found and what stands in for the rest', () => {
    const dir = mkdtempSync(join(root, 'fresh '));
    mkdirSync(join(dir, 'data', 'fonts', '公文字体'), { recursive: true });
    writeFileSync(join(dir, 'data', 'fonts', '公文字体', 'fs_gb2312.ttf'), sfnt([{ text: '仿宋_GB2312', language: 0x0804 }]));
    writeFileSync(join(dir, 'data', 'fonts', 'simkai.ttf'), sfnt([{ text: 'KaiTi', language: 0x0409 }, { text: '楷体', language: 0x0804 }]));
    const run = runCli(['doctor'], { cwd: dir, env: env(dir) });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Node.js：${process.versions.node}`);
    expect(run.stdout).toMatch(/✓ 字体 仿宋_GB2312：已安装（.*fs_gb2312\.ttf）/);
    expect(run.stdout).toMatch(/! 字体 楷体_GB2312：未安装，Word\/WPS 会用 楷体（已安装）代替/);
    expect(run.stdout).toMatch(/! 字体 方正小标宋简体：未安装/);
    expect(run.stdout).toMatch(/! LibreOffice：环境变量 XMB_SOFFICE 指向的 .* 不存在/);
    expect(run.stdout).toMatch(/✓ 收件目录：收件 还不存在，第一次用到时会创建/);
    expect(run.stdout).toMatch(/✓ 配置文件：当前目录没有 xmb\.config\.json，使用内置的名单/);
  });

  it('an XMB_SOFFICE that exists is the LibreOffice it names', () => {
    const dir = mkdtempSync(join(root, 'soffice-'));
    writeFileSync(join(dir, 'soffice'), '#!/bin/sh\n', { mode: 0o755 });
    const run = runCli(['doctor'], { cwd: dir, env: { ...env(dir), XMB_SOFFICE: join(dir, 'soffice') } });
    expect(run.stdout).toContain(`✓ LibreOffice：${join(dir, 'soffice')}（由环境变量 XMB_SOFFICE 指定）`);
  });

  it('a config saved as GBK is named as GBK; a broken one or an inbox that is a file is a problem (exit 2)', () => {
    const dir = mkdtempSync(join(root, 'problems-'));
    writeFileSync(join(dir, 'xmb.config.json'), '{ "year": 2022, }');
    writeFileSync(join(dir, '收件'), 'a file where the inbox folder should be');
    const run = runCli(['doctor'], { cwd: dir, env: env(dir) });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/✗ 配置文件：.*xmb\.config\.json（UTF-8）：.*不是有效的 JSON/);
    expect(run.stdout).toMatch(/✗ 收件目录：收件 是一个文件，不是文件夹/);
    expect(run.stdout).toMatch(/有 2 个问题/);

    const gbk = mkdtempSync(join(root, 'gbk-'));
    // The default config (Chinese names throughout) as Notepad's “ANSI” saves it on a Chinese Windows.
    writeFileSync(join(gbk, 'xmb.config.json'), iconv.encode(JSON.stringify(DEFAULT_CONFIG, null, 2), 'gbk'));
    const named = runCli(['doctor'], { cwd: gbk, env: env(gbk) });
    expect(named.stdout).toMatch(/配置文件：.*xmb\.config\.json（GBK（记事本的“ANSI”））/);
  });

  it('--json gives every check with its status', () => {
    const dir = mkdtempSync(join(root, 'json-'));
    const run = runCli(['doctor', '--json'], { cwd: dir, env: env(dir) });
    const doc = JSON.parse(run.stdout);
    expect(doc.version).toBe(1);
    expect(doc.problems).toBe(0);
    expect(doc.checks.map((c: { what: string }) => c.what)).toEqual(
      expect.arrayContaining(['Node.js', 'LibreOffice', '字体 黑体', '收件目录', '汇总目录', '配置文件']),
    );
  });
});
