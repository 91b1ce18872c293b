/**
 * What merge and status tell the clerk about the inbox itself, before the 报送情况: ledger lines
 * that cannot be read (their files then count by modification time), files the ledger records that
 * are not there (an interrupted receive that the next receive completes, or a file moved away), and
 * the files that were not read.
 */
import { formatSkipped } from '../validate/inputs.js';
import { LEDGER_FILE_NAME } from './ledger.js';
import type { InboxScan } from './scan.js';

/** Chinese lines, one per problem (none: []). */
export function inboxNotes(scan: InboxScan): string[] {
  const lines: string[] = [];
  for (const bad of scan.badLedger) {
    lines.push(
      bad.torn
        ? `${LEDGER_FILE_NAME} 第 ${bad.line} 行（最后一行）不完整，是上次收件中断留下的，已跳过；下次 xmb receive 时会删去它：${bad.text}`
        : `${LEDGER_FILE_NAME} 第 ${bad.line} 行无法读取，已跳过（它登记的文件如仍在收件文件夹中，按文件修改时间计收到时间）：${bad.text}`,
    );
  }
  const pending = new Set(scan.skipped.filter((s) => s.reason === 'temp').map((s) => s.path.replace(/\.~xmb-\d+\.tmp$/, '')));
  for (const entry of scan.missing) {
    const interrupted = [...pending].some((p) => p.split(/[\\/]/).join('/').endsWith(`/${entry.file}`));
    const what = `${entry.file}（原文件 ${entry.original}，${entry.receivedAt.slice(0, 16).replace('T', ' ')} 收到）`;
    lines.push(
      interrupted
        ? `上次收件中断：${what}还没有存好，本次未计入；下次运行 xmb receive 时会自动补全`
        : `${LEDGER_FILE_NAME} 登记的 ${what}不在收件文件夹中（被移走或删除了？），本次未计入`,
    );
  }
  const skipped = formatSkipped(scan.skipped, '收件文件夹中');
  if (skipped) lines.push(skipped);
  return lines;
}
