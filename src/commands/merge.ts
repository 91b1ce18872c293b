/**
 * xmb merge — the Friday merge: one official workbook per recipient (spec §5, notice 四(三)).
 *
 * 用法：xmb merge --week [周] [--inbox 目录] [--out 目录] [--json] [--force] [--config 配置文件]
 *
 *   周：2022-W09，或这一周中的任一天（2022-03-02），省略则为本周（北京时间）。每周为周一至周日，
 *   截止时间为周五 12:00（见配置 deadlines）。
 *   读取收件目录中的全部表格（含子文件夹、手工放入的文件），每张表按填表日期计周（无填表日期按收到时间），
 *   收到时间取收件登记（xmb receive），没有登记则取文件修改时间。
 *   这一周结束以后才收到的表（如区县重发上周的文件）只补缺：这一周没有收到有效表格时作为“迟报（补报）”计入，
 *   否则不替换本周已收到的表，并在屏幕和“报送情况”中说明。
 *   每组每类取本周最晚收到的有效表格：截止前收到为“按时”，之后为“迟报”（仍汇总）；更早的为“已被替代”；
 *   有错误的为“无效”，不汇总；没有则为“未报”。无法判断报送组的表格不计入，并说明原因。
 *   为每位接收人写一个工作簿（进度滞后项目—肖磊；省市领导联系项目—徐大利；白名单落实情况—石明洋），
 *   含各类汇总表（正式表样、重新编号、合计行、报送组别、来源文件）、“报送情况”和“本周变化”两个工作表。
 *   --inbox 目录  收件目录（默认 ./收件）
 *   --out 目录    汇总表输出目录（默认 ./汇总）
 *   --force       覆盖已存在的汇总表（默认不覆盖）
 *   --json        只输出 JSON 结果（§5）
 *   收件目录中这一周一张表格也没有（任何组、任何类都没有）时不写空的汇总表，说明原因，退出码 2。
 *   三个汇总表作为一套写出：先写临时文件，再一起改名替换；有一个替换不了（正在 Excel 中打开）时一个也不替换，
 *   并说明是哪个文件（“请先关闭 Excel 中打开的 …”），退出码 2。
 *   退出码：0 已写出汇总表（有迟报、未报、无效表格时也是 0，见“报送情况”和催报名单）；
 *           2 用法错误、找不到收件目录或其中没有表格、汇总表已存在且未加 --force（此时仍列出报送情况和催报名单，
 *             但不写任何文件）、汇总表无法写出。
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { loadConfig } from '../config/load.js';
import { UserError } from '../errors.js';
import { inboxNotes } from '../inbox/notes.js';
import { loadInbox } from '../merge/load.js';
import { mergeDocument, mergeWeeks, planMerge, weekHasTables, yearHint, type MergePlan } from '../merge/plan.js';
import type { Config } from '../config/schema.js';
import { formatExcluded, formatMatrix, formatOutputs, formatReminders } from '../merge/terminal.js';
import { currentTime, dateInZone, parseWeekArg, weekLabel } from '../time/index.js';
import { DEFAULT_INBOX } from '../inbox/scan.js';
import { printErr, printOut, jsonText } from '../output/terminal.js';

export const DEFAULT_OUT = '汇总';

interface MergeOptions {
  week?: string | boolean;
  inbox?: string;
  out?: string;
  json?: boolean;
  force?: boolean;
  config?: string;
}

export function register(program: Command, setExitCode: (code: number) => void): Command {
  return program
    .command('merge')
    .description('周五汇总：按接收人生成本周汇总表（正式表样），列出各组报送情况和催报名单')
    .option('--week [周]', '汇总哪一周：2022-W09 或这一周中的某天（2022-03-02）；不写则为本周')
    .option('--inbox <目录>', `收件目录（默认 ./${DEFAULT_INBOX}）`)
    .option('--out <目录>', `汇总表输出目录（默认 ./${DEFAULT_OUT}）`)
    .option('--force', '覆盖已存在的汇总表')
    .option('--json', '只输出 JSON 结果（供程序使用）')
    .option('--config <配置文件>', '使用指定的配置文件（默认：当前目录的 xmb.config.json，没有则用内置名单）')
    .action(async (options: MergeOptions) => {
      setExitCode(await runMerge(options));
    });
}

export async function runMerge(options: MergeOptions): Promise<number> {
  const { config } = await loadConfig(options.config);
  if (options.week === undefined)
    throw new UserError('请用 --week 指定汇总哪一周：xmb merge --week（本周）、--week 2022-W09 或 --week 2022-03-02');
  const now = currentTime();
  const week = parseWeekArg(options.week, now, config.timeZone);
  const inbox = options.inbox ?? DEFAULT_INBOX;
  const out = options.out ?? DEFAULT_OUT;

  const weeks = mergeWeeks(week, config);
  const { submissions, scan } = await loadInbox(inbox, config, { exclude: [out], weeks });
  const plan = planMerge(submissions, week, config, dateInZone(now, config.timeZone));
  const notes = inboxNotes(scan);
  if (options.json) for (const line of notes) printErr(`${line}\n`);

  if (!weekHasTables(plan.selection)) {
    throw new UserError(
      `收件文件夹 ${inbox} 中没有${weekLabel(week)}（${week}）的表格（按填表日期计周，没有填表日期的按收到时间），未写出汇总表；` +
        '请检查 --week 是否写对了周、--inbox 是否指向收件文件夹',
    );
  }
  const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  const paths = plan.outputs.map((o) => join(out, o.fileName));
  if (!options.force) {
    const existing = paths.filter((p) => existsSync(p));
    if (existing.length > 0) {
      // A re-run (a late file came in) still shows who is missing; nothing is written.
      if (!options.json) printOut(`${screenReport(plan, config, color, now, notes).join('\n')}\n`);
      throw new UserError(`汇总表已存在，未覆盖：${existing.join('、')}（加 --force 重新生成）`);
    }
  }
  const { writeMergedWorkbooks } = await import('../writers/merged-workbook.js');
  const { FileSetError } = await import('../writers/save.js');
  try {
    await writeMergedWorkbooks(
      plan.outputs.map((output, i) => ({ path: paths[i]!, output })),
      plan,
      config,
    );
  } catch (error) {
    if (error instanceof FileSetError) throw new UserError(writeFailure(error));
    throw error;
  }

  if (options.json) {
    printOut(`${jsonText(mergeDocument(plan, out, config))}\n`);
    return 0;
  }
  const parts = [
    formatOutputs(plan.outputs.map((o, i) => ({ path: paths[i]!, rows: o.rows, kinds: o.kinds }))),
    '',
    ...screenReport(plan, config, color, now, notes),
  ];
  printOut(`${parts.join('\n')}\n`);
  return 0;
}

/**
 * One Chinese line for a set of workbooks that could not be written (nothing of the old set was
 * replaced, unless the line says where an old file was left). `what`: what they are called (汇总表,
 * 问题台账).
 */
export function writeFailure(
  error: { path: string; code: string | undefined; notRestored: { path: string; savedAs: string }[] },
  what = '汇总表',
): string {
  const name = basename(error.path);
  const why: Record<string, string> = {
    EBUSY: `${name} 正被其他程序打开。请先关闭 Excel 中打开的 ${name}（或 WPS 中打开的），再重新运行`,
    EPERM: `无法替换 ${name}。请先关闭 Excel 中打开的 ${name}（或 WPS 中打开的），再重新运行；如果没有打开，请检查是否有写入 ${dirname(error.path)} 的权限`,
    EACCES: `没有写入 ${dirname(error.path)} 的权限，请换一个输出文件夹（--out）`,
    EISDIR: `${error.path} 是一个文件夹，不能写成${what}，请把它改名或移走`,
    EEXIST: `${error.path} 已存在且不是普通文件，请把它改名或移走`,
    ENOSPC: '磁盘空间不足，请清理后重新运行',
    ENOTDIR: `无法创建输出文件夹 ${dirname(error.path)}（路径中有同名的文件）`,
    EROFS: `${dirname(error.path)} 是只读的，请换一个输出文件夹（--out）`,
  };
  const reason = (error.code && why[error.code]) ?? `写入 ${error.path} 失败${error.code ? `（${error.code}）` : ''}`;
  const kept =
    error.notRestored.length === 0
      ? `；本次没有写出任何${what}，已有的保持原样`
      : `；以下旧${what}未能放回原处，请手工改回原名：${error.notRestored.map((n) => `${n.savedAs} → ${basename(n.path)}`).join('、')}`;
  return `${what}没有写出：${reason}${kept}`;
}

/** The 报送情况 matrix, the files not counted and the 催报名单, as printed for a person. */
function screenReport(plan: MergePlan, config: Config, color: boolean, now: Date, notes: string[] = []): string[] {
  const hint = yearHint(plan, config);
  const parts = [...(hint ? [hint, ''] : []), ...(notes.length ? [...notes.map((n) => `! ${n}`), ''] : []), formatMatrix(plan.selection, config, { color, now })];
  const excluded = formatExcluded(plan.selection, config, { color });
  if (excluded) parts.push('', excluded);
  parts.push('', formatReminders(plan.reminders, plan.selection, { color }));
  return parts;
}
