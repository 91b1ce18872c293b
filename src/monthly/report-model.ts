/**
 * The monthly report (月报) as plain data: masthead, period, the five sections of 附件5 in their
 * order, and in 三、督导服务 the statistics of all groups with the groups that missed
 * 每组每月报送各类信息均不少于1条 named (notice 四(三)–(四)). Every sentence a reader sees is made
 * here, so it is tested without a document; the docx writer only lays it out.
 */
import type { Config } from '../config/schema.js';
import { KIND_ORDER, MONTHLY_COLUMNS, type KindId } from '../schema/kinds.js';
import { collectItems, type MonthlyColumn, type MonthlyItem } from './items.js';
import {
  chineseDate,
  chineseMonthDay,
  issueNumber,
  monthPeriod,
  periodText,
  type MonthId,
  type MonthPeriod,
} from './period.js';
import { normaliseKey, type SourceTable } from './sources.js';
import { chineseNumber, groupName } from '../config/group-name.js';
import { computeStatistics, WEEKLY_KINDS, type Statistics } from './statistics.js';
import { problemLineText, type ProblemLineFigures } from './problem-line.js';
import { persistentRedText, PERSISTENT_RED_WEEKS, type MonthLights } from '../merge/month-lights.js';
import { weekLabel } from '../time/index.js';

export const REPORT_TITLE = '重点项目建设协调服务工作月报';
export const EMPTY_SECTION = '本月无。';

/** The short names of the kinds in the statistics table and sentences. */
export const KIND_LABELS: Record<KindId, string> = {
  lagging: '进度滞后',
  provincial: '省领导联系',
  municipal: '市领导联系',
  whitelist: '白名单',
  monthly: '月报素材',
};

export interface ReportItem {
  /** "（一）". */
  number: string;
  title: string;
  /** The body paragraph: the content, then the group(s) and date in parentheses. */
  body: string;
  /** "（第三组 高新区）" or "（第三组 高新区、第五组 巩义市）". */
  groupsText: string;
  item: MonthlyItem;
}

export interface MissedGroup {
  group: number;
  groupName: string;
  district: string;
  missingKinds: KindId[];
  /** "第五组（巩义市，缺报白名单、月报素材）". */
  text: string;
}

export interface SupervisionBlock {
  /** "（一）各组督导服务情况". */
  heading: string;
  /** The sentence that sums the table up. */
  summary: string;
  /**
   * The 问题台账's line of the month (problem-line.ts): 新增、解决、4周以上未解决 and the 要素 with the most
   * open problems; null when the report is built without the ledger.
   */
  problemsText: string | null;
  /** "各组督导服务情况统计表" (the period is printed under the masthead). */
  tableCaption: string;
  statistics: Statistics;
  /** The two problem columns of the table: what they count, their heads and figures. */
  problemColumns: ProblemColumns;
  /** Below the table: how the columns are counted. */
  note: string;
  missed: MissedGroup[];
  /** The paragraph naming the groups that missed the requirement, or saying all met it. */
  missedText: string;
  /** The 序时进度 lights per district (when the command computed them). */
  lights?: LightsBlock;
}

/**
 * The problem columns of the 督导服务 table. With the 问题台账 (source 'ledger', what `xmb monthly`
 * prints): 反映问题 and 解决问题 counted on the ledger, the numbers of the 问题跟踪 line and of
 * `status --year`. Without it (a report model built from tables only): 反映问题 and 协调解决 counted on
 * the cells (statistics.ts).
 */
export interface ProblemColumns {
  source: 'ledger' | 'cells';
  /** The two column heads, each as its lines: [['反映', '问题'], ['解决', '问题']]. */
  heads: [string[], string[]];
  /** Per group number: [reported, solved or coordinated]. */
  groups: Map<number, [number, number]>;
  /** City-wide, each problem once. */
  total: [number, number];
  /** The sums of the groups' own counts. */
  byGroups: [number, number];
}

function problemColumns(statistics: Statistics, problems: ProblemLineFigures | null | undefined): ProblemColumns {
  const counts = problems?.counts;
  if (!counts) {
    const t = statistics.totals;
    return {
      source: 'cells',
      heads: [['反映', '问题'], ['协调', '解决']],
      groups: new Map(statistics.groups.map((g) => [g.group, [g.problemsReported, g.problemsCoordinated]])),
      total: [t.problemsReported, t.problemsCoordinated],
      byGroups: [t.byGroups.problemsReported, t.byGroups.problemsCoordinated],
    };
  }
  const groups = new Map<number, [number, number]>();
  const byGroups: [number, number] = [0, 0];
  for (const g of statistics.groups) {
    const c = counts.groups.get(g.group);
    groups.set(g.group, [c?.reported ?? 0, c?.solved ?? 0]);
    byGroups[0] += c?.reported ?? 0;
    byGroups[1] += c?.solved ?? 0;
  }
  return { source: 'ledger', heads: [['反映', '问题'], ['解决', '问题']], groups, total: [counts.reported, counts.solved], byGroups };
}

/** 三、督导服务: per district the lights of its latest report and the projects 红 for two weeks or more. */
export interface LightsBlock {
  /** The sentence before the table. */
  summary: string;
  tableCaption: string;
  lights: MonthLights;
  /** Per group, the persistent red projects as printed: “某项目（红灯3期，进度滞后）”. */
  redTexts: Map<number, string[]>;
  /** Below the table: how the lights are decided. */
  note: string;
}

export interface ReportSection {
  column: MonthlyColumn;
  /** "一、领导动态". */
  heading: string;
  items: ReportItem[];
  /** Only in 三、督导服务. */
  supervision?: SupervisionBlock;
  /** EMPTY_SECTION when the section has nothing else to show. */
  empty: string | null;
}

/** One line of the 版记 (GB/T 9704-2012 7.4.2): “报：…。”. */
export interface ColophonLine {
  /** "报", "送", "发", "抄送". */
  label: string;
  /** The recipients, ending with 。. */
  to: string;
}

/** The 版记 of the last page (GB/T 9704-2012 7.4). */
export interface Colophon {
  lines: ColophonLine[];
  /** 印发机关. */
  issuer: string;
  /** "2022年3月20日印发" (months and days without a leading zero). */
  issuedText: string;
}

/** A group of the roster with nothing counted in the period. */
export interface SilentGroup {
  group: number;
  /** "第五组". */
  groupName: string;
  district: string;
  /** Tables of the group dated in the period that have errors (so were not counted). */
  invalidTables: number;
}

export interface MonthlyReport {
  title: string;
  centre: string;
  month: MonthId;
  issue: number;
  /** "2022年第1期": the issue with its year, as in the file name. */
  issueText: string;
  /** 总期号 (config monthly.totalIssueStart, counted by month), or null when not configured. */
  totalIssue: number | null;
  /** "（总第25期）", or '' without a 总期号. */
  totalIssueText: string;
  /** The mark at the top left of the masthead (config monthly.mark, e.g. 内部资料), or ''. */
  mark: string;
  /** "YYYY-MM-DD": the date of issue (default: the last day of the period). */
  issueDate: string;
  /** "2022年3月20日". */
  issueDateText: string;
  period: MonthPeriod;
  /** "统计时段：2022年2月21日至2022年3月20日". */
  periodLine: string;
  sections: ReportSection[];
  colophon: Colophon;
  /** Groups with no table and no item counted in the period (roster order). */
  silentGroups: SilentGroup[];
  /** What was counted: valid weekly tables (as weeks per kind, summed) and 月报素材 items. */
  counted: { weeklySubmissions: number; items: number; invalidTables: number };
  /** The file name, "2022年第1期重点项目建设协调服务工作月报.docx". */
  fileName: string;
}

export interface BuildOptions {
  month: MonthId;
  /** --issue; else counted from config.monthly.firstIssueMonth. */
  issue?: number;
  /** The date of issue, "YYYY-MM-DD"; default the last day of the period. */
  issueDate?: string;
  /** The 问题台账 figures of the month's weeks (null: no week of the period has begun); undefined: no problem line. */
  problems?: ProblemLineFigures | null;
  /** The month's 序时进度 lights (merge/month-lights.ts), shown in 督导服务. */
  lights?: MonthLights;
}

function lightsBlock(lights: MonthLights, config: Config): LightsBlock {
  const t = lights.total;
  const redTexts = new Map(lights.groups.map((g) => [g.group, g.persistentRed.map(persistentRedText)]));
  const persistent = lights.groups.reduce((n, g) => n + g.persistentRed.length, 0);
  const span = lights.weeks.length ? `${weekLabel(lights.weeks[0]!)}至${weekLabel(lights.weeks[lights.weeks.length - 1]!).replace(/^\d+年/, '')}` : '本月';
  const summary =
    lights.weeks.length === 0
      ? '本月没有周报表，未统计序时进度亮灯情况。'
      : `按各组本月最后一次报送的进度滞后、省市领导联系项目统计，红灯${t.red}个、黄灯${t.yellow}个、绿灯${t.green}个、数据存疑${t.doubt}个；` +
        `${span}中${PERSISTENT_RED_WEEKS}期以上亮红灯的项目${persistent}个${persistent ? '，列在表中' : ''}。`;
  const l = config.lights;
  const note =
    `注：完成率为截至完成投资占年度（本年）计划投资的比例，序时进度为填表日期已过全年的比例${l.quarterTargets ? '（按配置的季度目标推进）' : ''}；` +
    `完成率低于序时进度不超过${l.greenWithin}个百分点为绿灯，${l.greenWithin}至${l.redBeyond}个百分点为黄灯，超过${l.redBeyond}个百分点为红灯；` +
    `截至完成投资比上次减少、超过计划投资或连续${l.stuckWeeks}周以上未变化的为数据存疑，不亮灯。同一项目在一个组只计一次。`;
  return { summary, tableCaption: '各区县重点项目序时进度亮灯情况表', lights, redTexts, note };
}

export function reportFileName(year: number, issue: number): string {
  return `${year}年第${issue}期${REPORT_TITLE}.docx`;
}

/**
 * A group written the way the notice writes it (附件1: 第三组): “第3组”, “第03组”, “第３组” in a
 * district's text become “第三组” when the number is a group of the roster; other numbers stay.
 */
export function groupsAsNotice(text: string, config: Pick<Config, 'groups'>): string {
  const roster = new Set(config.groups.map((g) => g.number));
  return text.replace(/第\s*([0-9０-９]{1,2})\s*组/g, (whole, digits: string) => {
    const n = Number(digits.normalize('NFKC'));
    return roster.has(n) ? groupName(n) : whole;
  });
}

function groupsText(item: MonthlyItem): string {
  return `（${item.groups.map((g) => `${groupName(g.number)} ${g.district}`).join('、')}）`;
}

/** Ends a sentence with 。 unless it already ends with punctuation. */
function sentence(text: string): string {
  const t = text.trim();
  return /[。！？；…”」）)!?.]$/.test(t) ? t : `${t}。`;
}

/** Whether every project named in 涉及项目 is already in the content (then it is not repeated). */
function mentioned(projects: string, content: string): boolean {
  const names = projects.split(/[、，,；;\n]+/).map((p) => normaliseKey(p).replace(/[。.]$/, '')).filter(Boolean);
  const text = normaliseKey(content);
  return names.length > 0 && names.every((n) => text.includes(n));
}

function reportItem(item: MonthlyItem, index: number, config: Pick<Config, 'groups'>): ReportItem {
  const groups = groupsText(item);
  const when = chineseMonthDay(item.date);
  const content = groupsAsNotice(item.content, config);
  const projects = item.projects && !mentioned(item.projects, item.content) ? `涉及项目：${sentence(item.projects)}` : '';
  const body = `${sentence(content || groupsAsNotice(item.title, config))}${projects}（${groups.slice(1, -1)}，${when}）`;
  const title = groupsAsNotice(item.title || item.content, config);
  return { number: `（${chineseNumber(index + 1)}）`, title, body, groupsText: groups, item };
}

function supervision(statistics: Statistics, problems: ProblemLineFigures | null | undefined): SupervisionBlock {
  const t = statistics.totals;
  const total = statistics.groups.length;
  const weekly = (['lagging', 'provincial', 'municipal', 'whitelist'] as const)
    .map((k) => `${KIND_LABELS[k]}${t.submissions[k]}周次`)
    .join('、');
  const shared = statistics.sharedProjects.length;
  const sharedText = shared ? `（其中${shared}个项目由2个以上工作组共同服务，只计1次）` : '';
  const columns = problemColumns(statistics, problems);
  const problemText =
    columns.source === 'ledger'
      ? `反映问题${columns.total[0]}个，解决问题${columns.total[1]}个`
      : `反映存在问题${columns.total[0]}个，其中已有协调解决情况的${columns.total[1]}个`;
  const summary =
    `本月${total}个工作组共服务项目${t.projectsServed}个${sharedText}，${problemText}；` +
    `报送周报表${weekly}，报送月报素材${t.submissions.monthly}条。` +
    `${t.compliantGroups}个组达到“每组每月报送各类信息均不少于1条”的要求。`;
  const missed: MissedGroup[] = statistics.groups
    .filter((g) => !g.compliant)
    .map((g) => ({
      group: g.group,
      groupName: g.groupName,
      district: g.district,
      missingKinds: g.missingKinds,
      text: `${g.groupName}（${g.district}，缺报${g.missingKinds.map((k) => KIND_LABELS[k]).join('、')}）`,
    }));
  const missedText =
    missed.length === 0
      ? `本月各组均达到“每组每月报送各类信息均不少于1条”的要求。`
      : `未达到“每组每月报送各类信息均不少于1条”要求的有${missed.length}个组：${missed.map((m) => m.text).join('；')}。请上述各组按照通知要求及时报送。`;
  const required = statistics.requiredKinds.map((k) => KIND_LABELS[k]).join('、');
  const problemNote =
    columns.source === 'ledger'
      ? `反映问题、解决问题按问题台账（与 xmb problems 同一算法）计，与上文“问题跟踪”一致：反映问题为截止日在统计时段内各周列出的问题，` +
        `同一问题连续几周都报、措辞有改动也只计1次；解决问题为这几周内解决的问题（协调解决情况写明已解决，或项目仍在报送而问题不再列出），` +
        `计入解决那一周报送该项目的组。`
      : `反映问题数为填写了“存在问题及涉及单位”的不重复问题个数；协调解决数为其中填写了“协调解决情况”的个数。`;
  const solvedWord = columns.source === 'ledger' ? '解决问题' : '协调解决';
  const note =
    `注：服务项目数为各组周报表中不重复的项目个数；${problemNote}各组的这三项按本组计，“全市”一行按全市计，` +
    `同一项目由几个组报送只计1次，因此可小于各组之和（各组之和：服务项目${t.byGroups.projectsServed}个，` +
    `反映问题${columns.byGroups[0]}个，${solvedWord}${columns.byGroups[1]}个）。` +
    `周报表按报送的周数计，月报素材按条计，“全市”一行为各组之和；有错误未通过校验的表格不计入。达标指${required}均不少于1条。`;
  return {
    heading: '（一）各组督导服务情况',
    summary,
    problemsText: problems === undefined ? null : problemLineText(problems),
    tableCaption: '各组督导服务情况统计表',
    statistics,
    problemColumns: columns,
    note,
    missed,
    missedText,
  };
}

const SECTION_NUMBERS = ['一', '二', '三', '四', '五'];

/** Ends a list of recipients with 。 (GB/T 9704-2012 7.4.2: 最后一个机关名称后标句号). */
function fullStop(text: string): string {
  const t = text.trim().replace(/[，,、；;：:]+$/, '');
  return /[。.]$/.test(t) ? t.replace(/\.$/, '。') : `${t}。`;
}

/**
 * 总期号 of a month: config.monthly.totalIssueStart is that of firstIssueMonth, and it goes up by one
 * each month without starting again in January. null when not configured or below 1.
 */
export function totalIssueNumber(month: MonthId, config: Pick<Config, 'monthly'>): number | null {
  const start = config.monthly.totalIssueStart;
  if (start === null) return null;
  const months = (id: MonthId) => Number(id.slice(0, 4)) * 12 + Number(id.slice(5, 7));
  const n = start + months(month) - months(config.monthly.firstIssueMonth);
  return n >= 1 ? n : null;
}

export function buildMonthlyReport(sources: SourceTable[], config: Config, options: BuildOptions): MonthlyReport {
  const period = monthPeriod(options.month, config);
  const issue = options.issue ?? issueNumber(options.month, config);
  const issueDate = options.issueDate ?? period.end;
  const totalIssue = totalIssueNumber(options.month, config);
  const items = collectItems(sources, config, period);
  const statistics = computeStatistics(sources, config, period, { items });

  const sections: ReportSection[] = MONTHLY_COLUMNS.map((column, i) => {
    const own = items.filter((item) => item.column === column);
    const heading = `${SECTION_NUMBERS[i]}、${column}`;
    if (column === '督导服务') {
      // (一) is the statistics; the groups' own 督导服务 items follow as (二), (三) …
      const reportItems = own.map((item, j) => reportItem(item, j + 1, config));
      const block = supervision(statistics, options.problems);
      if (options.lights) block.lights = lightsBlock(options.lights, config);
      return { column, heading, items: reportItems, supervision: block, empty: null };
    }
    const reportItems = own.map((item, j) => reportItem(item, j, config));
    return { column, heading, items: reportItems, empty: reportItems.length ? null : EMPTY_SECTION };
  });

  const weeklySubmissions = WEEKLY_KINDS.reduce((n, k) => n + statistics.totals.submissions[k], 0);
  const silentGroups: SilentGroup[] = statistics.groups
    .filter((g) => KIND_ORDER.every((k) => g.submissions[k] === 0))
    .map((g) => ({ group: g.group, groupName: g.groupName, district: g.district, invalidTables: g.invalidTables }));
  const colophon: Colophon = {
    lines: config.monthly.colophon.lines.map((l) => ({ label: l.label.trim(), to: fullStop(l.to) })),
    issuer: config.monthly.colophon.issuer.trim() || config.centre,
    issuedText: `${chineseDate(issueDate)}印发`,
  };

  return {
    title: REPORT_TITLE,
    centre: config.centre,
    month: options.month,
    issue,
    issueText: `${period.year}年第${issue}期`,
    totalIssue,
    totalIssueText: totalIssue === null ? '' : `（总第${totalIssue}期）`,
    mark: config.monthly.mark.trim(),
    issueDate,
    issueDateText: chineseDate(issueDate),
    period,
    periodLine: `统计时段：${periodText(period)}`,
    sections,
    colophon,
    silentGroups,
    counted: {
      weeklySubmissions,
      items: items.length,
      invalidTables: statistics.groups.reduce((n, g) => n + g.invalidTables, 0),
    },
    fileName: reportFileName(period.year, issue),
  };
}
