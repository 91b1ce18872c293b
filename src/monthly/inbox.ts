/**
 * Reads an inbox folder for the monthly report: every workbook in it (recursively, as validate
 * finds them), validated, each recognised table with its date — its 填表日期, else the receipt time
 * in the ledger 收件登记.jsonl (its `file` is relative to the inbox), else the file's modification
 * time — as a calendar date in the configured zone.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import type { Config } from '../config/schema.js';
import { UserError } from '../errors.js';
import { collectInputs, validateFile } from '../validate/pipeline.js';
import { todayIn } from './period.js';
import type { SourceTable } from './sources.js';

export const LEDGER_FILE = '收件登记.jsonl';

export interface Unread {
  file: string;
  /** The first finding's message (file-level: unreadable, unrecognised …). */
  message: string;
}

export interface InboxContents {
  sources: SourceTable[];
  /** Files that gave no table. */
  unread: Unread[];
}

/** The ledger's receipt times by file path relative to the inbox ('/' separators). Bad lines are skipped. */
export function readLedger(inbox: string): Map<string, Date> {
  const out = new Map<string, Date>();
  const path = resolve(inbox, LEDGER_FILE);
  if (!existsSync(path)) return out;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return out;
  }
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    try {
      const entry = JSON.parse(line) as { receivedAt?: unknown; file?: unknown };
      if (typeof entry.file !== 'string' || typeof entry.receivedAt !== 'string') continue;
      const when = new Date(entry.receivedAt);
      if (Number.isNaN(when.getTime())) continue;
      const key = entry.file.replace(/\\/g, '/').replace(/^\.\//, '');
      // The first receipt of a file is its receipt time.
      if (!out.has(key)) out.set(key, when);
    } catch {
      // a damaged line is not the monthly report's business
    }
  }
  return out;
}

export async function readInbox(inbox: string, config: Config): Promise<InboxContents> {
  if (!existsSync(inbox) || !statSync(inbox).isDirectory()) throw new UserError(`找不到收件文件夹：${inbox}（用 --inbox 指定）`);
  const ledger = readLedger(inbox);
  const sources: SourceTable[] = [];
  const unread: Unread[] = [];
  for (const file of collectInputs([inbox])) {
    const validated = await validateFile(file, { config });
    const key = relative(inbox, file).split(sep).join('/');
    for (const v of validated) {
      if (!v.table) {
        unread.push({ file, message: v.result.issues[0]?.message ?? '无法读取' });
        continue;
      }
      let date = v.table.fillDate?.iso ?? null;
      let dateSource: SourceTable['dateSource'] = 'filldate';
      if (!date) {
        const received = ledger.get(key);
        if (received) {
          date = todayIn(config.timeZone, received);
          dateSource = 'ledger';
        } else {
          date = todayIn(config.timeZone, statSync(file).mtime);
          dateSource = 'mtime';
        }
      }
      sources.push({ table: v.table, date, dateSource, valid: v.result.valid, file });
    }
  }
  return { sources, unread };
}
