/**
 * The configuration's plain values that code needs at run time: the kind ids, the default 版记 and
 * the default 序时进度 lights. They live apart from the zod schema (schema.ts) so that a run without
 * xmb.config.json — the usual case — never loads zod (issue 9: start-up and warm runs).
 */

export const KIND_IDS = ['lagging', 'provincial', 'municipal', 'whitelist', 'monthly'] as const;

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

/** The default 序时进度 lights (schema.ts, lightsSchema): 绿 within 10 points, 红 beyond 30, 数据存疑 after 3 weeks. */
export const DEFAULT_LIGHTS = { greenWithin: 10, redBeyond: 30, stuckWeeks: 3, quarterTargets: null } as const;
