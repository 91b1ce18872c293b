/**
 * xmb receive — file district workbooks into the inbox and check them (spec §5).
 *
 * 用法：xmb receive <文件…> [--inbox 目录] [--group 组号] [--json] [--config 配置文件]
 *
 *   逐个校验文件，把副本按规范名称存入“收件目录/年-W周/”，例如
 *   收件/2022-W09/第03组_高新区_进度滞后_20220304-1130.xlsx（组号、区县、报表类别、收到时间），
 *   并在 收件/收件登记.jsonl 中登记收到时间、原文件名、SHA-256 和校验结果。
 *   文件夹按“收到时间”所在的周（北京时间）归档；汇总时每张表按其填表日期计周。填表日期早于收到的那一周
 *   （重发的旧表）时警告，汇总时它只在那一周没有收到表时作为补报计入。
 *   按内容判断文件：是 Excel 工作簿的按它实际的格式归档（如“第三组进度表.xlsx.zip”存为 .xlsx），
 *   不是的（如 .exe、损坏的文件）不收件，说明原因。
 *   同名文件不会被覆盖（第二份加 -2）；内容完全相同的文件只登记一次（提示“已收过”）。原文件不会被改动。
 *   写入时锁住收件目录（收件登记.lock），两个 receive 同时运行也只登记一次；上次收件中途被打断（断电、磁盘满）
 *   留下的东西，下次 receive 时补全或清理并说明。
 *   --inbox 目录  收件目录（默认 ./收件）
 *   --group 组号  指定报送组（1–16）：文件里的“报送单位”和文件名都看不出是哪个组时用；先前已按“未知组”
 *                 收过的同一文件会按该组重新归档
 *   --json        只输出 JSON 结果
 *   退出码：0 全部通过校验；1 有文件存在错误（仍已收件，请退回修改）或不是 Excel 文件（未收件）；
 *           2 用法错误、找不到文件、磁盘满或无权写入、收件目录被另一个 receive 长时间占用。
 */
import { makeFolder } from '../make-folder.js';
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { groupName } from '../config/group-name.js';
import { UserError } from '../errors.js';
import { describeFsError, isFsError } from '../fs-errors.js';
import { parseGroupOption } from './options.js';
import { contentExtension, fileIntoInbox, type ReceiveOutcome } from '../inbox/receive.js';
import { KINDS } from '../schema/kinds.js';
import { currentTime } from '../time/index.js';
import { validateFile } from '../validate/pipeline.js';
import { collectInputs, formatSkipped } from '../validate/inputs.js';
import type { Validated } from '../validate/result.js';
import { printOut, jsonText, terminalSafe } from '../output/terminal.js';

import { DEFAULT_INBOX } from '../inbox/scan.js';
export { DEFAULT_INBOX };

interface ReceiveOptions {
  inbox?: string;
  group?: string;
  json?: boolean;
  config?: string;
}

export function register(program: Command, setExitCode: (code: number) => void): Command {
  return program
    .command('receive')
    .description('收件：校验区县报送的表格，按规范名称存入收件目录并登记（同一文件只登记一次）')
    .argument('<文件...>', '收到的 Excel 文件（也可以是文件夹）')
    .option('--inbox <目录>', `收件目录（默认 ./${DEFAULT_INBOX}）`)
    .option('--group <组号>', '指定报送组（1–16）：文件里和文件名都看不出是哪个组时用')
    .option('--json', '只输出 JSON 结果（供程序使用）')
    .option('--config <配置文件>', '使用指定的配置文件（默认：当前目录的 xmb.config.json，没有则用内置名单）')
    .action(async (paths: string[], options: ReceiveOptions) => {
      setExitCode(await runReceive(paths, options));
    });
}

/** What happened to one file: filed (or already there), or not filed and why. */
type Handled =
  | { source: string; outcome: ReceiveOutcome; errors: string[]; stale: string[] }
  | { source: string; refused: string; failed: boolean };

export async function runReceive(paths: string[], options: ReceiveOptions): Promise<number> {
  const { config } = await loadConfig(options.config);
  const groupOverride = options.group === undefined ? undefined : parseGroupOption(options.group, config);
  const inbox = options.inbox ?? DEFAULT_INBOX;
  const { files, skipped } = collectInputs(paths);
  const skippedLine = formatSkipped(skipped);
  if (files.length === 0)
    throw new UserError(`没有找到要收件的 Excel 文件（.xlsx/.xlsm/.xls/.et）：${paths.join('、')}${skippedLine ? `（${skippedLine}）` : ''}`);
  try {
    makeFolder(inbox);
  } catch {
    throw new UserError(`无法创建收件目录：${inbox}`);
  }

  const receipts: Handled[] = [];
  const repairs: string[] = [];
  for (const source of files) {
    const receipt = await receiveOne(source, inbox, config, groupOverride);
    if ('outcome' in receipt) repairs.push(...receipt.outcome.repairs);
    receipts.push(receipt);
  }
  const filed = receipts.filter((r): r is Extract<Handled, { outcome: ReceiveOutcome }> => 'outcome' in r);
  const refused = receipts.filter((r): r is Extract<Handled, { refused: string }> => 'refused' in r);
  const code = refused.some((r) => r.failed) ? 2 : refused.length > 0 || filed.some((o) => o.outcome.entry.summary.errors > 0) ? 1 : 0;

  if (options.json) {
    const received = filed.map(({ source, outcome }) => ({
      source,
      duplicate: outcome.duplicate,
      stored: outcome.stored,
      ...outcome.entry,
    }));
    const notFiled = refused.map((r) => ({ source: r.source, reason: r.refused }));
    const skippedJson = skipped.map((s) => ({ file: s.path, reason: s.reason }));
    printOut(`${jsonText({ version: 1, inbox, received, refused: notFiled, skipped: skippedJson, repairs })}\n`);
  } else {
    printOut(`${formatReceipts(receipts, repairs, skippedLine)}\n`);
  }
  return code;
}

async function receiveOne(source: string, inbox: string, config: Config, groupOverride: number | undefined): Promise<Handled> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(source);
  } catch (error) {
    return { source, refused: isFsError(error) ? describeFsError(error) : '无法读取这个文件', failed: true };
  }
  const receivedAt = currentTime();
  const original = basename(source);
  const validated = await validateFile(source, { config, groupOverride, receipt: { at: receivedAt, from: 'ledger' } });
  const extension = contentExtension(bytes, original, validated);
  if (extension === null) {
    const message = validated.flatMap((v) => v.result.issues).find((i) => i.severity === 'error')?.message ?? '不是 Excel 文件';
    return { source, refused: message, failed: false };
  }
  try {
    const outcome = await fileIntoInbox(source, validated, inbox, config, receivedAt, original, {
      regrouped: groupOverride !== undefined,
      bytes,
      extension,
    });
    return { source, outcome, errors: errorMessages(validated), stale: staleMessages(validated) };
  } catch (error) {
    if (error instanceof UserError) return { source, refused: error.message, failed: true };
    if (isFsError(error)) {
      if ((error as NodeJS.ErrnoException).code === 'ENOSPC')
        return { source, refused: `收件目录 ${inbox} 所在的磁盘空间不足，没有收件，也没有留下不完整的文件；请腾出空间后重新收件`, failed: true };
      return { source, refused: `${describeFsError(error)}，没有收件`, failed: true };
    }
    throw error;
  }
}

function errorMessages(validated: Validated[]): string[] {
  return validated.flatMap((v) =>
    v.result.issues.filter((i) => i.severity === 'error').map((i) => (validated.length > 1 && v.result.sheet ? `工作表“${v.result.sheet}” ${i.message}` : i.message)),
  );
}

function staleMessages(validated: Validated[]): string[] {
  return [...new Set(validated.flatMap((v) => v.result.issues.filter((i) => i.code === 'filldate-stale').map((i) => i.message)))];
}

function describeTables(outcome: ReceiveOutcome): string {
  const tables = outcome.entry.tables;
  if (tables.length === 0) return '未识别出表格';
  return tables
    .map((t) => {
      const who = t.group ? `${groupName(t.group)}（${terminalSafe(t.district ?? '')}）` : '报送组不明';
      return `${KINDS[t.kind].shortName} ${who} ${t.rows} 行${t.fillDate ? `，填表日期 ${t.fillDate}` : '，无填表日期'}`;
    })
    .join('；');
}

/** How many error messages receive shows per file (validate shows them all). */
const SHOWN_ERRORS = 3;

export function formatReceipts(receipts: Handled[], repairs: string[] = [], skippedLine = ''): string {
  const lines: string[] = [];
  for (const line of repairs) lines.push(`! ${line}`);
  if (repairs.length) lines.push('');
  for (const receipt of receipts) {
    const source = terminalSafe(receipt.source);
    if ('refused' in receipt) {
      lines.push(`未收件：${source}：${terminalSafe(receipt.refused)}`);
      continue;
    }
    const { outcome, errors, stale } = receipt;
    const { summary } = outcome.entry;
    if (outcome.duplicate) {
      lines.push(`已收过：${source}（与 ${outcome.stored} 内容完全相同，${outcome.entry.receivedAt.slice(0, 16).replace('T', ' ')} 已登记，未重复收件）`);
    } else {
      lines.push(`已收件：${source} → ${outcome.stored}`);
      lines.push(`  ${describeTables(outcome)}`);
    }
    if (summary.errors > 0) {
      lines.push(`  ✗ ${summary.errors} 个错误、${summary.warnings} 个警告：这份表格不能汇总。`);
      for (const message of errors.slice(0, SHOWN_ERRORS)) lines.push(`    · ${terminalSafe(message)}`);
      if (errors.length > SHOWN_ERRORS) lines.push(`    · ……另有 ${errors.length - SHOWN_ERRORS} 个错误`);
      lines.push(`    请运行 xmb validate "${source}" --annotate 退回/ 生成批注副本，退回区县修改后重新报送。`);
    } else if (outcome.entry.tables.some((t) => t.group === null)) {
      lines.push(`  ! 看不出是哪个组报送的，汇总时不会计入。请用 xmb receive "${source}" --group 组号 重新收件。`);
    } else if (summary.warnings > 0) {
      lines.push(`  ! ${summary.warnings} 个警告，可以汇总（用 xmb validate "${source}" 查看详情）。`);
    } else if (!outcome.duplicate) {
      lines.push('  ✓ 校验通过。');
    }
    if (!outcome.duplicate) for (const message of stale) lines.push(`  ! ${message}`);
  }
  const filed = receipts.filter((r) => 'outcome' in r);
  const fresh = filed.filter((r) => 'outcome' in r && !r.outcome.duplicate).length;
  const dup = filed.length - fresh;
  const refused = receipts.length - filed.length;
  lines.push('');
  if (skippedLine) lines.push(skippedLine);
  lines.push(`共 ${receipts.length} 个文件：新收 ${fresh} 个${dup ? `，已收过 ${dup} 个` : ''}${refused ? `，未收件 ${refused} 个` : ''}。`);
  return lines.join('\n');
}
