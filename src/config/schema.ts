/**
 * The configuration file (xmb.config.json) as a zod schema. Every user-facing error names the key
 * in Chinese-readable dotted form (e.g. groups.3.district).
 */
import { z } from 'zod';
import { ELEMENTS } from '../problems/keywords.js';

export const KIND_IDS = ['lagging', 'provincial', 'municipal', 'whitelist', 'monthly'] as const;

/** An IANA time zone the runtime knows (Asia/Shanghai). */
function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return name.length > 0;
  } catch {
    return false;
  }
}

/**
 * The default 版记 of the monthly report, from the notice: it is reported to the leaders of the
 * 市重点项目协调服务工作小组 (二、组织领导), sent to the centre's offices that collect the tables
 * (四(三)), and issued to the working groups and to the notice's addressees (各开发区、区县（市）重点项目办).
 */
export const DEFAULT_COLOPHON = {
  lines: [
    { label: '报', to: '市重点项目协调服务工作小组组长、副组长' },
    { label: '送', to: '工程协调处，项目储备选报处，项目运行监测处，目标管理和信息处' },
    { label: '发', to: '各服务督导工作小组，各开发区、区县（市）重点项目办' },
  ],
  issuer: '',
} as const;

const yearMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '应为“年-月”，例如 2022-03');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '应为“时:分”，例如 12:00');
const words = z.array(z.string().trim().min(1));

/**
 * The problem ledger (xmb problems, src/problems/): every key may be left out (the built-in value of
 * src/problems/keywords.ts and settings.ts applies). `keywords` lists, per 要素, the words that put a
 * problem in it; a 要素 given here replaces that 要素's built-in list, the others keep theirs.
 */
export const problemsConfigSchema = z
  .object({
    /** A problem open this many weeks or more goes on the ledger's own sheet and into 月报's count. */
    longOpenWeeks: z.number().int().min(1).max(52),
    /** How alike two wordings must be (0–1, character pairs) to be one problem across weeks. */
    similarity: z.number().min(0.05).max(1),
    keywords: z.partialRecord(z.enum(ELEMENTS), words),
    /** Words of 协调解决情况 that say a problem is solved … */
    solvedWords: words,
    /** … unless one of these is there too (正在、预计 …). */
    pendingWords: words,
  })
  .partial()
  .strict();

export const configSchema = z
  .object({
    year: z.number().int().min(2000).max(2100),
    centre: z.string().min(1),
    city: z.string(),
    timeZone: z.string().refine(isTimeZone, '不是有效的时区名称，应如 Asia/Shanghai'),
    deadlines: z.object({
      weeklyWeekday: z.number().int().min(1).max(7),
      weeklyTime: hhmm,
      monthlyDay: z.number().int().min(1).max(28),
    }),
    monthly: z.object({
      periodStartDay: z.number().int().min(1).max(28),
      firstIssueMonth: yearMonth,
      /** 总期号 of the first issue (firstIssueMonth); null: no 总期号 in the masthead. */
      totalIssueStart: z.number().int().min(1).max(9999).nullable().default(null),
      /** A mark at the top left of the masthead, such as 内部资料; '' for none. */
      mark: z.string().max(20).default(''),
      /** The 版记 (GB/T 9704-2012 7.4): the 报/送/发 (or 抄送) lines and the 印发机关. */
      colophon: z
        .object({
          lines: z.array(z.object({ label: z.string().min(1).max(4), to: z.string().min(1) })).default(() => [...DEFAULT_COLOPHON.lines]),
          /** 印发机关; '' means the centre (config.centre). */
          issuer: z.string().default(''),
        })
        .default(() => ({ lines: [...DEFAULT_COLOPHON.lines], issuer: DEFAULT_COLOPHON.issuer })),
    }),
    leaders: z.object({
      head: z.object({ name: z.string().min(1), title: z.string() }),
      deputies: z.array(
        z.object({ name: z.string().min(1), title: z.string(), groups: z.array(z.number().int().min(1)) }),
      ),
    }),
    groups: z
      .array(
        z.object({
          number: z.number().int().min(1).max(99),
          district: z.string().min(1),
          members: z.array(z.string().min(1)).min(1),
        }),
      )
      .min(1),
    districtAliases: z.record(z.string(), z.string()),
    recipients: z
      .array(
        z.object({
          id: z.string().min(1),
          office: z.string().min(1),
          person: z.string().min(1),
          kinds: z.array(z.enum(KIND_IDS)).min(1),
          report: z.string().min(1),
        }),
      )
      .min(1),
    problems: problemsConfigSchema.optional(),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type Group = Config['groups'][number];
export type Recipient = Config['recipients'][number];
