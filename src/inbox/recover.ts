/**
 * What an interrupted `xmb receive` can leave, and how the next one deals with it (under the inbox
 * lock, before filing anything; see the filing order in receive.ts):
 * - a ledger line cut short at the end of 收件登记.jsonl (a crash or a full disk while writing it):
 *   cut off — that receive recorded nothing;
 * - a temporary copy `NAME.~xmb-PID.tmp` whose ledger line was written: given its name (the receive
 *   is completed);
 * - a temporary copy without a ledger line: deleted — that file was not received, and is named so
 *   the clerk can receive it again.
 * Each repair is one Chinese line for the clerk. Read-only commands do not repair; they report
 * (inboxNotes in notes.ts).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { readLedger, repairLedgerTail } from './ledger.js';
import { finalNameOf, nameCopy } from './copy.js';

/** Every `*.~xmb-PID.tmp` under the inbox (paths). */
export function temporaryCopies(inbox: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && finalNameOf(entry.name) !== null) out.push(full);
    }
  };
  walk(inbox);
  return out.sort();
}

const rel = (inbox: string, path: string) => relative(inbox, path).split(sep).join('/');

/** Repairs what an interrupted receive left; returns one line per thing found. Call under the inbox lock. */
export function recoverInbox(inbox: string): string[] {
  const lines: string[] = [];
  const torn = repairLedgerTail(inbox);
  if (torn !== null) lines.push(`收件登记.jsonl 最后一行不完整（上次收件在写登记时中断，那次没有收件成功），已删去：${torn}`);
  const temps = temporaryCopies(inbox);
  if (temps.length === 0) return lines;
  const byFile = new Map(readLedger(inbox).entries.map((e) => [e.file, e]));
  for (const temp of temps) {
    const final = finalNameOf(temp)!;
    const entry = byFile.get(rel(inbox, final));
    if (entry && !existsSync(final)) {
      const sha = createHash('sha256').update(readFileSync(temp)).digest('hex');
      if (sha === entry.sha256) {
        nameCopy(temp, final);
        lines.push(`已补全上次中断的收件：${entry.file}（原文件 ${entry.original}，${entry.receivedAt.slice(0, 16).replace('T', ' ')} 收到）`);
        continue;
      }
    }
    if (entry && existsSync(final)) {
      unlinkSync(temp); // the copy was named; only the temporary name was left
      continue;
    }
    unlinkSync(temp);
    lines.push(`删除了上次收件中断时留下的临时文件 ${rel(inbox, temp)}：这份文件没有收件成功，请重新收件`);
  }
  return lines;
}
