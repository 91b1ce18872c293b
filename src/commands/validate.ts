/**
 * xmb validate — check district workbooks against 附件2–4, the 白名单 and the 月报素材 (spec §3–§5).
 *
 * 用法：xmb validate <文件或文件夹…> [--json] [--annotate 目录] [--group 组号] [--config 配置文件]
 *
 *   文件夹会递归查找其中的 .xlsx/.xlsm/.xls/.et 文件；跳过的文件（不是表格、Office 临时文件、xmb 生成的汇总表/批注副本/模板）
 *   会计数并说明。直接给出的文件按内容判断，不是表格的报“不是 Excel 文件”。同一个文件给了两次只读一次。
 *   填表日期早于收到的那一周时警告（filldate-stale）。收到时间：收件目录中的文件按收件登记（没有登记按文件修改时间），
 *   其他文件按文件修改时间（下载或保存附件的时间），但不晚于“现在”（环境变量 XMB_NOW 可固定“现在”）。
 *   --json          只输出一份 JSON 文档（§5），供其他程序使用
 *   --annotate 目录 为有问题的文件各写一份“原文件名_批注.xlsx”：问题单元格标红（错误）或标黄（警告）并附批注，
 *                   首个工作表“校验结果”列出全部问题，可直接退回区县修改。原文件不会被改动。
 *                   副本写好后读回核对：原表按原样另存会丢内容时，改为按读出的内容重建；屏幕（和 --json 的
 *                   annotated）说明每份副本是哪一种及原因。
 *   --rules         列出全部检查项（问题代码、级别、说明）
 *   --group 组号    指定报送组（1–16），不再从文件中判断
 *   --no-convert    不调用 LibreOffice 转换 .xls/.et（没有装 LibreOffice 时本来就不转换，报“格式不支持”）
 *   退出码：0 没有错误；1 至少一个错误；2 用法错误或没有找到文件。
 */
import { makeFolder } from '../make-folder.js';
import type { Command } from 'commander';
import { join, resolve } from 'node:path';
import { loadConfig } from '../config/load.js';
import { UserError } from '../errors.js';
import { validateFile } from '../validate/pipeline.js';
import { collectInputs, formatSkipped } from '../validate/inputs.js';
import { ReceiptFinder } from '../inbox/receipt.js';
import { currentTime } from '../time/now.js';
import { summarise, type AnnotatedCopy, type TableResult, type Validated } from '../validate/result.js';
import { parseGroupOption } from './options.js';
import { formatRuleCatalogue, formatValidation } from '../output/validation-text.js';
import { RULE_CATALOGUE } from '../rules/index.js';
import { printOut, jsonText } from '../output/terminal.js';

interface ValidateOptions {
  json?: boolean;
  annotate?: string;
  group?: string;
  config?: string;
  rules?: boolean;
  /** commander's negation of --no-convert */
  convert?: boolean;
}

export function register(program: Command, setExitCode: (code: number) => void): Command {
  return program
    .command('validate')
    .description('校验区县报送的表格：模板、填表日期、每个单元格的问题（可批量、可生成批注副本）')
    .argument('[文件或文件夹...]', '要校验的 Excel 文件，或存放它们的文件夹')
    .option('--rules', '列出全部检查项（问题代码、级别、说明）')
    .option('--json', '只输出 JSON 结果（供程序使用）')
    .option('--annotate <目录>', '在该目录为有问题的文件写出“原文件名_批注.xlsx”，用于退回修改')
    .option('--group <组号>', '指定报送组（1–16），不从文件判断')
    .option('--no-convert', '不调用 LibreOffice 转换 .xls/.et 旧格式（直接报“格式不支持”）')
    .option('--config <配置文件>', '使用指定的配置文件（默认：当前目录的 xmb.config.json，没有则用内置名单）')
    .action(async (paths: string[], options: ValidateOptions) => {
      setExitCode(await runValidate(paths, options));
    });
}

export async function runValidate(paths: string[], options: ValidateOptions): Promise<number> {
  if (options.rules) {
    printOut(formatRuleCatalogue(RULE_CATALOGUE));
    return 0;
  }
  if (paths.length === 0) throw new UserError('缺少要校验的文件或文件夹，例如：xmb validate 收件/');
  const { config } = await loadConfig(options.config);
  const groupOverride = options.group === undefined ? undefined : parseGroupOption(options.group, config);
  const { files, skipped } = collectInputs(paths);
  const skippedLine = formatSkipped(skipped);
  if (files.length === 0)
    throw new UserError(`没有找到要校验的 Excel 文件（.xlsx/.xlsm/.xls/.et）：${paths.join('、')}${skippedLine ? `（${skippedLine}）` : ''}`);

  const receipts = new ReceiptFinder(currentTime());
  const validated: Validated[] = [];
  for (const file of files)
    validated.push(...(await validateFile(file, { config, groupOverride, convert: options.convert !== false, receipt: receipts.receiptOf(file) })));
  const results = validated.map((v) => v.result);
  const summary = summarise(results);

  const annotated: AnnotatedCopy[] = [];
  if (options.annotate) annotated.push(...(await annotate(validated, options.annotate, options.convert !== false)));

  if (options.json) {
    const skippedJson = skipped.map((s) => ({ file: s.path, reason: s.reason }));
    const document = { version: 1, results, summary, skipped: skippedJson, ...(options.annotate ? { annotated } : {}) };
    printOut(`${jsonText(document)}\n`);
  } else {
    printOut(formatValidation(results, summary, annotated));
    if (skippedLine) printOut(`${skippedLine}\n`);
  }
  return summary.errors > 0 ? 1 : 0;
}

async function annotate(validated: Validated[], dir: string, convert: boolean): Promise<AnnotatedCopy[]> {
  const byFile = new Map<string, TableResult[]>();
  for (const v of validated) {
    if (v.result.issues.length === 0) continue;
    const list = byFile.get(v.path) ?? [];
    list.push(v.result);
    byFile.set(v.path, list);
  }
  if (byFile.size === 0) return [];
  try {
    makeFolder(dir);
  } catch {
    throw new UserError(`无法创建批注目录：${dir}`);
  }
  const { writeAnnotatedCopy, annotatedName } = await import('../writers/annotate.js');
  const written: AnnotatedCopy[] = [];
  for (const [path, results] of byFile) {
    const out = join(dir, annotatedName(path));
    if (resolve(out) === resolve(path)) throw new UserError(`批注副本不能覆盖原文件：${path}，请换一个 --annotate 目录`);
    const { content, reason, cells, findings } = await writeAnnotatedCopy(path, results, out, { convert });
    written.push({ file: path, path: out, content, reason, cells, findings });
  }
  return written;
}
