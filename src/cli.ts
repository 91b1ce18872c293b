/**
 * The xmb command line: wires the commands of src/commands/ into commander, translates commander's
 * messages into Chinese, and turns every failure into one line and an exit code (§5, §6).
 * Commands load their heavy modules (exceljs, docx) themselves, so `xmb validate` starts fast.
 */
import { Command, CommanderError, Help } from 'commander';
import stringWidth from 'string-width';
import { UserError } from './errors.js';
import { describeFsError, isFsError } from './fs-errors.js';
import * as validate from './commands/validate.js';
import * as template from './commands/template.js';
import * as init from './commands/init.js';
import * as receive from './commands/receive.js';
import * as merge from './commands/merge.js';
import * as status from './commands/status.js';
import * as monthly from './commands/monthly.js';
import { printErr, printOut } from './output/terminal.js';

const TITLES: Record<string, string> = {
  'Usage:': '用法：',
  'Arguments:': '参数：',
  'Options:': '选项：',
  'Commands:': '命令：',
  'Global Options:': '全局选项：',
};

function chinese(command: Command): Command {
  command
    .helpOption('-h, --help', '显示本帮助')
    .configureHelp({
      styleTitle: (title) => TITLES[title] ?? title,
      // Chinese characters take two columns: align the help by display width, not string length.
      displayWidth: (text) => stringWidth(text),
      subcommandTerm: (cmd) => Help.prototype.subcommandTerm.call(new Help(), cmd).replace(' [options]', ''),
      commandUsage: (cmd) =>
        Help.prototype.commandUsage.call(new Help(), cmd).replace('[options]', '[选项]').replace('[command]', '[命令]'),
      showGlobalOptions: false,
    })
    .configureOutput({ outputError: () => {}, writeOut: (text) => printOut(text), writeErr: (text) => printErr(text) })
    .exitOverride();
  return command;
}

function translate(error: CommanderError): string {
  const message = error.message.replace(/^error: /, '');
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  switch (error.code) {
    case 'commander.unknownOption':
      return `不认识的选项 ${quoted}（用 xmb --help 查看用法）`;
    case 'commander.unknownCommand':
      return `不认识的命令 ${quoted}（可用：validate receive merge status monthly template init）`;
    case 'commander.missingArgument':
      return `缺少参数 ${quoted}（用 xmb 命令 --help 查看用法）`;
    case 'commander.optionMissingArgument':
      return `选项 ${quoted} 后面缺少值`;
    case 'commander.excessArguments':
      return `参数太多：选项要写成“--名称 值”，例如 xmb merge --week 2022-W09（用 xmb 命令 --help 查看用法）`;
    case 'commander.invalidArgument':
      return message.replace(/^.*?Invalid argument\.?\s*/i, '') || '参数有误';
    case 'commander.missingMandatoryOptionValue':
      return `缺少必填选项 ${quoted}`;
    default:
      return message;
  }
}

const WORKFLOW: [when: string, command: string, what: string][] = [
  ['收到区县文件时', 'xmb receive 文件…', '校验并归档到 收件/，登记收件时间'],
  ['有问题要退回时', 'xmb validate 文件 --annotate 退回/', '生成标出问题单元格的副本'],
  ['周五 12 时以后', 'xmb merge --week', '按接收人生成汇总表，列出催报名单'],
  ['每月 20 日以前', 'xmb monthly', '生成月报 .docx'],
];

function workflowHelp(): string {
  const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - stringWidth(text)));
  const commandWidth = Math.max(...WORKFLOW.map(([, command]) => stringWidth(command))) + 2;
  const lines = WORKFLOW.map(([when, command, what]) => `  ${pad(when, 16)}${pad(command, commandWidth)}${what}`);
  return ['', '每周、每月的做法：', ...lines, '', '每个命令的详细用法：xmb 命令 --help，例如 xmb merge --help'].join('\n');
}

export function buildProgram(): { program: Command; exitCode: () => number } {
  let code = 0;
  const program = chinese(new Command('xmb'))
    .description('项目办：重点项目周报校验（validate）、周五汇总（merge）和月报（monthly）')
    .version('0.1.0', '-V, --version', '显示版本号')
    .helpCommand('help [命令]', '显示某个命令的帮助')
    .addHelpText('after', workflowHelp());
  const setCode = (c: number) => {
    code = c;
  };
  for (const module of [validate, receive, merge, status, monthly, template, init]) {
    chinese(module.register(program, setCode));
  }
  return { program, exitCode: () => code };
}

export async function main(argv: string[]): Promise<number> {
  const { program, exitCode } = buildProgram();
  try {
    await program.parseAsync(argv);
    return exitCode();
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help')
        return 0;
      printErr(`xmb：${translate(error)}\n`);
      return 2;
    }
    if (error instanceof UserError) {
      printErr(`xmb：${error.message}\n`);
      return error.exitCode;
    }
    if (isFsError(error)) {
      printErr(`xmb：${describeFsError(error)}\n`);
      return 2;
    }
    const detail = error instanceof Error ? error.message : String(error);
    printErr(`xmb：内部错误（${detail}）。请把这条信息和所用文件发给维护人员。\n`);
    if (process.env.XMB_DEBUG) printErr(`${(error as Error)?.stack ?? ''}\n`);
    return 3;
  }
}
