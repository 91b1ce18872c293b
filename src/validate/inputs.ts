/**
 * Which files a command reads: the files named on the command line and the workbooks found in the
 * folders named (recursively, sorted). A file given twice (also through its folder, or through
 * another spelling of its path) is read once. In folders, files that are not workbooks, Office lock
 * files (~$…), xmb's own unfinished temporary files and xmb's own outputs (汇总表, 批注副本, 模板:
 * src/reader/own-output.ts) are skipped, and counted so the clerk is told. A file named on the
 * command line is always looked at by content (validate reports "不是 Excel 文件"), except xmb's
 * own outputs, which are skipped and said.
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { CACHE_DIR_NAME } from '../inbox/cache.js';
import { isXmbOutput } from '../reader/own-output.js';

/**
 * The extensions read when a folder is given; files named on the command line are read by content.
 * (Here rather than in pipeline.ts: the inbox scan of a warm merge, status or monthly needs this
 * list but not the reader, the table finder or the rules.)
 */
export const INPUT_EXTENSIONS = ['.xlsx', '.xlsm', '.xls', '.et', '.csv', '.ods', '.fods'];

export type SkipReason = 'own-output' | 'lock' | 'temp' | 'not-spreadsheet' | 'duplicate';

export interface SkippedFile {
  path: string;
  reason: SkipReason;
}

export interface Inputs {
  files: string[];
  skipped: SkippedFile[];
}

/** The Chinese name of each reason, in the order they are listed. */
export const SKIP_REASONS: Record<SkipReason, string> = {
  'own-output': 'xmb 生成的汇总表、批注副本或模板',
  duplicate: '重复给出（只读一次）',
  'not-spreadsheet': '不是 Excel 表格文件',
  lock: 'Office 打开文件时留下的临时文件（~$ 开头）',
  temp: 'xmb 收件中断留下的临时文件',
};

/** xmb's temporary copies (inbox/receive.ts) and outputs being written (writers/save.ts). */
export function isXmbTemporary(name: string): boolean {
  return /\.~xmb-\d+\.tmp$/.test(name) || (name.startsWith('.') && name.endsWith('.tmp'));
}

/**
 * Why a file met in a folder is not read (null: it is read). `path` is opened only for a workbook
 * extension (the own-output check reads its document properties).
 */
export function folderSkipReason(name: string, path: string): SkipReason | null {
  if (isXmbTemporary(name)) return 'temp';
  if (name.startsWith('~$')) return 'lock';
  if (!INPUT_EXTENSIONS.includes(extname(name).toLowerCase())) return 'not-spreadsheet';
  if (isXmbOutput(path)) return 'own-output';
  return null;
}

function identity(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** Expands the paths given on the command line. A path that does not exist is a UserError (exit 2). */
export function collectInputs(paths: string[]): Inputs {
  const files: string[] = [];
  const skipped: SkippedFile[] = [];
  const seen = new Set<string>();
  const add = (path: string) => {
    const id = identity(path);
    if (seen.has(id)) skipped.push({ path, reason: 'duplicate' });
    else {
      seen.add(id);
      files.push(path);
    }
  };
  for (const path of paths) {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      throw new UserError(`找不到文件或文件夹：${path}`);
    }
    if (stat.isDirectory()) walk(path, add, skipped);
    else if (isXmbOutput(path)) skipped.push({ path, reason: 'own-output' });
    else add(path);
  }
  return { files, skipped };
}

function walk(dir: string, add: (path: string) => void, skipped: SkippedFile[]): void {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== CACHE_DIR_NAME) walk(full, add, skipped); // an inbox's result cache: not input, not "skipped"
    }
    else if (entry.isFile()) {
      if (isInboxBookkeeping(entry.name)) continue;
      const reason = folderSkipReason(entry.name, full);
      if (reason) skipped.push({ path: full, reason });
      else add(full);
    }
  }
}

/** The inbox's own files (ledger, lock) are not "skipped files": they are not meant to be read. */
export function isInboxBookkeeping(name: string): boolean {
  return name === '收件登记.jsonl' || name === '收件登记.lock' || /^收件登记\.lock\.stale-\d+$/.test(name);
}

/**
 * One line saying what was skipped and why, with a few names per reason; '' when nothing was.
 * `where`: "文件夹中" or "收件文件夹中".
 */
export function formatSkipped(skipped: SkippedFile[], where = ''): string {
  if (skipped.length === 0) return '';
  const parts: string[] = [];
  for (const reason of Object.keys(SKIP_REASONS) as SkipReason[]) {
    const list = skipped.filter((s) => s.reason === reason);
    if (list.length === 0) continue;
    const names = list.slice(0, 3).map((s) => basename(s.path));
    const more = list.length > 3 ? ` 等` : '';
    parts.push(`${SKIP_REASONS[reason]} ${list.length} 个（${names.join('、')}${more}）`);
  }
  return `${where}跳过 ${skipped.length} 个文件：${parts.join('；')}`;
}
