/**
 * xmb status — who has reported what, without writing any file (spec §5).
 *
 * 用法：xmb status [--week 周 | --month 月 | --year 年] [--inbox 目录] [--json] [--config 配置文件]
 *
 *   --week 周    一周的报送情况（与 xmb merge 相同的 16 组 × 报表矩阵和催报名单）和各组序时进度亮灯个数
 *                （红/黄/绿/存疑，进度滞后、省市领导联系项目，同一项目在一组只计一次）；默认本周
 *   --month 月   一个月各周的报送情况（2022-03）：截止日（周五）在该月的各周，每类报表一张表
 *   --year 年    全年各组各类报表报送的周数（迟报另计）、服务项目数、反映问题数和解决问题数（按问题台账逐周跟踪，
 *                与 xmb problems --year 相同）、月报素材条数，供年底表彰参考（通知四（四））；从第一次有人报送的周计到本周
 *   --inbox 目录 收件目录（默认 ./收件）
 *   --json       只输出 JSON 结果
 *   退出码：0 正常；2 用法错误或找不到收件目录。
 */
import type { Command } from 'commander';
import { loadConfig } from '../config/load.js';
import { UserError } from '../errors.js';
import { inboxNotes } from '../inbox/notes.js';
import type { InboxScan } from '../inbox/scan.js';
import { loadInbox } from '../merge/load.js';
import { reminders, weeklyKinds } from '../merge/select.js';
import { mergeWeeks, planMerge, submissionEntries, uniqueKindLights } from '../merge/plan.js';
import { lightCountsByGroup } from '../merge/progress.js';
import { lightsLegend } from '../merge/lights.js';
import { countSelections, selectWeeks } from '../merge/status-summary.js';
import { formatExcluded, formatLightCounts, formatMatrix, formatReminders, formatWeeksMatrix, formatYearCounts } from '../merge/terminal.js';
import {
  currentTime,
  dateInZone,
  formatZoned,
  isoWeekOf,
  parseMonthArg,
  parseWeekArg,
  parseYearArg,
  weeksOfMonth,
  weekLabel,
  weeksOfYear,
} from '../time/index.js';
import { DEFAULT_INBOX } from '../inbox/scan.js';
import { sourceFromTable, type SourceTable } from '../monthly/sources.js';
import { yearStatistics } from '../monthly/statistics.js';
import { ledgerFromSubmissions } from '../problems/from-inbox.js';
import { problemLookBackStart } from '../monthly/problem-line.js';

/** Weeks before 1 January read for the year's 问题台账 (status --year). */
const YEAR_LOOK_BACK_WEEKS = 8;
import { printErr, printOut } from '../output/terminal.js';

interface StatusOptions {
  week?: string | boolean;
  month?: string | boolean;
  year?: string | boolean;
  inbox?: string;
  json?: boolean;
  config?: string;
}

export function register(program: Command, setExitCode: (code: number) => void): Command {
  return program
    .command('status')
    .description('报送情况：某周、某月或全年各组各类报表的报送情况（不写文件）')
    .option('--week [周]', '某一周：2022-W09 或这一周中的某天；不写则为本周')
    .option('--month [月]', '某个月：2022-03；不写则为本月')
    .option('--year [年]', '某一年：2022；不写则为今年')
    .option('--inbox <目录>', `收件目录（默认 ./${DEFAULT_INBOX}）`)
    .option('--json', '只输出 JSON 结果（供程序使用）')
    .option('--config <配置文件>', '使用指定的配置文件（默认：当前目录的 xmb.config.json，没有则用内置名单）')
    .action(async (options: StatusOptions) => {
      setExitCode(await runStatus(options));
    });
}

export async function runStatus(options: StatusOptions): Promise<number> {
  const { config } = await loadConfig(options.config);
  const chosen = [options.week, options.month, options.year].filter((o) => o !== undefined).length;
  if (chosen > 1) throw new UserError('--week、--month、--year 只能选一个');
  const now = currentTime();
  const inbox = options.inbox ?? DEFAULT_INBOX;
  const kinds = weeklyKinds(config);
  const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  const write = (text: string) => printOut(`${text}\n`);

  if (options.month !== undefined) {
    const month = parseMonthArg(options.month, now, config.timeZone);
    const monthWeeks = weeksOfMonth(month, config);
    // Files the ledger places in other weeks are not read (as merge does).
    const { submissions, scan } = await loadInbox(inbox, config, { allowEmpty: true, weeks: monthWeeks });
    sayNotes(scan, options.json);
    const selections = selectWeeks(submissions, monthWeeks, kinds, config);
    if (options.json) {
      write(
        JSON.stringify(
          {
            version: 1,
            month,
            weeks: selections.map((s) => ({
              week: s.week,
              deadline: formatZoned(s.deadline, config.timeZone),
              submissions: submissionEntries(s, config.timeZone),
            })),
          },
          null,
          2,
        ),
      );
    } else {
      const [y, m] = month.split('-');
      write(formatWeeksMatrix(selections, kinds, config, { color, now }, `${y}年${Number(m)}月各周报送情况（按各周截止日所在月份）`));
    }
    return 0;
  }

  if (options.year !== undefined) {
    const year = parseYearArg(options.year, now, config.timeZone);
    const current = isoWeekOf(now, config.timeZone);
    const all = weeksOfYear(year, config);
    // Files the ledger places in other years' weeks and dates are not read — but for the weeks before the
    // year that the 问题台账 needs to know a problem carried into January (one solved by no longer being
    // listed in the first week is solved only if it was listed before).
    const dates = { start: problemLookBackStart({ start: `${year}-01-01` }, YEAR_LOOK_BACK_WEEKS), end: `${year}-12-31` };
    const { submissions, scan } = await loadInbox(inbox, config, { allowEmpty: true, weeks: all, dates });
    sayNotes(scan, options.json);
    // From the first week anything was reported (the work starts with the notice, not on 1 January) to this week.
    const reported = new Set(submissions.map((s) => s.week));
    const first = all.find((w) => reported.has(w)) ?? all[0];
    const weeks = all.filter((w) => w <= current && first !== undefined && w >= first);
    const counts = countSelections(selectWeeks(submissions, weeks, kinds, config), kinds, config);
    // Projects served and 月报素材 items: the monthly report's statistics.
    const sources = submissions.map((sub) => sourceFromTable(sub, config.timeZone)).filter((x): x is SourceTable => x !== null);
    const statistics = yearStatistics(sources, config, year);
    // Problems listed and solved: the year's 问题台账 (tracked from before the year where tables are), not the cells.
    const ledger = weeks.length > 0 ? ledgerFromSubmissions(submissions, config, { from: weeks[0]!, to: weeks[weeks.length - 1]! }).ledger : null;
    const groups = counts.map((g) => {
      const st = statistics.groups.find((x) => x.group === g.group);
      return {
        ...g,
        projectsServed: st?.projectsServed ?? 0,
        problemsReported: ledger?.rows.filter((r) => r.groupsInPeriod.includes(g.group)).length ?? 0,
        problemsSolved: ledger?.rows.filter((r) => r.solvedGroupsInPeriod.includes(g.group)).length ?? 0,
        monthlyItems: st?.submissions.monthly ?? 0,
      };
    });
    if (options.json) write(JSON.stringify({ version: 1, year, weeks, kinds, groups }, null, 2));
    else write(formatYearCounts(groups, kinds, weeks.length, { color }, `${year}年各组报送情况（${weeks.length} 周${weeks.length ? `：${weekLabel(weeks[0]!)} 至 ${weekLabel(weeks[weeks.length - 1]!)}` : ''}）`));
    return 0;
  }

  const week = parseWeekArg(options.week, now, config.timeZone);
  const { submissions, scan } = await loadInbox(inbox, config, { allowEmpty: true, weeks: mergeWeeks(week, config) });
  sayNotes(scan, options.json);
  const plan = planMerge(submissions, week, config, dateInZone(now, config.timeZone));
  const selection = plan.selection;
  const lights = lightCountsByGroup(uniqueKindLights(plan), config);
  if (options.json) {
    write(
      JSON.stringify(
        {
          version: 1,
          week,
          deadline: formatZoned(selection.deadline, config.timeZone),
          submissions: submissionEntries(selection, config.timeZone),
          lights: { groups: lights.groups, total: lights.total },
        },
        null,
        2,
      ),
    );
    return 0;
  }
  const parts = [formatMatrix(selection, config, { color, now })];
  const excluded = formatExcluded(selection, config, { color });
  if (excluded) parts.push('', excluded);
  parts.push('', formatReminders(reminders(selection, config), selection, { color }));
  parts.push('', formatLightCounts(lights.groups, lights.total, `${weekLabel(week)}序时进度亮灯（进度滞后、省市领导联系项目，按项目计）`, lightsLegend(config.lights), { color }));
  write(parts.join('\n'));
  return 0;
}

/** The inbox's own problems (bad ledger lines, files not there, files skipped), before the tables; on stderr with --json. */
function sayNotes(scan: InboxScan, json: boolean | undefined): void {
  const notes = inboxNotes(scan);
  if (notes.length === 0) return;
  if (json) for (const line of notes) printErr(`${line}\n`);
  else printOut(`${notes.map((n) => `! ${n}`).join('\n')}\n\n`);
}
