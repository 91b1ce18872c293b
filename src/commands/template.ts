/**
 * xmb template — write the blank templates (附件2–4 of the notice, our 白名单 and 月报素材) as .xlsx,
 * in the official layout, with dropdowns, number formats and print setup (spec §2).
 *
 * 用法：xmb template [--kind 种类] [--group 组号] [--out 目录] [--force] [--config 配置文件]
 *
 *   不加 --kind 时写出全部 5 种空白模板，每种一个文件：
 *     lagging    附件2 进度滞后的省市重点项目进展情况统计表
 *     provincial 附件3 省领导联系重点项目进展情况统计表
 *     municipal  附件4 市领导联系重点项目进展情况统计表
 *     whitelist  省重点项目建设“白名单”落实情况统计表
 *     monthly    月度工作情况（月报素材）
 *   --group 组号  为该组生成：报送单位写“第N组（区县）”，填了项目名称的行自动带出区县
 *   --out 目录    写到哪个目录（默认当前目录）
 *   --force       覆盖已有的同名文件（默认不覆盖）
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { KIND_IDS } from '../config/constants.js';
import { loadConfig } from '../config/load.js';
import { UserError } from '../errors.js';
import { KINDS, KIND_ORDER, type KindId } from '../schema/kinds.js';
import { parseGroupOption } from './options.js';
import { printOut } from '../output/terminal.js';

interface TemplateCommandOptions {
  kind?: string;
  group?: string;
  out?: string;
  force?: boolean;
  config?: string;
}

export function register(program: Command, setExitCode: (code: number) => void): Command {
  return program
    .command('template')
    .description('写出空白报送模板（附件2–4、白名单、月报素材），带下拉列表、金额格式和打印设置')
    .option('--kind <种类>', `只写一种：${KIND_ORDER.map((k) => `${k}（${KINDS[k].shortName}）`).join('、')}`)
    .option('--group <组号>', '为该组生成（报送单位、所在区县预先填好）')
    .option('--out <目录>', '写到哪个目录（默认当前目录）')
    .option('--force', '覆盖已有的同名文件')
    .option('--config <配置文件>', '使用指定的配置文件（默认：当前目录的 xmb.config.json，没有则用内置名单）')
    .action(async (options: TemplateCommandOptions) => {
      setExitCode(await runTemplate(options));
    });
}

/** Accepts a kind id (lagging …), an annex (附件2) or a short name (进度滞后). */
export function parseKindOption(text: string): KindId {
  const t = text.trim();
  if ((KIND_IDS as readonly string[]).includes(t)) return t as KindId;
  for (const k of KIND_ORDER) {
    const spec = KINDS[k];
    if (t === spec.shortName || (spec.annex.startsWith('附件') && t.replace(/\s+/g, '') === spec.annex)) return k;
  }
  throw new UserError(`--kind 应为 ${KIND_ORDER.join('、')} 之一（或 附件2/附件3/附件4、白名单、月报素材），收到“${text}”`);
}

export async function runTemplate(options: TemplateCommandOptions): Promise<number> {
  const { config } = await loadConfig(options.config);
  const kinds = options.kind === undefined ? KIND_ORDER : [parseKindOption(options.kind)];
  const groupNumber = options.group === undefined ? undefined : parseGroupOption(options.group, config);
  const group = groupNumber === undefined ? undefined : config.groups.find((g) => g.number === groupNumber);
  const dir = options.out ?? '.';

  const { templateFileName, writeTemplate, groupLabel } = await import('../writers/template-workbook.js');
  const planned = kinds.map((kind) => ({ kind, path: join(dir, templateFileName(kind, config.year, group)) }));
  if (!options.force) {
    const existing = planned.filter((p) => existsSync(p.path)).map((p) => p.path);
    if (existing.length > 0)
      throw new UserError(`已有同名文件，未覆盖：${existing.join('、')}。要重新生成请加 --force`);
  }

  for (const { kind, path } of planned) {
    await writeTemplate({ kind, config, group: groupNumber }, path);
  }
  const who = group ? `，${groupLabel(group)}` : '';
  printOut(`已写出 ${planned.length} 个空白模板（${config.year}年${who}）：\n${planned.map((p) => `  ${p.path}`).join('\n')}\n`);
  return 0;
}
