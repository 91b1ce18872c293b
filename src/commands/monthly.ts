/**
 * xmb monthly — write the month's report (月报) as an official .docx (spec §5; notice 四(三)–(四), 附件5).
 *
 * 用法：xmb monthly [--month 2022-03] [--inbox 目录] [--out 目录] [--issue 期号] [--date 日期]
 *                   [--force] [--config 配置文件] [--json]
 *
 *   --month 月份   哪个月的月报（默认：今天所在的月份；环境变量 XMB_NOW 可固定“今天”）。统计时段为上月21日至本月20日，
 *                 20日之后运行时仍是本月（刚结束的时段），下月的时段才刚开始
 *   --inbox 目录   收件文件夹（默认 ./收件），其中的表格（含子文件夹）都会读入，收件登记表明不在统计时段内的除外
 *                 （月报素材一律读入）；检查结果存入收件文件夹的 .xmb-cache/，文件不变时下次直接用
 *   --out 目录     写到哪个目录（默认当前目录）
 *   --issue 期号   第几期（默认从配置的 monthly.firstIssueMonth 起按月计数，2022-03 为第1期）
 *   --date 日期    印发日期（默认统计时段的最后一天，如 2022-03-20）
 *   --force       覆盖已有的同名月报（默认不覆盖）
 *   --json        在标准输出打印一个 JSON 摘要
 *
 *   三、督导服务中另有问题台账的一句：截止日在统计时段内的各周，问题新增、解决、4周以上未解决的个数和未解决问题
 *   最多的要素（与 xmb problems 的台账同一算法，从统计时段前一年内的表格起跟踪，所以这一年的周报表都会读入）。
 *
 * 写出：{年}年第{N}期重点项目建设协调服务工作月报.docx。
 * 统计时段内收件文件夹里没有任何可计入的表格（没有表格，或表格都有错误、都无法判断报送组）时不写月报，
 * 用一行说明原因，退出码 2；有的组没有任何表格计入时，写月报之前在屏幕上列出这些组。
 * 退出码：0 已写出；2 用法有误、统计时段内没有可计入的表格、文件已存在。
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../config/load.js';
import { UserError } from '../errors.js';
import { readInbox } from '../monthly/inbox.js';
import { issueNumber, monthPeriod, periodText } from '../monthly/period.js';
import { monthProblemFigures, problemLookBackStart, type ProblemLineFigures } from '../monthly/problem-line.js';
import { buildMonthlyReport, KIND_LABELS, reportFileName, type MonthlyReport } from '../monthly/report-model.js';
import type { SourceTable } from '../monthly/sources.js';
import { currentTime, parseMonthArg, weeksWithDeadlineBetween, type WeekId } from '../time/index.js';
import type { Config } from '../config/schema.js';
import { monthLights, PERSISTENT_RED_WEEKS, type MonthLights } from '../merge/month-lights.js';
import { mergeWeeks } from '../merge/plan.js';
import { DEFAULT_INBOX } from '../inbox/scan.js';
import { writeFileAtomic } from '../writers/save.js';
import { printOut, jsonText, terminalSafe } from '../output/terminal.js';

export interface MonthlyCommandOptions {
  month?: string;
  inbox?: string;
  out?: string;
  issue?: string;
  date?: string;
  force?: boolean;
  config?: string;
  json?: boolean;
}

export function register(program: Command, setExitCode: (code: number) => void): Command {
  return program
    .command('monthly')
    .description('写出本月的《重点项目建设协调服务工作月报》（.docx，按党政机关公文格式排版）')
    .option('--month <月份>', '哪个月的月报，如 2022-03（默认：今天所在的月份）')
    .option('--inbox <目录>', '收件文件夹（默认 ./收件）')
    .option('--out <目录>', '写到哪个目录（默认当前目录）')
    .option('--issue <期号>', '第几期（默认从配置的首期月份起按月计数）')
    .option('--date <日期>', '印发日期，如 2022-03-20（默认统计时段的最后一天）')
    .option('--force', '覆盖已有的同名月报')
    .option('--config <配置文件>', '使用指定的配置文件（默认：当前目录的 xmb.config.json，没有则用内置名单）')
    .option('--json', '在标准输出打印 JSON 摘要')
    .action(async (options: MonthlyCommandOptions) => {
      setExitCode(await runMonthly(options));
    });
}

function parseIssue(text: string): number {
  const t = text.trim().replace(/^第|期$/g, '');
  const n = Number(t);
  if (!/^\d+$/.test(t) || !Number.isInteger(n) || n < 1 || n > 9999) throw new UserError(`--issue 应为正整数期号，收到“${text}”`);
  return n;
}

function parseDate(text: string): string {
  const m = /^(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?$/.exec(text.trim());
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const probe = new Date(Date.UTC(y, mo - 1, d));
    if (probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d)
      return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  }
  throw new UserError(`--date 的值“${text}”不是日期，应写成 2022-03-20`);
}

/** The JSON summary of --json. */
export function summaryJson(report: MonthlyReport, file: string, sources: SourceTable[], unread: number, skipped = 0) {
  const s = report.sections.find((x) => x.supervision)!.supervision!;
  const t = s.statistics.totals;
  const cols = s.problemColumns;
  // The problem columns as the table prints them: from the 问题台账 (反映/解决), else from the cells (反映/协调解决).
  const second = cols.source === 'ledger' ? 'problemsSolved' : 'problemsCoordinated';
  const problemsOf = (pair: [number, number]) => ({ problemsReported: pair[0], [second]: pair[1] });
  return {
    version: 1,
    month: report.month,
    issue: report.issue,
    totalIssue: report.totalIssue,
    period: { start: report.period.start, end: report.period.end },
    issueDate: report.issueDate,
    file,
    sections: report.sections.map((x) => ({ heading: x.heading, items: x.items.length })),
    groups: s.statistics.groups.map((g) => ({
      group: g.group,
      district: g.district,
      projectsServed: g.projectsServed,
      ...problemsOf(cols.groups.get(g.group) ?? [0, 0]),
      submissions: g.submissions,
      compliant: g.compliant,
      missingKinds: g.missingKinds,
    })),
    /** City-wide: each project once; byGroups: the sums of the groups' own counts. */
    totals: {
      projectsServed: t.projectsServed,
      problemSource: cols.source,
      ...problemsOf(cols.total),
      byGroups: { projectsServed: t.byGroups.projectsServed, ...problemsOf(cols.byGroups) },
      sharedProjects: s.statistics.sharedProjects,
    },
    ...(s.lights ? { lights: lightsJson(s.lights.lights) } : {}),
    silentGroups: report.silentGroups.map((g) => ({ group: g.group, district: g.district, invalidTables: g.invalidTables })),
    tables: { read: sources.length, invalid: sources.filter((x) => !x.valid).length, unknownGroup: sources.filter((x) => x.table.group === null).length, unreadFiles: unread, skippedFiles: skipped },
  };
}

/** The 问题台账 figures in the --json summary (null: no week of the period has begun). */
export function problemsJson(figures: ProblemLineFigures | null) {
  if (!figures) return null;
  const { weeks, newInPeriod, solvedInPeriod, longOpen, longOpenWeeks, open, mostOpenElements, mostOpenCount } = figures;
  return { weeks, new: newInPeriod, solved: solvedInPeriod, longOpen, longOpenWeeks, open, mostOpenElements, mostOpenCount };
}

/** The 督导服务 lights in --json: the weeks counted, per group the counts and the projects 红 two weeks or more. */
function lightsJson(l: MonthLights) {
  return {
    weeks: l.weeks,
    total: l.total,
    groups: l.groups.map((g) => ({ group: g.group, district: g.district, week: g.week, ...g.counts, persistentRed: g.persistentRed.map(({ name, kind, redWeeks }) => ({ name, kind, redWeeks })) })),
  };
}

/**
 * The weeks of the month's 序时进度 lights (督导服务), those whose Friday deadline falls in the
 * report's period, and the weeks whose tables merge reads for them (readInbox's `weeks`).
 */
function monthLightWeeks(month: string, config: Config): { weeks: WeekId[]; read: WeekId[] } {
  const period = monthPeriod(month, config);
  const weeks = weeksWithDeadlineBetween(period.start, period.end, config);
  return { weeks, read: weeks.length ? [...new Set(weeks.flatMap((w) => mergeWeeks(w, config)))] : [] };
}

export async function runMonthly(options: MonthlyCommandOptions, cwd: string = process.cwd()): Promise<number> {
  const { config } = await loadConfig(options.config, cwd);
  const month = parseMonthArg(options.month, currentTime(), config.timeZone);
  const issue = options.issue !== undefined ? parseIssue(options.issue) : undefined;
  const issueDate = options.date !== undefined ? parseDate(options.date) : undefined;
  const inbox = resolve(cwd, options.inbox ?? DEFAULT_INBOX);
  const outDir = resolve(cwd, options.out ?? '.');

  // The file name depends on the month and the issue only: refuse before reading the inbox.
  const counted = issueNumber(month, config);
  if (issue === undefined && counted < 1)
    throw new UserError(
      `${month} 早于配置的首期月份 ${config.monthly.firstIssueMonth}（第1期），无法推算期号：请用 --issue 指定期号，或修改 xmb.config.json 中的 monthly.firstIssueMonth`,
    );
  const target = join(outDir, reportFileName(monthPeriod(month, config).year, issue ?? counted));
  if (existsSync(target) && !options.force) throw new UserError(`${target} 已存在；要覆盖请加 --force`);
  // Files the ledger dates outside the period and the year before it are not read (src/merge/load.ts
  // canSkip): the statistics need the period, the 问题台账's line the weeks before it (problem-line.ts).
  const period = monthPeriod(month, config);
  // The lights' weeks are selected as `xmb merge --week` selects them, from the files merge would
  // read for them (canSkip by weeks): read in the same pass, each file validated once.
  const lightWeeks = monthLightWeeks(month, config);
  // Tables before the period only for the 问题台账: their summaries (src/problems/tracked-cells.ts).
  const { sources, unread, skipped, submissions, weekSubmissions } = await readInbox(inbox, config, {
    exclude: [outDir],
    period,
    lookBackStart: problemLookBackStart(period),
    weeks: lightWeeks.read,
  });
  const problems = monthProblemFigures(submissions, config, period, currentTime());
  const lights = monthLights(weekSubmissions, lightWeeks.weeks, config);
  const report = buildMonthlyReport(sources, config, { month, issue, issueDate, problems, lights });
  refuseEmptyPeriod(report, sources, inbox);

  const { writeMonthlyReportDocx } = await import('../writers/monthly-report-docx.js');
  const bytes = await writeMonthlyReportDocx(report);

  if (options.json) {
    writeFileAtomic(target, bytes);
    printOut(`${jsonText({ ...summaryJson(report, target, sources, unread.length, skipped), problems: problemsJson(problems) })}\n`);
    return 0;
  }
  const s = report.sections.find((x) => x.supervision)!.supervision!;
  const lines: string[] = [];
  lines.push(`${report.issueText}月报（${report.month}），统计时段：${periodText(report.period)}`);
  const invalid = sources.filter((x) => !x.valid).length;
  const noGroup = sources.filter((x) => x.valid && x.table.group === null).length;
  lines.push(
    `读入表格 ${sources.length} 个` +
      (invalid ? `，其中 ${invalid} 个有错误未计入（用 xmb validate 查看）` : '') +
      (noGroup ? `，${noGroup} 个无法判断报送组未计入` : '') +
      (unread.length ? `；${unread.length} 个文件未能读出表格` : '') +
      (skipped ? `（另有 ${skipped} 个文件按收件登记不在统计时段内，未读取）` : ''),
  );
  if (report.silentGroups.length > 0) {
    const names = report.silentGroups.map(
      (g) => `${g.groupName}（${g.district}${g.invalidTables ? `，${g.invalidTables} 个表格有错误` : ''}）`,
    );
    lines.push(
      `注意：${report.silentGroups.length} 个组在统计时段内没有任何表格计入，月报中这些组各项为 0、列为未达标：${names.join('、')}`,
    );
  }
  for (const section of report.sections) {
    const extra = section.supervision ? '，另附各组督导服务情况统计表' : '';
    lines.push(`  ${section.heading}：${section.items.length ? `${section.items.length} 条` : '本月无'}${extra}`);
  }
  if (s.problemsText) lines.push(s.problemsText);
  if (s.lights) {
    const t = s.lights.lights.total;
    const persistent = s.lights.lights.groups.reduce((n, g) => n + g.persistentRed.length, 0);
    lines.push(`  序时进度亮灯：红灯 ${t.red}，黄灯 ${t.yellow}，绿灯 ${t.green}，数据存疑 ${t.doubt}；${PERSISTENT_RED_WEEKS}期以上红灯的项目 ${persistent} 个`);
  }
  if (s.missed.length === 0) lines.push('各组均达到“每组每月报送各类信息均不少于1条”的要求');
  else {
    lines.push(`未达到“每组每月报送各类信息均不少于1条”的组（${s.missed.length} 个）：`);
    for (const m of s.missed) lines.push(`  ${m.groupName}（${m.district}）缺报：${m.missingKinds.map((k) => KIND_LABELS[k]).join('、')}`);
  }
  // The clerk sees who is missing before the report is written.
  printOut(`${lines.join('\n')}\n`);
  writeFileAtomic(target, bytes);
  printOut(`已写出：${terminalSafe(target)}\n`);
  return 0;
}

/**
 * A report used for 通报批评 must not come out of nothing: when no table and no item of the period
 * counts (none in the inbox, or all with errors or of no known group), a UserError (exit 2) and
 * nothing written — as merge does for a week without tables.
 */
function refuseEmptyPeriod(report: MonthlyReport, sources: SourceTable[], inbox: string): void {
  if (report.counted.weeklySubmissions + report.counted.items > 0) return;
  const when = `${periodText(report.period)}（${report.period.year}年${report.period.monthNumber}月月报的统计时段）`;
  const inPeriod = sources.filter((x) => inPeriodOf(x, report));
  if (inPeriod.length === 0)
    throw new UserError(
      `收件文件夹 ${inbox} 中没有${when}的表格（按填表日期计，没有填表日期的按收到时间），未写出月报；` +
        '请检查 --month 是否写对了月份、--inbox 是否指向收件文件夹',
    );
  throw new UserError(
    `收件文件夹 ${inbox} 中${when}的 ${inPeriod.length} 个表格都有错误或无法判断报送组，没有可计入月报的内容，未写出月报；` +
      '请先用 xmb validate 查看',
  );
}

function inPeriodOf(source: SourceTable, report: MonthlyReport): boolean {
  return source.date >= report.period.start && source.date <= report.period.end;
}
