/**
 * xmb init — write the default configuration (the 2022 roster of 附件1, recipients, deadlines,
 * district aliases) as xmb.config.json, for the clerk to edit.
 *
 * 用法：xmb init [目录] [--force]
 *
 *   在目录（默认当前目录）写出 xmb.config.json。已有配置文件时不覆盖，除非加 --force。
 *   可修改：年度、中心名称、16 个工作组（组号、联系区县、成员，第一名为组长）、副组长分管的组、
 *   接收人、报送截止时间、区县别名。改完后运行任意命令即会检查配置，出错时会指出是哪一项。
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../config/defaults.js';
import { CONFIG_FILE_NAME } from '../config/load.js';
import { UserError } from '../errors.js';
import { writeFileAtomic } from '../writers/save.js';
import { printOut } from '../output/terminal.js';

export function register(program: Command, setExitCode: (code: number) => void): Command {
  return program
    .command('init')
    .description('写出默认配置文件 xmb.config.json（名单、接收人、截止时间、区县别名），供修改')
    .argument('[目录]', '写到哪个目录（默认当前目录）')
    .option('--force', '覆盖已有的配置文件')
    .action((dir: string | undefined, options: { force?: boolean }) => {
      setExitCode(runInit(dir ?? '.', options.force ?? false));
    });
}

export function runInit(dir: string, force: boolean): number {
  const path = join(dir, CONFIG_FILE_NAME);
  if (existsSync(path) && !force) throw new UserError(`${path} 已存在，未覆盖。要重写为默认配置请加 --force`);
  writeFileAtomic(path, new TextEncoder().encode(`${JSON.stringify(DEFAULT_CONFIG, null, 2)}\n`));
  printOut(
    `已写出 ${path}\n内容为内置的 ${DEFAULT_CONFIG.year} 年名单（附件1）。修改年度、名单或接收人后，xmb 在该目录运行时会自动使用它。\n`,
  );
  return 0;
}
