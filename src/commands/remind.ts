/**
 * xmb remind — 催报 and 退回 messages, ready to paste into a chat or an email (notice 四(三)).
 *
 * 用法：xmb remind [--week [周]] [--inbox 目录] [--out 目录] [--json] [--config 配置文件]
 *
 *   --week 周    哪一周：2022-W09 或这一周中的某天；不写则为本周
 *   --inbox 目录 收件目录（默认 ./收件）
 *   --out 目录   消息文件写到哪里（默认 ./汇总），文件名如 2022年第09周_催报退回.txt
 *   --json       只输出 JSON 结果
 *
 *   与周五汇总相同的判断（每组每类本周最新的有效表格）：本周缺表的组（未报）、交来的表有错误的组（无效，
 *   需退回修改）、截止后才交的组（迟报），每组一条消息，不超过 300 字：缺什么或改什么（错误所在单元格和修改要求）、
 *   截止时间、组长姓名、报给谁。消息打印在屏幕上，并写入文本文件（UTF-8 带 BOM、Windows 换行，记事本可直接打开）；
 *   同名的旧消息文件会被新的替换（消息总是最新的）。各组都已按时报送有效表格时只打印一行，不写文件。
 *   退出码：0 正常；2 用法错误、找不到收件目录、无法写出文件。
 */
import type { Command } from 'commander';
import { jsonText, printErr, printOut } from '../output/terminal.js';
import { join } from 'node:path';
import { loadConfig } from '../config/load.js';
import { inboxNotes } from '../inbox/notes.js';
import { loadInbox } from '../merge/load.js';
import { selectWeek, weeklyKinds } from '../merge/select.js';
import type { Submission } from '../merge/submission.js';
import { MESSAGE_LIMIT, weekMessages, type GroupMessage } from '../remind/messages.js';
import { currentTime, formatZoned, parseWeekArg, previousWeek, weekFileLabel, weekLabel } from '../time/index.js';
import { validateFile } from '../validate/pipeline.js';
import { writeWindowsText } from '../writers/text-file.js';
import { DEFAULT_OUT } from './merge.js';
import { DEFAULT_INBOX } from './receive.js';

interface RemindOptions {
  week?: string | boolean;
  inbox?: string;
  out?: string;
  json?: boolean;
  config?: string;
}

export function register(program: Command, setExitCode: (code: number) => void): Command {
  return program
    .command('remind')
    .description('催报、退回消息：本周缺表、表格有错误或迟报的组，每组一条可直接粘贴的消息，并写入文本文件')
    .option('--week [周]', '哪一周：2022-W09 或这一周中的某天（2022-03-02）；不写则为本周')
    .option('--inbox <目录>', `收件目录（默认 ./${DEFAULT_INBOX}）`)
    .option('--out <目录>', `消息文件写到哪里（默认 ./${DEFAULT_OUT}）`)
    .option('--json', '只输出 JSON 结果（供程序使用）')
    .option('--config <配置文件>', '使用指定的配置文件（默认：当前目录的 xmb.config.json，没有则用内置名单）')
    .action(async (options: RemindOptions) => {
      setExitCode(await runRemind(options));
    });
}

/** “2022年第09周_催报退回.txt”. */
export function remindFileName(week: string): string {
  return `${weekFileLabel(week)}_催报退回.txt`;
}

export async function runRemind(options: RemindOptions): Promise<number> {
  const { config } = await loadConfig(options.config);
  const now = currentTime();
  const week = parseWeekArg(options.week, now, config.timeZone);
  const inbox = options.inbox ?? DEFAULT_INBOX;
  const out = options.out ?? DEFAULT_OUT;
  const { submissions, scan } = await loadInbox(inbox, config, { allowEmpty: true, exclude: [out], weeks: [week, previousWeek(week, config.timeZone)] });
  const notes = inboxNotes(scan);
  const selection = selectWeek(submissions, week, weeklyKinds(config), config);

  // The errors of the tables to send back: validate them again for their messages (cell, value, what to change).
  const errors = new Map<Submission, string[]>();
  for (const cell of selection.cells) {
    const table = cell.status === 'invalid' ? cell.submissions.find((s) => s.status === 'invalid')?.submission : undefined;
    if (!table || errors.has(table)) continue;
    const results = await validateFile(table.file, { config, receipt: { at: table.receivedAt, from: table.receivedFrom } });
    const mine = results.find((r) => r.result.sheet === table.sheet) ?? results[0];
    errors.set(table, (mine?.result.issues ?? []).filter((i) => i.severity === 'error').map((i) => i.message));
  }
  const messages = weekMessages(selection, { config, now, errorsOf: (s) => errors.get(s) ?? [] });
  const path = join(out, remindFileName(week));
  if (messages.length > 0) writeWindowsText(path, fileLines(messages, week));

  if (options.json) {
    for (const line of notes) printErr(`${line}\n`);
    const doc = {
      version: 1,
      week,
      deadline: formatZoned(selection.deadline, config.timeZone),
      file: messages.length > 0 ? path : null,
      messages: messages.map((m) => ({ ...m, length: [...m.text].length })),
    };
    printOut(`${jsonText(doc)}\n`);
    return 0;
  }
  const lines = [...notes.map((n) => `! ${n}`), ...(notes.length ? [''] : [])];
  if (messages.length === 0) {
    lines.push(`${weekLabel(week)}各组各类表格均已按时报送且没有错误，无需催报或退回。`);
  } else {
    lines.push(`${weekLabel(week)}催报、退回消息（${messages.length} 个组，每条不超过 ${MESSAGE_LIMIT} 字，可直接复制粘贴）：`, '');
    for (const m of messages) lines.push(m.text, '');
    if (messages.some((m) => m.invalid.length > 0)) lines.push('有错误的表格可用 xmb validate 文件 --annotate 退回/ 生成标出错误单元格的批注副本，随消息一并发回。');
    lines.push(`已写出：${path}`);
  }
  printOut(`${lines.join('\n')}\n`);
  return 0;
}

/** The text file: a title line, then the messages with a blank line between. */
function fileLines(messages: GroupMessage[], week: string): string[] {
  const lines = [`${weekLabel(week)}催报、退回消息（共 ${messages.length} 条）`, ''];
  for (const m of messages) lines.push(m.text, '');
  return lines;
}
