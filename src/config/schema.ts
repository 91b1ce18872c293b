/**
 * The configuration file (xmb.config.json) as a zod schema. Every user-facing error names the key
 * in Chinese-readable dotted form (e.g. groups.3.district).
 */
import { z } from 'zod';
import { ELEMENTS } from '../problems/keywords.js';
import { DEFAULT_COLOPHON, DEFAULT_LIGHTS, KIND_IDS } from './constants.js';

// The plain values live in constants.ts so that a run without a config file never loads zod.
export { DEFAULT_COLOPHON, DEFAULT_LIGHTS, KIND_IDS };

/** An IANA time zone the runtime knows (Asia/Shanghai). */
function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return name.length > 0;
  } catch {
    return false;
  }
}

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

/**
 * 序时进度 lights (merge/lights.ts). Optional: a config file written before the lights existed gets
 * the defaults (绿 within 10 points of 序时进度, 红 beyond 30, 数据存疑 after 3 weeks unchanged, 序时 =
 * share of the year elapsed).
 */
export const lightsSchema = z
  .object({
    greenWithin: z.number().min(0).max(100),
    redBeyond: z.number().min(0).max(100),
    stuckWeeks: z.number().int().min(2).max(52),
    quarterTargets: z.tuple([z.number().min(0).max(100), z.number().min(0).max(100), z.number().min(0).max(100), z.number().min(0).max(100)]).nullable(),
  })
  .strict()
  .refine((l) => l.redBeyond > l.greenWithin, { message: '红灯界限（redBeyond）应大于绿灯界限（greenWithin），例如 10 和 30', path: ['redBeyond'] })
  .refine((l) => !l.quarterTargets || l.quarterTargets.every((t, i, all) => i === 0 || t >= all[i - 1]!), {
    message: '四个季度目标应逐季不减（累计完成年度计划的百分比），例如 [20, 45, 75, 100]',
    path: ['quarterTargets'],
  });

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
    lights: lightsSchema.default({ ...DEFAULT_LIGHTS }),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type Group = Config['groups'][number];
export type Recipient = Config['recipients'][number];
