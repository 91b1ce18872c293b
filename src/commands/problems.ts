/**
 * xmb problems — the 问题台账: every problem the groups report, followed from the week it appears
 * until it is solved (notice 三(四) 督要素保障; 四(四) 解决问题好).
 *
 * 用法：xmb problems [--week [周] | --month [月] | --year [年]] [--inbox 目录] [--out 目录] [--json] [--force]
 *                    [--config 配置文件]
 *
 *   --week 周    某一周的台账（2022-W09 或这一周中的某天；不写则为本周；三个都不写时也是本周）
 *   --month 月   某个月（2022-03）：截止日（周五）在该月的各周，台账看到该月最后一周
 *   --year 年    某一年（2022）：该年各周，到本周为止
 *   --inbox 目录 收件目录（默认 ./收件）
 *   --out 目录   输出目录（默认 ./汇总），写出 {周/月/年}_问题台账.xlsx，如 2022年第09周_问题台账.xlsx
 *   --force      覆盖已存在的问题台账（默认不覆盖）
 *   --json       只输出 JSON 结果
 *
 *   每周取与周五汇总相同的表格（每组每类本周最新的有效表格），把各表“存在问题及涉及单位”拆成一个个问题，
 *   按通知三（四）的要素（规划、环评、用地、资金、拆迁、用水、用电、排污、道路、其他）分类，逐周跟踪同一项目的
 *   同一问题（措辞改了也认得出）：新增、在办（持续周数）、已解决（协调解决情况写明已解决，或项目仍在报送而问题
 *   不再列出）、重新出现。台账有三个工作表：问题台账、要素分布（要素 × 区县）、4周以上未解决。
 *   退出码：0 已写出；2 用法错误、找不到收件目录或其中没有这一时段的表格、台账已存在且未加 --force、无法写出。
 */
import type { Command } from 'commander';
import { jsonText, printErr, printOut } from '../output/terminal.js';
import Table from 'cli-table3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config/load.js';
import { groupName } from '../config/group-name.js';
import { UserError } from '../errors.js';
import { inboxNotes } from '../inbox/notes.js';
import { loadInbox } from '../merge/load.js';
import { ledgerFromSubmissions, trackingWindow, type PeriodLedger } from '../problems/from-inbox.js';
import { ELEMENTS } from '../problems/keywords.js';
import { STATE_LABELS, type ProblemLedger, type ProblemState } from '../problems/ledger.js';
import { ledgerDate, ledgerPeriod, type LedgerPeriod } from '../problems/period.js';
import { currentTime, weekLabel } from '../time/index.js';
import { DEFAULT_OUT, writeFailure } from './merge.js';
import { DEFAULT_INBOX } from './receive.js';

interface ProblemsOptions {
  week?: string | boolean;
  month?: string | boolean;
  year?: string | boolean;
  inbox?: string;
  out?: string;
  json?: boolean;
  force?: boolean;
  config?: string;
}

export function register(program: Command, setExitCode: (code: number) => void): Command {
  return program
    .command('problems')
    .description('问题台账：各组反映的问题逐周跟踪（新增、在办、已解决、重新出现），按要素分类，写出问题台账.xlsx')
    .option('--week [周]', '某一周：2022-W09 或这一周中的某天；不写则为本周')
    .option('--month [月]', '某个月：2022-03；不写则为本月')
    .option('--year [年]', '某一年：2022；不写则为今年')
    .option('--inbox <目录>', `收件目录（默认 ./${DEFAULT_INBOX}）`)
    .option('--out <目录>', `输出目录（默认 ./${DEFAULT_OUT}）`)
    .option('--force', '覆盖已存在的问题台账')
    .option('--json', '只输出 JSON 结果（供程序使用）')
    .option('--config <配置文件>', '使用指定的配置文件（默认：当前目录的 xmb.config.json，没有则用内置名单）')
    .action(async (options: ProblemsOptions) => {
      setExitCode(await runProblems(options));
    });
}

/** The ledger's file name: “2022年第09周_问题台账.xlsx”, “2022年03月_问题台账.xlsx”, “2022年_问题台账.xlsx”. */
export function ledgerFileName(period: LedgerPeriod): string {
  return `${period.fileLabel}_问题台账.xlsx`;
}

export async function runProblems(options: ProblemsOptions): Promise<number> {
  const { config } = await loadConfig(options.config);
  const now = currentTime();
  const period = ledgerPeriod(options, now, config);
  const inbox = options.inbox ?? DEFAULT_INBOX;
  const out = options.out ?? DEFAULT_OUT;
  // Files the 收件登记 places outside the weeks tracking may use (a year before the period) are not read.
  const weeks = trackingWindow(period.from, period.to, config.timeZone);
  const { submissions, scan } = await loadInbox(inbox, config, { exclude: [out], weeks });
  const notes = inboxNotes(scan);
  const result = ledgerFromSubmissions(submissions, config, { from: period.from, to: period.to });
  if (result.tables === 0)
    throw new UserError(
      `收件文件夹 ${inbox} 中没有${period.label}计入汇总的表格（按填表日期计周），未写出问题台账；请检查 --week/--month/--year 和 --inbox`,
    );
  const path = join(out, ledgerFileName(period));
  const date = ledgerDate(period, now, config);
  const screen = () => [...notes.map((n) => `! ${n}`), ...(notes.length ? [''] : []), formatLedgerCounts(result, period)].join('\n');
  if (!options.force && existsSync(path)) {
    if (!options.json) printOut(`${screen()}\n`);
    throw new UserError(`问题台账已存在，未覆盖：${path}（加 --force 重新生成）`);
  }
  const { problemLedgerBytes } = await import('../writers/problem-ledger-workbook.js');
  const { writeFileSet, FileSetError } = await import('../writers/save.js');
  const data = await problemLedgerBytes({ ledger: result.ledger, period, trackedWeeks: result.trackedWeeks, date }, config);
  try {
    writeFileSet([{ path, data }]);
  } catch (error) {
    if (error instanceof FileSetError) throw new UserError(writeFailure(error, '问题台账'));
    throw error;
  }
  if (options.json) {
    for (const line of notes) printErr(`${line}\n`);
    printOut(`${jsonText(ledgerJson(result.ledger, period, path))}\n`);
    return 0;
  }
  printOut(`${screen()}\n已写出问题台账：${path}\n`);
  return 0;
}

const STATES: ProblemState[] = ['new', 'open', 'reopened', 'solved'];

/** The counts on screen: per 要素, the problems by state, and the long-open ones; then one sentence. */
export function formatLedgerCounts(result: PeriodLedger, period: LedgerPeriod): string {
  const { ledger } = result;
  const n = ledger.longOpenWeeks;
  const table = new Table({
    head: ['要素', '合计', ...STATES.map((s) => STATE_LABELS[s]), `${n}周以上未解决`],
    style: { head: [], border: [], compact: true },
  });
  for (const element of [...ELEMENTS, '合计'] as const) {
    const rows = element === '合计' ? ledger.rows : ledger.rows.filter((r) => r.element === element);
    if (rows.length === 0 && element !== '合计') continue;
    table.push([element, String(rows.length), ...STATES.map((s) => String(rows.filter((r) => r.state === s).length)), String(rows.filter((r) => r.longOpen).length)]);
  }
  const c = ledger.counts;
  const to = ledger.weeks[ledger.weeks.length - 1]!;
  const tracked = result.trackedWeeks[0]!;
  return [
    `${period.label}问题台账（状态为${weekLabel(to)}的情况；自${weekLabel(tracked)}起逐周跟踪）`,
    table.toString(),
    `共 ${c.total} 个问题；本期新增 ${c.newInPeriod} 个、解决 ${c.solvedInPeriod} 个，${n}周以上未解决 ${c.longOpen} 个。`,
  ].join('\n');
}

/** The --json document: the period, the counts and every line of the ledger. */
export function ledgerJson(ledger: ProblemLedger, period: LedgerPeriod, file: string) {
  return {
    version: 1,
    period: { kind: period.kind, id: period.id, from: period.from, to: period.to },
    file,
    counts: ledger.counts,
    problems: ledger.rows.map((r) => ({
      id: r.id,
      project: r.project,
      group: r.group,
      groupName: groupName(r.group),
      district: r.district,
      element: r.element,
      text: r.text,
      units: r.units,
      firstWeek: r.firstWeek,
      lastWeek: r.lastWeek,
      weeksOpen: r.weeksOpen,
      state: r.state,
      solvedWeek: r.solvedWeek,
      solvedBy: r.solvedBy,
      reopenedWeeks: r.reopenedWeeks,
      longOpen: r.longOpen,
      coordination: r.coordination,
    })),
  };
}
