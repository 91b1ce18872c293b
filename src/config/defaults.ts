/**
 * The embedded default configuration: the 2022 roster of 附件1 of the notice (郑重办〔2022〕XX号),
 * the recipients of 四(三), the deadlines and the district aliases. `xmb init` writes exactly this
 * object as xmb.config.json for a clerk to edit.
 */
import { DEFAULT_COLOPHON } from './constants.js';
import type { Config } from './schema.js';
import { DEFAULT_PENDING_WORDS, DEFAULT_SOLVED_WORDS, ELEMENTS, DEFAULT_KEYWORDS } from '../problems/keywords.js';
import { DEFAULT_LONG_OPEN_WEEKS, DEFAULT_SIMILARITY } from '../problems/settings.js';

export const DEFAULT_CONFIG: Config = {
  year: 2022,
  centre: '郑州市重点项目建设中心',
  city: '郑州市',
  timeZone: 'Asia/Shanghai',
  deadlines: {
    /** 每周五中午 12 时前 (ISO weekday: Monday 1 … Sunday 7). */
    weeklyWeekday: 5,
    weeklyTime: '12:00',
    /** 每月 20 日前. */
    monthlyDay: 20,
  },
  monthly: {
    /** The period of a month's report: from this day of the previous month to monthlyDay of the month. */
    periodStartDay: 21,
    /** The month of issue 1 (第1期); later issues are counted from it. */
    firstIssueMonth: '2022-03',
    /** 总期号 of issue 1, e.g. 25 prints （总第25期） after 2022年第1期; null prints none. */
    totalIssueStart: null,
    /** Printed at the top left of the masthead, e.g. 内部资料; '' prints nothing. */
    mark: '',
    /** 版记 of the last page: the 报/送/发 lines, and the 印发机关 ('' = centre). */
    colophon: { lines: DEFAULT_COLOPHON.lines.map((l) => ({ ...l })), issuer: DEFAULT_COLOPHON.issuer },
  },
  leaders: {
    head: { name: '范建华', title: '市重点项目建设中心主任' },
    deputies: [
      { name: '吕明体', title: '市重点项目建设中心二级调研员', groups: [1, 2, 3, 4, 5, 6] },
      { name: '温润海', title: '市重点项目建设中心副主任', groups: [7, 8, 9, 10, 11] },
      { name: '侯哲峰', title: '市重点项目建设中心副主任', groups: [12, 13, 14, 15, 16] },
    ],
  },
  groups: [
    { number: 1, district: '中原区', members: ['刘书玉', '周德富', '张凯'] },
    { number: 2, district: '二七区', members: ['牛永平', '肖磊', '李真'] },
    { number: 3, district: '高新区', members: ['田宗阳', '蔡怀伟', '郭原甫'] },
    { number: 4, district: '新密市', members: ['刘惠永', '张振兴', '任皓'] },
    { number: 5, district: '巩义市', members: ['方万瑞', '楚俊鹏', '卫艳利'] },
    { number: 6, district: '登封市', members: ['杨祥', '徐大利', '郑元博'] },
    { number: 7, district: '郑东新区', members: ['艾红军', '李学峰', '卢朋杰'] },
    { number: 8, district: '管城回族区', members: ['耿继南', '马兴明', '霍鹏飞'] },
    { number: 9, district: '惠济区', members: ['祝宏伟', '余耀', '郑华阳'] },
    { number: 10, district: '上街区', members: ['王连忠', '张伟', '何方'] },
    { number: 11, district: '荥阳市', members: ['郭筱军', '陈保福', '王丽红'] },
    { number: 12, district: '航空港区', members: ['李航', '邢顺海', '陈恺'] },
    { number: 13, district: '金水区', members: ['石明洋', '李静', '许伟伟'] },
    { number: 14, district: '经开区', members: ['孙新伟', '刘一丁', '李晓静'] },
    { number: 15, district: '新郑市', members: ['魏华伟', '王洪春', '韦晓彬'] },
    { number: 16, district: '中牟县', members: ['杨念峰', '刘四光', '宋祎航'] },
  ],
  /** Other spellings → the canonical district name. Matching also ignores whitespace and a leading 郑州市/郑州. */
  districtAliases: {
    管城区: '管城回族区',
    管城回族区: '管城回族区',
    郑州高新区: '高新区',
    高新技术产业开发区: '高新区',
    高新技术开发区: '高新区',
    郑州高新技术产业开发区: '高新区',
    郑州航空港经济综合实验区: '航空港区',
    航空港经济综合实验区: '航空港区',
    郑州航空港区: '航空港区',
    航空港: '航空港区',
    港区: '航空港区',
    经济技术开发区: '经开区',
    郑州经开区: '经开区',
    郑州经济技术开发区: '经开区',
    经济开发区: '经开区',
    郑东新区: '郑东新区',
    中牟: '中牟县',
    新郑: '新郑市',
    荥阳: '荥阳市',
    新密: '新密市',
    巩义: '巩义市',
    登封: '登封市',
  },
  lights: {
    /** 绿: 完成率 at most 10 points below 序时进度; 黄: 10–30 below; 红: more than 30 below. */
    greenWithin: 10,
    redBeyond: 30,
    /** 数据存疑 when 截至完成投资 has not changed for 3 weeks or more. */
    stuckWeeks: 3,
    /** null: 序时进度 = share of the year elapsed; or the cumulative % due by each quarter's end, e.g. [20, 45, 75, 100]. */
    quarterTargets: null,
  },
  recipients: [
    { id: 'lagging', office: '工程协调处', person: '肖磊', kinds: ['lagging'], report: '进度滞后项目' },
    { id: 'leaders', office: '工程协调处', person: '徐大利', kinds: ['provincial', 'municipal'], report: '省市领导联系项目' },
    { id: 'whitelist', office: '项目储备选报处', person: '石明洋', kinds: ['whitelist'], report: '白名单落实情况' },
    {
      id: 'monthly',
      office: '项目运行监测处、目标管理和信息处',
      person: '王甲海、魏华伟',
      kinds: ['monthly'],
      report: '月报素材',
    },
  ],
  /** The problem ledger (xmb problems): written out in full so that a clerk can edit the 要素 keywords. */
  problems: {
    longOpenWeeks: DEFAULT_LONG_OPEN_WEEKS,
    similarity: DEFAULT_SIMILARITY,
    keywords: Object.fromEntries(ELEMENTS.map((e) => [e, [...DEFAULT_KEYWORDS[e]]])),
    solvedWords: [...DEFAULT_SOLVED_WORDS],
    pendingWords: [...DEFAULT_PENDING_WORDS],
  },
};
