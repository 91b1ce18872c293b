/**
 * The xmb command line: wires the commands of src/commands/ into commander, translates commander's
 * messages into Chinese, and turns every failure into one line and an exit code (§5, §6).
 *
 * Start-up: `xmb --help`, `xmb --version` and usage errors load only commander and the command list
 * below (COMMANDS); a command's module (and through it exceljs, docx, zod, the reader…) is imported
 * only when that command is named on the command line. The list repeats each command's name,
 * arguments and description for the top-level help; test/cli/startup.test.ts checks that it matches
 * what the command's own register() declares.
 */
import { Command, CommanderError, Help } from 'commander';
import stringWidth from 'string-width';
import { UserError } from './errors.js';
import { describeFsError, isFsError } from './fs-errors.js';
import { setupConsole } from './output/console.js';

/** What every src/commands/*.ts exports for the command line. */
export interface CommandModule {
  register(program: Command, setExitCode: (code: number) => void): Command;
}

/** One command as the top-level help lists it, and how to load its code. */
export interface CommandEntry {
  name: string;
  /** The arguments as register() declares them, e.g. '[文件或文件夹...]'; '' when none. */
  args: string;
  description: string;
  load: () => Promise<CommandModule>;
}

/** Every command, in the order `xmb --help` lists them. The import() calls stay literal so bundlers follow them. */
export const COMMANDS: CommandEntry[] = [
  {
    name: 'validate',
    args: '[文件或文件夹...]',
    description: '校验区县报送的表格：模板、填表日期、每个单元格的问题（可批量、可生成批注副本）',
    load: () => import('./commands/validate.js'),
  },
  {
    name: 'receive',
    args: '<文件...>',
    description: '收件：校验区县报送的表格，按规范名称存入收件目录并登记（同一文件只登记一次）',
    load: () => import('./commands/receive.js'),
  },
  {
    name: 'merge',
    args: '',
    description: '周五汇总：按接收人生成本周汇总表（正式表样），列出各组报送情况和催报名单',
    load: () => import('./commands/merge.js'),
  },
  {
    name: 'status',
    args: '',
    description: '报送情况：某周、某月或全年各组各类报表的报送情况（不写文件）',
    load: () => import('./commands/status.js'),
  },
  {
    name: 'problems',
    args: '',
    description: '问题台账：各组反映的问题逐周跟踪（新增、在办、已解决、重新出现），按要素分类，写出问题台账.xlsx',
    load: () => import('./commands/problems.js'),
  },
  {
    name: 'remind',
    args: '',
    description: '催报、退回消息：本周缺表、表格有错误或迟报的组，每组一条可直接粘贴的消息，并写入文本文件',
    load: () => import('./commands/remind.js'),
  },
  {
    name: 'monthly',
    args: '',
    description: '写出本月的《重点项目建设协调服务工作月报》（.docx，按党政机关公文格式排版）',
    load: () => import('./commands/monthly.js'),
  },
  {
    name: 'template',
    args: '',
    description: '写出空白报送模板（附件2–4、白名单、月报素材），带下拉列表、金额格式和打印设置',
    load: () => import('./commands/template.js'),
  },
  {
    name: 'init',
    args: '[目录]',
    description: '写出默认配置文件 xmb.config.json（名单、接收人、截止时间、区县别名），供修改',
    load: () => import('./commands/init.js'),
  },
  {
    name: 'doctor',
    args: '',
    description: '检查本机：Node.js、LibreOffice、月报字体、收件和汇总文件夹、配置文件',
    load: () => import('./commands/doctor.js'),
  },
];

/** The version `xmb --version` prints; the same as package.json's (a test checks). */
export const VERSION = '0.1.0';
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
      return `不认识的命令 ${quoted}（可用：${COMMANDS.map((c) => c.name).join(' ')}）`;
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

/**
 * The command named on the command line (`xmb merge …`, `xmb help merge`), or undefined for
 * `xmb --help`, `xmb --version`, no command or an unknown one. Top-level options take no value,
 * so the first word that is not an option is the command.
 */
export function invokedCommand(args: string[]): CommandEntry | undefined {
  const words = args.filter((a) => !a.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  return COMMANDS.find((c) => c.name === name);
}

/**
 * The program with every command in COMMANDS: the one in `load` (or all, for tests) registered by its
 * own module with its options and action, the others as stubs carrying only name, arguments and
 * description, which is all the top-level help and commander's unknown-command check need.
 */
export async function buildProgram(
  load: CommandEntry | 'all' | undefined = undefined,
): Promise<{ program: Command; exitCode: () => number }> {
  let code = 0;
  const program = chinese(new Command('xmb'))
    .description('项目办：重点项目周报校验（validate）、周五汇总（merge）和月报（monthly）')
    .version(VERSION, '-V, --version', '显示版本号')
    .helpCommand('help [命令]', '显示某个命令的帮助')
    .addHelpText('after', workflowHelp());
  const setCode = (c: number) => {
    code = c;
  };
  for (const entry of COMMANDS) {
    if (load === 'all' || load === entry) {
      chinese((await entry.load()).register(program, setCode));
    } else {
      chinese(program.command(entry.args ? `${entry.name} ${entry.args}` : entry.name).description(entry.description));
    }
  }
  return { program, exitCode: () => code };
}

/** Runs one command line (argv as process.argv: node, script, arguments…) and returns the exit code. Never throws. */
export async function main(argv: string[]): Promise<number> {
  try {
    const { program, exitCode } = await buildProgram(invokedCommand(argv.slice(2)));
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

/**
 * The whole process: output that a reader stops early (`xmb status | more`) ends quietly, the console
 * is set up for the platform (src/output/console.ts), and the exit code is main's.
 * Used by bin/xmb.js and by the single-file bundle of `npm run dist`.
 */
export async function run(argv: string[] = process.argv): Promise<void> {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  await setupConsole();
  process.exitCode = await main(argv);
  if (startedByDoubleClick(argv)) await waitForEnter();
}

/**
 * xmb-win-x64.exe double-clicked in Explorer: no arguments, a console of its own (no PROMPT, which
 * cmd.exe sets for what it starts). The help would flash and vanish, so the window waits for Enter.
 */
function startedByDoubleClick(argv: string[]): boolean {
  return process.platform === 'win32' && argv.length <= 2 && !process.env.PROMPT && Boolean(process.stdin.isTTY);
}

function waitForEnter(): Promise<void> {
  process.stdout.write('\nxmb 是命令行程序：请在“命令提示符”中运行（见 安装说明.txt）。按回车键关闭本窗口……');
  return new Promise((resolve) => {
    process.stdin.once('data', () => {
      process.stdin.pause();
      resolve();
    });
  });
}
