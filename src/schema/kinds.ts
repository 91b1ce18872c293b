/**
 * Each kind of report as data: its template (附件2–4 of the notice, and our 白名单 and 月报素材),
 * its columns in the template's order, their label aliases, types, whether required, and the
 * dropdown lists. This is the one place that says what a district table looks like: the reader,
 * the rules, the template writer and the merge all read it from here.
 */
import type { KIND_IDS } from '../config/constants.js';

export type KindId = (typeof KIND_IDS)[number];

/** How a column's cells are read and checked. */
export type FieldType =
  | 'serial' // 序号: 1, 2, 3 …
  | 'text' // free text
  | 'amount' // an amount in 万元
  | 'period' // 起止年限 (年月-年月)
  | 'district' // a district of the roster, after aliases
  | 'list' // one of `list`
  | 'date'; // a calendar date

export type FieldId =
  | 'serial'
  | 'leader'
  | 'name'
  | 'overview'
  | 'period'
  | 'total'
  | 'plan'
  | 'completed'
  | 'progress'
  | 'problems'
  | 'coordination'
  | 'district'
  | 'status'
  | 'remark'
  | 'column'
  | 'title'
  | 'content'
  | 'date'
  | 'projects';

export interface FieldSpec {
  id: FieldId;
  /** The label exactly as the template prints it (line breaks allowed). */
  label: string;
  /** Other labels people write for it; compared after normalisation (see table/labels.ts). */
  aliases: string[];
  type: FieldType;
  required: boolean;
  /** The allowed values of a `list` column (a dropdown in the template). */
  list?: readonly string[];
  /** Column width in the template, in Excel character units. */
  width: number;
}

export interface KindSpec {
  id: KindId;
  /** Where the template comes from: 附件2 … or 自拟 (ours). */
  annex: string;
  /** The table's title; {year} is replaced with the config's year. */
  title: string;
  /** Short Chinese name for messages and file names. */
  shortName: string;
  fields: FieldSpec[];
  /** Paper for the template and merged workbook. */
  paper: 'A3' | 'A4';
}

export const WHITELIST_STATUSES = ['已落实', '部分落实', '未落实'] as const;
export const MONTHLY_COLUMNS = ['领导动态', '重大活动', '督导服务', '县区风采', '项目动态'] as const;

const serial: FieldSpec = { id: 'serial', label: '序号', aliases: ['编号'], type: 'serial', required: false, width: 6 };
const name: FieldSpec = { id: 'name', label: '项目名称', aliases: ['项目'], type: 'text', required: true, width: 22 };
const overview: FieldSpec = {
  id: 'overview',
  label: '项目概况',
  aliases: ['建设内容', '建设规模及内容', '项目简介'],
  type: 'text',
  required: false,
  width: 30,
};
const period: FieldSpec = {
  id: 'period',
  label: '起止年限\n(年月-年月)',
  aliases: ['起止年限', '建设起止年限', '起止年月', '建设年限'],
  type: 'period',
  required: true,
  width: 16,
};
const total = (label: string): FieldSpec => ({
  id: 'total',
  label,
  aliases: ['总投资(万元)', '总投资额(万元)', '总投资', '总投资额', '计划总投资'],
  type: 'amount',
  required: true,
  width: 12,
});
const plan = (label: string): FieldSpec => ({
  id: 'plan',
  label,
  aliases: ['年度计划投资(万元)', '本年计划投资(万元)', '年度计划投资', '本年计划投资', '年度计划', '本年计划'],
  type: 'amount',
  required: false,
  width: 12,
});
const completed: FieldSpec = {
  id: 'completed',
  label: '截至完成投资\n(万元)',
  aliases: ['截至完成投资', '截止完成投资', '累计完成投资', '截至目前完成投资', '已完成投资'],
  type: 'amount',
  required: false,
  width: 12,
};
const progress: FieldSpec = {
  id: 'progress',
  label: '进展情况',
  aliases: ['项目进展情况', '进展', '目前进展'],
  type: 'text',
  required: true,
  width: 30,
};
const problems = (required: boolean): FieldSpec => ({
  id: 'problems',
  label: '存在问题及\n涉及单位',
  aliases: ['存在问题及涉及单位', '存在问题', '存在的问题', '问题及涉及单位'],
  type: 'text',
  required,
  width: 26,
});
const coordination: FieldSpec = {
  id: 'coordination',
  label: '协调解\n决情况',
  aliases: ['协调解决情况', '协调情况', '解决情况'],
  type: 'text',
  required: false,
  width: 24,
};
const district = (label: string): FieldSpec => ({
  id: 'district',
  label,
  aliases: ['所在区(县)', '所在区县', '所在区县(市)', '项目所在地', '所在地', '区县', '区县(市)', '所属区县'],
  type: 'district',
  required: true,
  width: 12,
});

export const KINDS: Record<KindId, KindSpec> = {
  lagging: {
    id: 'lagging',
    annex: '附件2',
    title: '进度滞后的省市重点项目进展情况统计表',
    shortName: '进度滞后',
    paper: 'A3',
    fields: [
      serial,
      name,
      overview,
      period,
      total('总投资\n(万元)'),
      plan('年度计划投资\n(万元)'),
      completed,
      progress,
      problems(true),
      coordination,
      district('所在区\n(县)'),
    ],
  },
  provincial: {
    id: 'provincial',
    annex: '附件3',
    title: '{year}年省领导联系重点项目进展情况统计表',
    shortName: '省领导联系',
    paper: 'A3',
    fields: [
      serial,
      { id: 'leader', label: '省分管领导', aliases: ['省领导', '联系省领导', '省级分管领导'], type: 'text', required: true, width: 10 },
      name,
      overview,
      progress,
      problems(false),
      plan('本年计划投资\n(万元)'),
      completed,
      total('总投资额\n(万元)'),
      period,
      district('项目所在地'),
    ],
  },
  municipal: {
    id: 'municipal',
    annex: '附件4',
    title: '{year}年市领导联系重点项目进展情况统计表',
    shortName: '市领导联系',
    paper: 'A3',
    fields: [
      serial,
      { id: 'leader', label: '市分管领导', aliases: ['市领导', '联系市领导', '市级分管领导'], type: 'text', required: true, width: 10 },
      name,
      overview,
      progress,
      problems(false),
      plan('本年计划投资\n(万元)'),
      completed,
      total('总投资额\n(万元)'),
      period,
      district('项目所在地'),
    ],
  },
  whitelist: {
    id: 'whitelist',
    annex: '自拟',
    title: '省重点项目建设“白名单”落实情况统计表',
    shortName: '白名单',
    paper: 'A4',
    fields: [
      serial,
      name,
      overview,
      district('所在区\n(县)'),
      {
        id: 'status',
        label: '落实情况',
        aliases: ['白名单落实情况', '落实状态'],
        type: 'list',
        list: WHITELIST_STATUSES,
        required: true,
        width: 12,
      },
      problems(false),
      coordination,
      { id: 'remark', label: '备注', aliases: [], type: 'text', required: false, width: 14 },
    ],
  },
  monthly: {
    id: 'monthly',
    annex: '自拟',
    title: '月度工作情况（月报素材）',
    shortName: '月报素材',
    paper: 'A4',
    fields: [
      serial,
      { id: 'column', label: '栏目', aliases: ['月报栏目', '类别'], type: 'list', list: MONTHLY_COLUMNS, required: true, width: 12 },
      { id: 'title', label: '标题', aliases: ['信息标题', '题目'], type: 'text', required: true, width: 24 },
      { id: 'content', label: '内容', aliases: ['信息内容', '主要内容', '具体内容'], type: 'text', required: true, width: 50 },
      { id: 'date', label: '日期', aliases: ['时间', '发生日期', '日期(年月日)'], type: 'date', required: false, width: 12 },
      { id: 'projects', label: '涉及项目', aliases: ['相关项目', '涉及项目名称'], type: 'text', required: false, width: 20 },
    ],
  },
};

export const KIND_ORDER: KindId[] = ['lagging', 'provincial', 'municipal', 'whitelist', 'monthly'];

export function kindTitle(kind: KindId, year: number): string {
  return KINDS[kind].title.replace('{year}', String(year));
}
