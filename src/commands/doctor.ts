/**
 * xmb doctor — what this computer has and lacks for xmb: Node.js, LibreOffice, the fonts of the
 * 月报 and the merged workbooks, the inbox and output folders, the configuration. Changes nothing
 * (a folder's writability is tried with a temporary file that is removed at once).
 *
 * 用法：xmb doctor [--inbox 目录] [--out 目录] [--config 配置文件] [--json]
 *
 *   逐项列出：
 *   - Node.js 版本（单文件程序 xmb.exe / xmb-linux-x64 显示“内置”，无需安装 Node.js）；
 *   - LibreOffice：在哪里找到（XMB_SOFFICE、PATH，Windows 的 Program Files，Linux 的 /opt/libreoffice*）；
 *     没有时 .xls/.et 旧格式不能自动转换，其余功能不受影响；
 *   - 月报和汇总表用的字体（仿宋_GB2312、黑体、楷体_GB2312、方正小标宋简体、宋体、Times New Roman）是否已安装，
 *     没有时 Word/WPS 会用什么字体代替；
 *   - 收件目录（默认 ./收件）和汇总目录（默认 ./汇总）能否写入；
 *   - 配置文件（默认当前目录的 xmb.config.json）的编码，能否读出、是否有效。
 *   退出码：0 可以使用（缺 LibreOffice 或字体只是提示）；2 有必须处理的问题（Node.js 太旧、配置文件有误、
 *           文件夹不能写入）。
 */
import type { Command } from 'commander';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { CONFIG_FILE_NAME, loadConfig } from '../config/load.js';
import { UserError } from '../errors.js';
import { findSoffice } from '../reader/convert.js';
import { FONT_BODY, FONT_HEADER, FONT_TITLE } from '../writers/official-sheet.js';
import { VERSION } from '../cli.js';
import { DEFAULT_OUT } from './merge.js';
import { DEFAULT_INBOX } from './receive.js';

interface DoctorOptions {
  inbox?: string;
  out?: string;
  config?: string;
  json?: boolean;
}

/** One line of the report: ok, a warning (xmb works, something is missing) or a problem to mend. */
export interface Check {
  what: string;
  status: 'ok' | 'warning' | 'problem';
  detail: string;
}

export function register(program: Command, setExitCode: (code: number) => void): Command {
  return program
    .command('doctor')
    .description('检查本机：Node.js、LibreOffice、月报字体、收件和汇总文件夹、配置文件')
    .option('--inbox <目录>', `收件目录（默认 ./${DEFAULT_INBOX}）`)
    .option('--out <目录>', `汇总表输出目录（默认 ./${DEFAULT_OUT}）`)
    .option('--config <配置文件>', '检查指定的配置文件（默认：当前目录的 xmb.config.json）')
    .option('--json', '只输出 JSON 结果（供程序使用）')
    .action(async (options: DoctorOptions) => {
      setExitCode(await runDoctor(options));
    });
}

/** Runs every check and prints them; returns 0, or 2 when a problem must be mended first. */
export async function runDoctor(options: DoctorOptions, cwd: string = process.cwd()): Promise<number> {
  const checks = [
    await nodeCheck(),
    libreOfficeCheck(),
    ...(await fontChecks()),
    folderCheck('收件目录', resolve(cwd, options.inbox ?? DEFAULT_INBOX), options.inbox ?? DEFAULT_INBOX),
    folderCheck('汇总目录', resolve(cwd, options.out ?? DEFAULT_OUT), options.out ?? DEFAULT_OUT),
    await configCheck(options.config, cwd),
  ];
  const problems = checks.filter((c) => c.status === 'problem').length;
  const warnings = checks.filter((c) => c.status === 'warning').length;
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ version: 1, xmb: VERSION, checks, problems, warnings }, null, 2)}\n`);
  } else {
    const mark = { ok: '✓', warning: '!', problem: '✗' } as const;
    const lines = [`xmb ${VERSION} 本机检查`, ...checks.map((c) => `  ${mark[c.status]} ${c.what}：${c.detail}`), ''];
    if (problems > 0) lines.push(`有 ${problems} 个问题（✗）需要先处理。`);
    else if (warnings > 0) lines.push(`可以使用；有 ${warnings} 项提示（!），不影响校验和汇总。`);
    else lines.push('一切正常，可以使用。');
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return problems > 0 ? 2 : 0;
}

// ---------------------------------------------------------------------------------------------- Node

/** True when this process is a single executable application (xmb-win-x64.exe, xmb-linux-x64). */
async function isSingleExecutable(): Promise<boolean> {
  try {
    const sea = (await import('node:sea')) as { isSea?: () => boolean };
    return sea.isSea?.() ?? false;
  } catch {
    return false;
  }
}

async function nodeCheck(): Promise<Check> {
  const version = process.versions.node;
  if (await isSingleExecutable())
    return { what: 'Node.js', status: 'ok', detail: `内置 ${version}（单文件程序，本机不需要安装 Node.js）` };
  const major = Number(version.split('.')[0]);
  if (major < 20) return { what: 'Node.js', status: 'problem', detail: `${version} 太旧，需要 20 或更新的版本（或改用单文件程序 xmb-win-x64.exe / xmb-linux-x64）` };
  return { what: 'Node.js', status: 'ok', detail: `${version}（${process.execPath}）` };
}

// ----------------------------------------------------------------------------------------- LibreOffice

function libreOfficeCheck(): Check {
  const what = 'LibreOffice';
  const override = process.env.XMB_SOFFICE;
  const found = findSoffice();
  if (override && !found)
    return { what, status: 'warning', detail: `环境变量 XMB_SOFFICE 指向的 ${override} 不存在或不是文件；.xls/.et 旧格式不能自动转换` };
  if (!found)
    return {
      what,
      status: 'warning',
      detail:
        '未找到。.xls/.et 等旧格式不能自动转换（会报“格式不支持”，请区县另存为 .xlsx），其余功能不受影响；' +
        '安装后若仍未找到，可用环境变量 XMB_SOFFICE 指定 soffice 的位置',
    };
  const how = override ? '由环境变量 XMB_SOFFICE 指定' : (process.env.PATH ?? '').split(/[:;]/).some((d) => d && found.startsWith(d)) ? '在 PATH 中' : '在安装目录中';
  return { what, status: 'ok', detail: `${found}（${how}），可以转换 .xls/.et 旧格式` };
}

// --------------------------------------------------------------------------------------------- fonts

/** The names a font goes by in its files (its Chinese and its English family name). */
const FONT_NAMES: Record<string, string[]> = {
  '仿宋_GB2312': ['仿宋_GB2312', 'FangSong_GB2312'],
  '楷体_GB2312': ['楷体_GB2312', 'KaiTi_GB2312'],
  方正小标宋简体: ['方正小标宋简体', 'FZXiaoBiaoSong-B05S', '方正小标宋_GBK', 'FZXiaoBiaoSong-B05'],
  黑体: ['黑体', 'SimHei'],
  宋体: ['宋体', 'SimSun'],
  仿宋: ['仿宋', 'FangSong'],
  楷体: ['楷体', 'KaiTi'],
  'Times New Roman': ['Times New Roman'],
};

/** What Word and WPS draw a missing font with (by its GB2312 character set), best first. */
const FALLBACKS: Record<string, string[]> = {
  '仿宋_GB2312': ['仿宋', '宋体'],
  '楷体_GB2312': ['楷体', '宋体'],
  方正小标宋简体: ['宋体'],
  黑体: ['宋体'],
  宋体: [],
  'Times New Roman': [],
};

/** The fonts xmb names in what it writes: the 月报 (monthly-report-docx FONTS) and the workbooks. */
async function fontsUsed(): Promise<string[]> {
  const { FONTS } = await import('../writers/monthly-report-docx.js');
  return [...new Set([FONTS.body, FONTS.heading, FONTS.subheading, FONTS.title, FONT_TITLE, FONT_HEADER, FONT_BODY, FONTS.pageNumber, FONTS.latin])];
}

function fontDirectories(): string[] {
  const home = homedir();
  if (process.platform === 'win32') {
    const windows = process.env.WINDIR ?? process.env.SystemRoot ?? 'C:\\Windows';
    const local = process.env.LOCALAPPDATA ?? join(home, 'AppData', 'Local');
    return [join(windows, 'Fonts'), join(local, 'Microsoft', 'Windows', 'Fonts')];
  }
  if (process.platform === 'darwin') return ['/System/Library/Fonts', '/Library/Fonts', join(home, 'Library', 'Fonts')];
  const data = process.env.XDG_DATA_HOME ?? join(home, '.local', 'share');
  return ['/usr/share/fonts', '/usr/local/share/fonts', join(data, 'fonts'), join(home, '.fonts')];
}

const FONT_EXTENSIONS = new Set(['.ttf', '.otf', '.ttc', '.otc']);

/** Every font file under `dir` (four levels deep at most). */
function fontFiles(dir: string, depth = 0, out: string[] = []): string[] {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && depth < 4) fontFiles(path, depth + 1, out);
    else if (FONT_EXTENSIONS.has(extname(entry.name).toLowerCase())) out.push(path);
  }
  return out;
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  const n = readSync(fd, buffer, 0, length, position);
  return buffer.subarray(0, n);
}

/**
 * The family and full names in a TrueType/OpenType file or collection ('name' table, name IDs 1, 4
 * and 16, Windows and Unicode platforms, UTF-16BE), e.g. ['SimHei', '黑体']. Empty when unreadable.
 */
export function fontNames(path: string): string[] {
  const names = new Set<string>();
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = readAt(fd, 0, 12 + 4 * 64);
    const offsets =
      head.toString('latin1', 0, 4) === 'ttcf'
        ? Array.from({ length: Math.min(head.readUInt32BE(8), 64) }, (_, i) => head.readUInt32BE(12 + 4 * i))
        : [0];
    for (const offset of offsets) {
      const directory = readAt(fd, offset, 12);
      if (directory.length < 12) continue;
      const tables = directory.readUInt16BE(4);
      const records = readAt(fd, offset + 12, 16 * tables);
      for (let t = 0; t + 16 <= records.length; t += 16) {
        if (records.toString('latin1', t, t + 4) !== 'name') continue;
        const table = readAt(fd, records.readUInt32BE(t + 8), Math.min(records.readUInt32BE(t + 12), 1 << 20));
        const count = table.readUInt16BE(2);
        const strings = table.readUInt16BE(4);
        for (let r = 0; r < count; r++) {
          const at = 6 + 12 * r;
          if (at + 12 > table.length) break;
          const platform = table.readUInt16BE(at);
          const nameId = table.readUInt16BE(at + 6);
          const length = table.readUInt16BE(at + 8);
          const start = strings + table.readUInt16BE(at + 10);
          if ((platform !== 0 && platform !== 3) || ![1, 4, 16].includes(nameId) || start + length > table.length) continue;
          const bytes = Buffer.from(table.subarray(start, start + length));
          names.add(bytes.swap16().toString('utf16le').trim());
        }
      }
    }
  } catch {
    // Not a font we can read: it names nothing.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return [...names].filter(Boolean);
}

/** Each font xmb uses: installed (where) or not, and what Word/WPS will use instead. */
async function fontChecks(): Promise<Check[]> {
  const installed = new Map<string, string>();
  for (const dir of fontDirectories()) for (const file of fontFiles(dir)) for (const name of fontNames(file)) if (!installed.has(name)) installed.set(name, file);
  const where = (font: string) => (FONT_NAMES[font] ?? [font]).map((n) => installed.get(n)).find(Boolean);
  return (await fontsUsed()).map((font): Check => {
    const what = `字体 ${font}`;
    const file = where(font);
    if (file) return { what, status: 'ok', detail: `已安装（${file}）` };
    const fallback = (FALLBACKS[font] ?? []).find((f) => where(f));
    const instead = fallback ? `Word/WPS 会用 ${fallback}（已安装）代替` : 'Word/WPS 会用系统默认字体代替';
    return {
      what,
      status: 'warning',
      detail: `未安装，${instead}；版式（行距、每页行数）不变，字形不是公文字体。需要时请安装公文字体包`,
    };
  });
}

// ------------------------------------------------------------------------------------------- folders

/** Whether xmb can write into `dir` (tried with a temporary file), or create it. */
function folderCheck(what: string, dir: string, shown: string): Check {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) return { what, status: 'problem', detail: `${shown} 是一个文件，不是文件夹` };
    const probe = join(dir, `.xmb-doctor-${process.pid}.tmp`);
    try {
      writeFileSync(probe, '');
      rmSync(probe, { force: true });
      return { what, status: 'ok', detail: `${shown}（${dir}）可以写入` };
    } catch (error) {
      return { what, status: 'problem', detail: `${shown}（${dir}）不能写入（${(error as NodeJS.ErrnoException).code ?? '无权限'}）` };
    }
  }
  let parent = dirname(dir);
  while (!existsSync(parent) && dirname(parent) !== parent) parent = dirname(parent);
  const probe = join(parent, `.xmb-doctor-${process.pid}.tmp`);
  try {
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
    return { what, status: 'ok', detail: `${shown} 还不存在，第一次用到时会创建（${parent} 可以写入）` };
  } catch {
    return { what, status: 'problem', detail: `${shown} 不存在，也不能在 ${parent} 中创建（没有写入权限）` };
  }
}

// -------------------------------------------------------------------------------------------- config

/** The encoding of a text file's bytes, as Notepad names it where it differs. */
export function describeEncoding(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'UTF-8（带 BOM）';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'UTF-16 LE（记事本的“Unicode”）';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'UTF-16 BE（记事本的“Unicode big endian”）';
  const decodes = (label: string) => {
    try {
      new TextDecoder(label, { fatal: true }).decode(bytes);
      return true;
    } catch {
      return false;
    }
  };
  if (decodes('utf-8')) return 'UTF-8';
  if (decodes('gbk')) return 'GBK（记事本的“ANSI”）';
  return '无法识别的编码';
}

async function configCheck(explicit: string | undefined, cwd: string): Promise<Check> {
  const what = '配置文件';
  const path = resolve(cwd, explicit ?? CONFIG_FILE_NAME);
  if (!existsSync(path)) {
    if (explicit) return { what, status: 'problem', detail: `找不到 ${explicit}` };
    return { what, status: 'ok', detail: `当前目录没有 ${CONFIG_FILE_NAME}，使用内置的名单（xmb init 可写出一份供修改）` };
  }
  let encoding: string;
  try {
    encoding = describeEncoding(readFileSync(path));
  } catch (error) {
    return { what, status: 'problem', detail: `${path} 无法读取（${(error as NodeJS.ErrnoException).code ?? error}）` };
  }
  try {
    const { config } = await loadConfig(path, cwd);
    return { what, status: 'ok', detail: `${path}（${encoding}）有效：${config.year} 年，${config.groups.length} 个组` };
  } catch (error) {
    const message = error instanceof UserError ? error.message : String(error);
    return { what, status: 'problem', detail: `${path}（${encoding}）：${message}` };
  }
}
