/**
 * xmb receive — file district workbooks into the inbox and check them (spec §5).
 *
 * 用法：xmb receive <文件…> [--inbox 目录] [--group 组号] [--json] [--config 配置文件]
 *
 *   逐个校验文件，把副本按规范名称存入“收件目录/年-W周/”，例如
 *   收件/2022-W09/第03组_高新区_lagging_20220304-1130.xlsx（组号、区县、报表类别、收到时间），
 *   并在 收件/收件登记.jsonl 中登记收到时间、原文件名、SHA-256 和校验结果。
 *   文件夹按“收到时间”所在的周（北京时间）归档；汇总时每张表按其填表日期计周。
 *   同名文件不会被覆盖（第二份加 -2）；内容完全相同的文件只登记一次（提示“已收过”）。原文件不会被改动。
 *   --inbox 目录  收件目录（默认 ./收件）
 *   --group 组号  指定报送组（1–16）：文件里的“报送单位”和文件名都看不出是哪个组时用；先前已按“未知组”
 *                 收过的同一文件会按该组重新归档
 *   --json        只输出 JSON 结果
 *   退出码：0 全部通过校验；1 有文件存在错误（仍已收件，请退回修改）；2 用法错误或找不到文件。
 */
import type { Command } from 'commander';
import { mkdirSync } from 'node:fs';
import { loadConfig } from '../config/load.js';
import { UserError } from '../errors.js';
import { parseGroupOption } from './options.js';
import { fileIntoInbox, type ReceiveOutcome } from '../inbox/receive.js';
import { KINDS } from '../schema/kinds.js';
import { currentTime } from '../time/index.js';
import { collectInputs, validateFile } from '../validate/pipeline.js';
import { printOut, jsonText, terminalSafe } from '../output/terminal.js';

export const DEFAULT_INBOX = '收件';

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

export async function runReceive(paths: string[], options: ReceiveOptions): Promise<number> {
  const { config } = loadConfig(options.config);
  const groupOverride = options.group === undefined ? undefined : parseGroupOption(options.group, config);
  const inbox = options.inbox ?? DEFAULT_INBOX;
  const files = collectInputs(paths);
  if (files.length === 0) throw new UserError(`没有找到要收件的 Excel 文件（.xlsx/.xlsm/.xls/.et）：${paths.join('、')}`);
  try {
    mkdirSync(inbox, { recursive: true });
  } catch {
    throw new UserError(`无法创建收件目录：${inbox}`);
  }

  const outcomes: Receipt[] = [];
  for (const source of files) {
    const validated = await validateFile(source, { config, groupOverride });
    const errors = validated.flatMap((v) =>
      v.result.issues.filter((i) => i.severity === 'error').map((i) => (validated.length > 1 && v.result.sheet ? `工作表“${v.result.sheet}” ${i.message}` : i.message)),
    );
    outcomes.push({ source, outcome: fileIntoInbox(source, validated, inbox, config, currentTime(), groupOverride !== undefined), errors });
  }
  const anyErrors = outcomes.some((o) => o.outcome.entry.summary.errors > 0);

  if (options.json) {
    const received = outcomes.map(({ source, outcome }) => ({
      source,
      duplicate: outcome.duplicate,
      stored: outcome.stored,
      ...outcome.entry,
    }));
    printOut(`${jsonText({ version: 1, inbox, received })}\n`);
  } else {
    printOut(`${formatReceipts(outcomes)}\n`);
  }
  return anyErrors ? 1 : 0;
}

function describeTables(outcome: ReceiveOutcome): string {
  const tables = outcome.entry.tables;
  if (tables.length === 0) return '未识别出表格';
  return tables
    .map((t) => {
      const who = t.group ? `第${t.group}组（${terminalSafe(t.district ?? '')}）` : '报送组不明';
      return `${KINDS[t.kind].shortName} ${who} ${t.rows} 行${t.fillDate ? `，填表日期 ${t.fillDate}` : '，无填表日期'}`;
    })
    .join('；');
}

interface Receipt {
  source: string;
  outcome: ReceiveOutcome;
  /** The error messages of this validation, for the clerk to see why the file goes back. */
  errors: string[];
}

/** How many error messages receive shows per file (validate shows them all). */
const SHOWN_ERRORS = 3;

export function formatReceipts(outcomes: Receipt[]): string {
  const lines: string[] = [];
  for (const { source: given, outcome, errors } of outcomes) {
    const source = terminalSafe(given);
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
  }
  const fresh = outcomes.filter((o) => !o.outcome.duplicate).length;
  const dup = outcomes.length - fresh;
  lines.push('');
  lines.push(`共 ${outcomes.length} 个文件：新收 ${fresh} 个${dup ? `，已收过 ${dup} 个` : ''}。`);
  return lines.join('\n');
}
