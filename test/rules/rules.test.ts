/**
 * Every table-level code of §4: a case that raises it at the right cell, row and field with the
 * right severity, and near-misses that must not raise it.
 */
import { describe, expect, it } from 'vitest';
import { checkTable, type Receipt, type RuleContext } from '../../src/rules/index.js';
import type { RuleCode, Severity } from '../../src/rules/finding.js';
import type { Table } from '../../src/table/model.js';
import { findingSchema } from '../../src/validate/result-schema.js';
import { blank, config, err, invalid, makeTable, num, numText, period, txt } from './builder.js';

/** §4's severities, written out independently of the rules. */
const SEVERITY: Partial<Record<RuleCode, Severity>> = {
  'header-missing-column': 'error',
  'header-extra-column': 'warning',
  'header-duplicate-column': 'error',
  'filldate-missing': 'warning',
  'filldate-invalid': 'error',
  // Not in §4's list: our addition (README).
  'filldate-stale': 'warning',
  'required-missing': 'error',
  'number-invalid': 'error',
  'number-negative': 'error',
  'number-as-text': 'warning',
  'plan-exceeds-total': 'error',
  'completed-exceeds-total': 'error',
  'completed-exceeds-plan': 'warning',
  'period-invalid': 'error',
  'period-reversed': 'error',
  'district-unknown': 'error',
  'district-mismatch': 'warning',
  'value-not-in-list': 'error',
  'duplicate-project': 'error',
  'serial-invalid': 'warning',
  'formula-error': 'error',
  'total-mismatch': 'warning',
  'group-unknown': 'warning',
  // Not in §4's list: our addition (README).
  'data-after-blank-row': 'warning',
  // Added by issue 7 (README).
  'formula-uncalculated': 'error',
  'hidden-cells': 'warning',
  'rows-unread': 'error',
  // Added by issues 7 and 8: what the writers cannot carry over (README).
  'text-invalid-character': 'warning',
  'text-too-long': 'warning',
};

interface Expected {
  cell: string | null;
  row: number | null;
  field: string | null;
  value?: string | number | boolean | null;
  /** Substrings of the message. */
  says?: string[];
}

interface Raise {
  name: string;
  code: RuleCode;
  table: Table;
  /** The findings of `code`, in order. */
  expect: Expected[];
  /** The table has no other finding at all (one problem, one finding). */
  only?: boolean;
  /** Another context than `ctx` (a receipt time). */
  context?: RuleContext;
}

interface NearMiss {
  name: string;
  code: RuleCode;
  table: Table;
  /** The table has no finding at all (else: none of `code`). */
  clean?: boolean;
  context?: RuleContext;
}

const ctx: RuleContext = { config };
/** Received at a Shanghai wall-clock time, from the ledger / by modification time / now. */
const receivedAt = (iso: string, from: Receipt['from'] = 'ledger'): RuleContext => ({ config, receipt: { at: new Date(iso), from } });
const fill = (iso: string) => ({ fillDate: { ref: 'B2', display: iso, iso } });

const raises: Raise[] = [
  // header
  {
    name: 'required column 项目名称 absent',
    code: 'header-missing-column',
    table: makeTable('lagging', [{}], { omit: ['name'] }),
    expect: [{ cell: null, row: null, field: '项目名称', says: ['缺少必填列“项目名称”', '附件2'] }],
    only: true,
  },
  {
    name: 'district column absent in 附件3',
    code: 'header-missing-column',
    table: makeTable('provincial', [{}], { omit: ['district', 'leader'] }),
    expect: [
      { cell: null, row: null, field: '省分管领导' },
      { cell: null, row: null, field: '项目所在地' },
    ],
    only: true,
  },
  {
    name: 'extra column 联系人',
    code: 'header-extra-column',
    table: makeTable('lagging', [{}], { extra: ['联系人'] }),
    expect: [{ cell: 'L3', row: 3, field: '联系人', value: '联系人', says: ['“联系人”', '删除'] }],
    only: true,
  },
  {
    name: '总投资 twice',
    code: 'header-duplicate-column',
    table: makeTable('lagging', [{}], { duplicate: ['total'] }),
    expect: [{ cell: 'L3', row: 3, field: '总投资(万元)', says: ['E列和L列'] }],
    only: true,
  },
  // 填表日期
  {
    name: 'no 填表日期 row',
    code: 'filldate-missing',
    table: makeTable('lagging', [{}], { fillDate: null }),
    expect: [{ cell: null, row: null, field: '填表日期', value: null, says: ['填表日期'] }],
    only: true,
  },
  {
    name: '填表日期： with nothing after it',
    code: 'filldate-missing',
    table: makeTable('lagging', [{}], { fillDate: { ref: 'B2', display: ' ', iso: null } }),
    expect: [{ cell: 'B2', row: 2, field: '填表日期' }],
    only: true,
  },
  {
    name: '填表日期 a formula saved without a result (=TODAY())',
    code: 'filldate-missing',
    table: makeTable('lagging', [{}], { fillDate: { ref: 'B2', display: '', iso: null, formula: 'TODAY()' } }),
    expect: [{ cell: 'B2', row: 2, field: '填表日期', value: '=TODAY()', says: ['填表日期是公式（=TODAY()）', '保存时没有计算结果', '直接填写日期'] }],
    only: true,
  },
  {
    name: '填表日期 that is not a date',
    code: 'filldate-invalid',
    table: makeTable('lagging', [{}], { fillDate: { ref: 'B2', display: '三月初', iso: null } }),
    expect: [{ cell: 'B2', row: 2, field: '填表日期', value: '三月初', says: ['“三月初”', '2022年3月4日'] }],
    only: true,
  },
  // a 填表日期 of an earlier week than the receipt's
  {
    name: 'last Friday’s table received on Monday',
    code: 'filldate-stale',
    table: makeTable('lagging', [{}], fill('2022-02-25')),
    context: receivedAt('2022-02-28T09:15:00+08:00'),
    expect: [{ cell: 'B2', row: 2, field: '填表日期', value: '2022-02-25', says: ['2022年第8周', '2022年第9周', '2022年2月28日', '补报', '不会替换'] }],
    only: true,
  },
  {
    name: 'Sunday 23:59 in Shanghai vs Monday 00:00 (a UTC clock would see the same week)',
    code: 'filldate-stale',
    table: makeTable('lagging', [{}], fill('2022-03-06')),
    context: receivedAt('2022-03-07T00:00:00+08:00'),
    expect: [{ cell: 'B2', row: 2, field: '填表日期', says: ['2022年第9周', '2022年第10周'] }],
    only: true,
  },
  {
    name: 'across the new year: 2021-12-31 (2021-W52) received 2022-01-04 (2022-W01)',
    code: 'filldate-stale',
    table: makeTable('provincial', [{}], fill('2021-12-31')),
    context: receivedAt('2022-01-04T10:00:00+08:00', 'mtime'),
    expect: [{ cell: 'B2', row: 2, field: '填表日期', says: ['2021年第52周', '2022年第1周', '按文件修改时间'] }],
    only: true,
  },
  {
    name: 'validate of a file outside an inbox: today',
    code: 'filldate-stale',
    table: makeTable('whitelist', [{}], fill('2022-02-18')),
    context: receivedAt('2022-03-02T10:00:00+08:00', 'now'),
    expect: [{ cell: 'B2', row: 2, field: '填表日期', says: ['2022年第7周', '今天（2022年3月2日）已是2022年第9周'] }],
    only: true,
  },
  // required cells
  {
    name: '存在问题 written as 无 in 附件2',
    code: 'required-missing',
    table: makeTable('lagging', [{}, { problems: blank('无') }]),
    expect: [{ cell: 'I5', row: 5, field: '存在问题及涉及单位', value: '无', says: ['第5行', '必填', '“无”'] }],
    only: true,
  },
  {
    name: 'district blank',
    code: 'required-missing',
    table: makeTable('lagging', [{ district: '' }]),
    expect: [{ cell: 'K4', row: 4, field: '所在区(县)', value: null }],
    only: true,
  },
  {
    name: 'monthly 标题 and 内容 blank',
    code: 'required-missing',
    table: makeTable('monthly', [{ title: '', content: blank('—') }]),
    expect: [
      { cell: 'C4', row: 4, field: '标题' },
      { cell: 'D4', row: 4, field: '内容', value: '—' },
    ],
    only: true,
  },
  {
    name: 'a required cell the reader left out of the row',
    code: 'required-missing',
    table: makeTable('whitelist', [{ status: undefined }, { status: '未落实' }]),
    expect: [{ cell: 'E4', row: 4, field: '落实情况', value: null }],
    only: true,
  },
  // amounts
  {
    name: '总投资 约5亿',
    code: 'number-invalid',
    table: makeTable('lagging', [{ total: invalid('约5亿') }]),
    expect: [
      { cell: 'E4', row: 4, field: '总投资(万元)', value: '约5亿', says: ['总投资应填数字（万元），“约5亿”无法识别，请只填数字，如 50000'] },
    ],
    only: true,
  },
  {
    name: '本年计划投资 待定 in 附件4',
    code: 'number-invalid',
    table: makeTable('municipal', [{ plan: invalid('待定') }]),
    expect: [{ cell: 'G4', row: 4, field: '本年计划投资(万元)', value: '待定' }],
    only: true,
  },
  {
    name: 'negative 截至完成投资',
    code: 'number-negative',
    table: makeTable('lagging', [{ completed: num(-500) }]),
    expect: [{ cell: 'G4', row: 4, field: '截至完成投资(万元)', value: -500, says: ['-500'] }],
    only: true,
  },
  {
    name: 'negative typed as text: negative only, not also as-text',
    code: 'number-negative',
    table: makeTable('lagging', [{ completed: numText('-500', -500) }]),
    expect: [{ cell: 'G4', row: 4, field: '截至完成投资(万元)', value: '-500' }],
    only: true,
  },
  {
    name: '总投资 "48,000" typed as text',
    code: 'number-as-text',
    table: makeTable('lagging', [{ total: numText('48,000', 48000) }]),
    expect: [{ cell: 'E4', row: 4, field: '总投资(万元)', value: '48,000', says: ['“48,000”', '48000'] }],
    only: true,
  },
  {
    name: '总投资 "4.8亿" read as 48000',
    code: 'number-as-text',
    table: makeTable('provincial', [{ total: numText('4.8亿', 48000) }]),
    expect: [{ cell: 'I4', row: 4, field: '总投资额(万元)', value: '4.8亿', says: ['48000'] }],
    only: true,
  },
  {
    name: '年度计划投资 over 总投资',
    code: 'plan-exceeds-total',
    table: makeTable('lagging', [{ plan: 60000, total: 48000, completed: 1000 }]),
    expect: [{ cell: 'F4', row: 4, field: '年度计划投资(万元)', value: 60000, says: ['年度计划投资(60000)超过总投资(48000)'] }],
    only: true,
  },
  {
    name: '本年计划投资 over 总投资额 in 附件3',
    code: 'plan-exceeds-total',
    table: makeTable('provincial', [{ plan: 1.5, total: 1.2, completed: 1 }]),
    expect: [{ cell: 'G4', row: 4, field: '本年计划投资(万元)', says: ['本年计划投资(1.5)超过总投资额(1.2)'] }],
    only: true,
  },
  {
    name: '截至完成投资 over 总投资 (not also over the plan)',
    code: 'completed-exceeds-total',
    table: makeTable('lagging', [{}, {}, { completed: 52000, total: 48000 }]),
    expect: [{ cell: 'G6', row: 6, field: '截至完成投资(万元)', value: 52000, says: ['截至完成投资(52000)超过总投资(48000)，请核实'] }],
    only: true,
  },
  {
    name: '截至完成投资 over 年度计划投资',
    code: 'completed-exceeds-plan',
    table: makeTable('lagging', [{ completed: 15000.5, plan: 12000 }]),
    expect: [{ cell: 'G4', row: 4, field: '截至完成投资(万元)', says: ['截至完成投资(15000.5)超过年度计划投资(12000)'] }],
    only: true,
  },
  {
    name: '合计 differs from the rows',
    code: 'total-mismatch',
    table: makeTable('lagging', [{}, {}], { total: { name: '合计', total: 96000.5, plan: 24000, completed: 20000 } }),
    expect: [{ cell: 'E6', row: 6, field: '总投资(万元)', value: 96000.5, says: ['96000.5', '96000', '相差 0.5'] }],
    only: true,
  },
  {
    name: '合计 of two columns differs',
    code: 'total-mismatch',
    table: makeTable('municipal', [{}, {}, {}], { total: { plan: 30000, completed: 31000, total: 144000 } }),
    expect: [
      { cell: 'G7', row: 7, field: '本年计划投资(万元)', says: ['30000', '36000'] },
      { cell: 'H7', row: 7, field: '截至完成投资(万元)', says: ['31000', '30000'] },
    ],
    only: true,
  },
  {
    name: '合计 by a SUM that skipped an amount typed as text',
    code: 'total-mismatch',
    table: makeTable('lagging', [{}, { plan: numText('12,000', 12000) }], { total: { total: 96000, plan: 12000, completed: 20000 } }),
    expect: [{ cell: 'F6', row: 6, field: '年度计划投资(万元)', says: ['12000', '24000', '按文字填写', '改为数字'] }],
  },
  // 起止年限
  {
    name: '起止年限 2021年底',
    code: 'period-invalid',
    table: makeTable('lagging', [{ period: invalid('2021年底') }]),
    expect: [{ cell: 'D4', row: 4, field: '起止年限(年月-年月)', value: '2021年底', says: ['“2021年底”', '2021.03-2023.12'] }],
    only: true,
  },
  {
    name: '起止年限 reversed',
    code: 'period-reversed',
    table: makeTable('provincial', [{ period: period('2023.12-2021.03', 2023, 12, 2021, 3) }]),
    expect: [{ cell: 'J4', row: 4, field: '起止年限(年月-年月)', value: '2023.12-2021.03', says: ['2021年3月', '2023年12月'] }],
    only: true,
  },
  {
    name: 'year-only 起止年限 reversed',
    code: 'period-reversed',
    table: makeTable('lagging', [{ period: period('2023-2021', 2023, 1, 2021, 12, true) }]),
    expect: [{ cell: 'D4', row: 4, field: '起止年限(年月-年月)', says: ['2021年', '2023年'] }],
    only: true,
  },
  // districts
  {
    name: '郑州新区 is no district',
    code: 'district-unknown',
    table: makeTable('lagging', [{}, {}, {}, { district: '郑州新区' }]),
    expect: [
      {
        cell: 'K7',
        row: 7,
        field: '所在区(县)',
        value: '郑州新区',
        says: ['第7行“所在区(县)”为“郑州新区”，不在16个区县（市）名单中，请填写如“郑东新区”', '中原区、二七区'],
      },
    ],
    only: true,
  },
  {
    name: 'unknown district in the 白名单',
    code: 'district-unknown',
    table: makeTable('whitelist', [{ district: '开封市' }]),
    expect: [{ cell: 'D4', row: 4, field: '所在区(县)', value: '开封市' }],
    only: true,
  },
  {
    name: '金水区 in a table from 第三组（高新区）',
    code: 'district-mismatch',
    table: makeTable('lagging', [{}, { district: '金水区' }]),
    expect: [{ cell: 'K5', row: 5, field: '所在区(县)', value: '金水区', says: ['第三组', '高新区', '金水区'] }],
    only: true,
  },
  {
    name: '管城区 (an alias) in a table from 第三组',
    code: 'district-mismatch',
    table: makeTable('municipal', [{ district: '管城区' }]),
    expect: [{ cell: 'K4', row: 4, field: '项目所在地', says: ['管城回族区'] }],
    only: true,
  },
  // lists
  {
    name: '落实情况 基本落实',
    code: 'value-not-in-list',
    table: makeTable('whitelist', [{ status: '基本落实' }]),
    expect: [{ cell: 'E4', row: 4, field: '落实情况', value: '基本落实', says: ['“基本落实”', '“已落实”、“部分落实”、“未落实”'] }],
    only: true,
  },
  {
    name: '栏目 工作动态',
    code: 'value-not-in-list',
    table: makeTable('monthly', [{ column: '工作动态' }]),
    expect: [{ cell: 'B4', row: 4, field: '栏目', says: ['领导动态', '重大活动', '督导服务', '县区风采', '项目动态'] }],
    only: true,
  },
  // rows
  {
    name: 'the same project twice, spaced differently',
    code: 'duplicate-project',
    table: makeTable('lagging', [{ name: '郑州东站综合枢纽' }, {}, { name: '郑州东站 综合枢纽 ' }]),
    expect: [{ cell: 'B6', row: 6, field: '项目名称', value: '郑州东站 综合枢纽 ', says: ['第4行', '重复'] }],
    only: true,
  },
  {
    name: 'serial skips 3',
    code: 'serial-invalid',
    table: makeTable('lagging', [{ serial: 1 }, { serial: 2 }, { serial: 4 }, { serial: 5 }]),
    expect: [{ cell: 'A6', row: 6, field: '序号', value: 4, says: ['应为 3', '“4”'] }],
    only: true,
  },
  {
    name: 'serial starts at 0',
    code: 'serial-invalid',
    table: makeTable('monthly', [{ serial: 0 }, { serial: 1 }]),
    expect: [{ cell: 'A4', row: 4, field: '序号', says: ['应为 1'] }],
    only: true,
  },
  {
    name: 'a blank serial among filled ones',
    code: 'serial-invalid',
    table: makeTable('whitelist', [{ serial: 1 }, { serial: '' }, { serial: 3 }]),
    expect: [{ cell: 'A5', row: 5, field: '序号', value: null, says: ['序号为空', '应为 2'] }],
    only: true,
  },
  // formula errors
  {
    name: '#REF! in 截至完成投资: formula-error only',
    code: 'formula-error',
    table: makeTable('lagging', [{ completed: err('#REF!') }]),
    expect: [{ cell: 'G4', row: 4, field: '截至完成投资(万元)', value: '#REF!', says: ['#REF!', '修正公式', '直接填写'] }],
    only: true,
  },
  {
    name: '#N/A in a required text cell: formula-error only',
    code: 'formula-error',
    table: makeTable('municipal', [{ name: err('#N/A') }]),
    expect: [{ cell: 'C4', row: 4, field: '项目名称', value: '#N/A' }],
    only: true,
  },
  {
    name: '#DIV/0! in the 合计 row',
    code: 'formula-error',
    table: makeTable('lagging', [{}, {}], { total: { total: err('#DIV/0!'), plan: 24000, completed: 20000 } }),
    expect: [{ cell: 'E6', row: 6, field: '总投资(万元)', value: '#DIV/0!', says: ['合计行', '#DIV/0!'] }],
    only: true,
  },
  // the sending group
  {
    name: 'project rows below a stray blank row',
    code: 'data-after-blank-row',
    table: { ...makeTable('lagging', [{}, {}]), rowsAfterBlank: { first: 7, last: 9, blankRow: 6 } },
    expect: [{ cell: 'B7', row: 7, field: null, value: null, says: ['第6行是空行', '第7–9行没有读入', '删除第6行的空行'] }],
    only: true,
  },
  // 小计 and category rows: each checked against the rows it sums.
  {
    name: 'a 小计 checked against the rows since its category',
    code: 'total-mismatch',
    table: (() => {
      const t = makeTable('lagging', [{}, {}, {}], { total: { name: '小计', total: 50000, plan: 12000, completed: 10000 } });
      return { ...t, totalRow: null, sums: [{ kind: 'subtotal' as const, row: t.totalRow!, covers: [5, 6] }] };
    })(),
    expect: [
      { cell: 'E7', row: 7, field: '总投资(万元)', says: ['小计行', '第5–6行之和', '96000'] },
      { cell: 'F7', row: 7, field: '年度计划投资(万元)', says: ['24000'] },
      { cell: 'G7', row: 7, field: '截至完成投资(万元)', says: ['20000'] },
    ],
    only: true,
  },
  // Formulas whose value cannot be known
  {
    name: 'a VLOOKUP saved without its result',
    code: 'formula-uncalculated',
    table: makeTable('lagging', [{}, { completed: { value: { kind: 'uncalculated', formula: 'VLOOKUP(B5,数据!A:C,3,0)' }, raw: { type: 'empty' }, display: '=VLOOKUP(B5,数据!A:C,3,0)' } }]),
    expect: [{ cell: 'G5', row: 5, field: '截至完成投资(万元)', value: '=VLOOKUP(B5,数据!A:C,3,0)', says: ['公式没有保存计算结果', 'Excel 或 WPS 打开、保存后重新报送'] }],
    only: true,
  },
  // What the clerk does not see on screen
  {
    name: 'hidden rows, filtered rows and a hidden column',
    code: 'hidden-cells',
    table: { ...makeTable('lagging', [{}, {}, {}]), hidden: { rows: [5], filteredRows: [4, 6], columns: [{ col: 2, label: '项目概况' }] } },
    expect: [
      { cell: 'C3', row: 3, field: null, says: ['C 列“项目概况”是隐藏列'] },
      { cell: 'B4', row: 4, field: null, says: ['第4行、第6行被筛选隐藏', '取消筛选'] },
      { cell: 'B5', row: 5, field: null, says: ['第5行是隐藏行', '已照常读入'] },
    ],
    only: true,
  },
  // A header whose rows were all set aside
  {
    name: 'no project read under a header followed by categories and a 合计',
    code: 'rows-unread',
    table: { ...makeTable('lagging', []), unreadRows: [4, 5, 8] },
    expect: [{ cell: null, row: 4, field: null, says: ['第4–8行有内容', '没有一行读作项目'] }],
    only: true,
  },
  {
    name: 'group unknown',
    code: 'group-unknown',
    table: makeTable('lagging', [{}], { group: null }),
    expect: [{ cell: null, row: null, field: null, says: ['报送单位：第X组（XX区）', '第X组-'] }],
    only: true,
  },
  {
    name: 'group unknown with a 报送单位 that names none',
    code: 'group-unknown',
    table: makeTable('whitelist', [], { group: null, reportingUnit: '市重点办' }),
    expect: [{ cell: null, row: null, field: null, value: '市重点办', says: ['“报送单位：市重点办”'] }],
    only: true,
  },
  // text the writers cannot carry over as it is
  {
    name: 'control characters (written _x0000_, _x001B_ in the file) in 项目名称',
    code: 'text-invalid-character',
    table: makeTable('lagging', [{ name: '高新区\u0000智能\u001b[31m制造\u0085产业园' }]),
    expect: [
      {
        cell: 'B4',
        row: 4,
        field: '项目名称',
        value: '高新区[U+0000]智能[U+001B][31m制造[U+0085]产业园',
        says: ['第4行“项目名称”', '3 个', '控制字符', 'U+0000', '不会保留'],
      },
    ],
    only: true,
  },
  {
    name: 'U+FFFE, a lone surrogate and a right-to-left override in 存在问题, and in the 合计 row',
    code: 'text-invalid-character',
    table: makeTable('lagging', [{ problems: '\ufffe征地\ud800拆迁\u202e未完成' }, {}], { total: { name: '合计\uffff' } }),
    expect: [
      { cell: 'I4', row: 4, field: '存在问题及涉及单位', value: '[U+FFFE]征地[U+D800]拆迁[U+202E]未完成', says: ['3 个', '残缺的字符', '非字符', '文字方向控制符', 'U+FFFE'] },
      { cell: 'B6', row: 6, field: '项目名称', value: '合计[U+FFFF]', says: ['合计行', '1 个'] },
    ],
  },
  {
    name: 'a 项目概况 over 32,767 characters',
    code: 'text-too-long',
    table: makeTable('lagging', [{ overview: '概'.repeat(32_768) }]),
    expect: [{ cell: 'C4', row: 4, field: '项目概况', value: `${'概'.repeat(40)}……（共 32768 字）`, says: ['32768 字', '32767 字', '截断'] }],
    only: true,
  },
];

const nearMisses: NearMiss[] = [
  { name: 'optional column 项目概况 absent', code: 'header-missing-column', table: makeTable('lagging', [{}], { omit: ['overview', 'plan'] }), clean: true },
  { name: 'no extra column', code: 'header-extra-column', table: makeTable('provincial', [{}]), clean: true },
  { name: 'extra column on another table', code: 'header-duplicate-column', table: makeTable('lagging', [{}], { extra: ['备注'] }) },
  { name: '填表日期 2022.3.4', code: 'filldate-missing', table: makeTable('lagging', [{}], { fillDate: { ref: 'B2', display: '2022.3.4', iso: '2022-03-04' } }), clean: true },
  { name: 'received the same week (Friday for Monday’s date)', code: 'filldate-stale', table: makeTable('lagging', [{}], fill('2022-02-28')), context: receivedAt('2022-03-04T11:00:00+08:00'), clean: true },
  { name: 'received on Sunday 23:59 for Monday’s date', code: 'filldate-stale', table: makeTable('lagging', [{}], fill('2022-02-28')), context: receivedAt('2022-03-06T23:59:00+08:00'), clean: true },
  { name: 'a 填表日期 after the receipt is not stale', code: 'filldate-stale', table: makeTable('lagging', [{}], fill('2022-03-11')), context: receivedAt('2022-03-04T11:00:00+08:00'), clean: true },
  { name: 'no receipt known (merge logic in tests, template checks)', code: 'filldate-stale', table: makeTable('lagging', [{}], fill('2020-01-03')), clean: true },
  { name: 'no 填表日期: filldate-missing only', code: 'filldate-stale', table: makeTable('lagging', [{}], { fillDate: null }), context: receivedAt('2022-03-04T11:00:00+08:00') },
  { name: 'empty 填表日期 is missing, not invalid', code: 'filldate-invalid', table: makeTable('lagging', [{}], { fillDate: { ref: 'B2', display: '', iso: null } }) },
  { name: '存在问题 blank in 附件3 (optional there)', code: 'required-missing', table: makeTable('provincial', [{ problems: blank('无') }]), clean: true },
  { name: 'optional 项目概况 blank', code: 'required-missing', table: makeTable('lagging', [{ overview: '', plan: '', completed: blank('—') }]), clean: true },
  { name: 'an invalid amount is not also required-missing', code: 'required-missing', table: makeTable('lagging', [{ total: invalid('约5亿') }]) },
  { name: 'a readable text amount is not invalid', code: 'number-invalid', table: makeTable('lagging', [{ total: numText('48,000', 48000) }]) },
  { name: 'zero is not negative', code: 'number-negative', table: makeTable('lagging', [{ completed: 0, plan: 0 }]), clean: true },
  { name: 'an invalid amount is not also as-text', code: 'number-as-text', table: makeTable('lagging', [{ total: invalid('约5亿') }]) },
  { name: 'plan equal to total', code: 'plan-exceeds-total', table: makeTable('lagging', [{ plan: 48000, total: 48000 }]), clean: true },
  { name: 'plan over an unreadable total', code: 'plan-exceeds-total', table: makeTable('lagging', [{ plan: 60000, total: invalid('约5亿') }]) },
  { name: 'plan over a negative total', code: 'plan-exceeds-total', table: makeTable('lagging', [{ plan: 60000, total: -1 }]) },
  { name: 'completed equal to total', code: 'completed-exceeds-total', table: makeTable('lagging', [{ completed: 48000, plan: 48000, total: 48000 }]), clean: true },
  { name: 'completed over total with 1e-12 noise', code: 'completed-exceeds-total', table: makeTable('lagging', [{ completed: 0.1 + 0.2, plan: 0.3, total: 0.3 }]), clean: true },
  { name: 'completed equal to plan', code: 'completed-exceeds-plan', table: makeTable('municipal', [{ completed: 12000, plan: 12000 }]), clean: true },
  { name: 'completed without a plan', code: 'completed-exceeds-plan', table: makeTable('lagging', [{ completed: 15000, plan: '' }]), clean: true },
  { name: 'period read', code: 'period-invalid', table: makeTable('lagging', [{ period: period('202103-202312', 2021, 3, 2023, 12) }]), clean: true },
  { name: 'blank period is required-missing, not invalid', code: 'period-invalid', table: makeTable('lagging', [{ period: '' }]) },
  { name: '2023.12-2023.12 is not reversed', code: 'period-reversed', table: makeTable('lagging', [{ period: period('2023.12-2023.12', 2023, 12, 2023, 12) }]), clean: true },
  { name: 'year-only 2023-2023', code: 'period-reversed', table: makeTable('lagging', [{ period: period('2023-2023', 2023, 1, 2023, 12, true) }]), clean: true },
  { name: '管城区 is 管城回族区 (group 8)', code: 'district-unknown', table: makeTable('lagging', [{ district: '管城区' }], { group: 8 }), clean: true },
  { name: '郑州市 高新区 with a city name and a space', code: 'district-unknown', table: makeTable('lagging', [{ district: '郑州市 高新区' }]), clean: true },
  { name: '郑州高新技术产业开发区 is 高新区', code: 'district-mismatch', table: makeTable('municipal', [{ district: '郑州高新技术产业开发区' }]), clean: true },
  { name: 'an unknown district is not also a mismatch', code: 'district-mismatch', table: makeTable('lagging', [{ district: '郑州新区' }]) },
  { name: 'no group: no mismatch', code: 'district-mismatch', table: makeTable('lagging', [{ district: '金水区' }], { group: null }) },
  { name: '落实情况 with spaces', code: 'value-not-in-list', table: makeTable('whitelist', [{ status: ' 部分落实 ' }, { status: '未落实' }]), clean: true },
  { name: 'blank 栏目 is required-missing only', code: 'value-not-in-list', table: makeTable('monthly', [{ column: '' }]) },
  { name: 'different projects', code: 'duplicate-project', table: makeTable('lagging', [{ name: '郑州东站综合枢纽' }, { name: '郑州东站综合枢纽二期' }]), clean: true },
  { name: 'serials typed as text 1. 2. ３', code: 'serial-invalid', table: makeTable('lagging', [{ serial: '1' }, { serial: '2.' }, { serial: txt('３') }]), clean: true },
  { name: 'all serials blank', code: 'serial-invalid', table: makeTable('lagging', [{ serial: '' }, { serial: '' }]), clean: true },
  { name: 'a serial with a formula error counts as in sequence', code: 'serial-invalid', table: makeTable('lagging', [{ serial: 1 }, { serial: err('#REF!') }, { serial: 3 }]) },
  { name: 'no error values', code: 'formula-error', table: makeTable('provincial', [{}, {}]), clean: true },
  {
    name: '合计 within 0.01',
    code: 'total-mismatch',
    table: makeTable('lagging', [{ total: 0.1, plan: 0.1, completed: 0.1 }, { total: 0.2, plan: 0.2, completed: 0.1 }], { total: { total: 0.31, plan: 0.3, completed: 0.2 } }),
    clean: true,
  },
  { name: 'blank 合计 cells', code: 'total-mismatch', table: makeTable('lagging', [{}, {}], { total: { name: '合计' } }), clean: true },
  { name: 'group known', code: 'group-unknown', table: makeTable('monthly', [{}]), clean: true },
  {
    name: 'a 小计 equal to its rows, a 合计 at the top equal to all',
    code: 'total-mismatch',
    table: (() => {
      const t = makeTable('lagging', [{}, {}, {}], { total: { name: '小计', total: 96000, plan: 24000, completed: 20000 } });
      return { ...t, sums: [{ kind: 'subtotal' as const, row: t.totalRow!, covers: [5, 6] }] };
    })(),
    clean: true,
  },
  { name: 'formulas computed or saved', code: 'formula-uncalculated', table: makeTable('lagging', [{}, { completed: 10000 }]), clean: true },
  { name: 'nothing hidden', code: 'hidden-cells', table: { ...makeTable('lagging', [{}]), hidden: null }, clean: true },
  { name: 'a header alone: nothing this week', code: 'rows-unread', table: { ...makeTable('lagging', []), unreadRows: null }, clean: true },
  { name: 'rows read, some set aside', code: 'rows-unread', table: { ...makeTable('lagging', [{}]), unreadRows: [4] }, clean: true },
  { name: 'nothing that looks like data after the blank row', code: 'data-after-blank-row', table: { ...makeTable('lagging', [{}]), rowsAfterBlank: null }, clean: true },
  {
    name: 'tab, line breaks, private use, astral CJK, full-width text and emoji are writable',
    code: 'text-invalid-character',
    table: makeTable('lagging', [{ name: '高新区\t智能\r\n制造\ue000产业园𠀀𪚥（一期）😀', problems: '征地_x0041_拆迁' }]),
    clean: true,
  },
  { name: 'exactly 32,767 characters (16,383 astral ones and one more)', code: 'text-too-long', table: makeTable('lagging', [{ overview: '𠀀'.repeat(16_383) + '概' }]), clean: true },
];

function codeFindings(table: Table, code: RuleCode, context: RuleContext = ctx) {
  return checkTable(table, context).filter((f) => f.code === code);
}

describe('each code raises at the right cell', () => {
  it.each(raises.map((c) => [`${c.code}: ${c.name}`, c] as const))('%s', (_name, c) => {
    const all = checkTable(c.table, c.context ?? ctx);
    const found = all.filter((f) => f.code === c.code);
    expect(found.map(({ cell, row, field }) => ({ cell, row, field }))).toEqual(
      c.expect.map(({ cell, row, field }) => ({ cell, row, field })),
    );
    found.forEach((f, i) => {
      const e = c.expect[i]!;
      expect(f.severity).toBe(SEVERITY[c.code]);
      if ('value' in e) expect(f.value).toEqual(e.value);
      for (const s of e.says ?? []) expect(f.message).toContain(s);
      expect(f.message).toMatch(/[\u4e00-\u9fff]/);
      if (f.cell) expect(f.message).toContain(f.cell);
      expect(findingSchema.safeParse(f).success).toBe(true);
    });
    if (c.only) expect(all.filter((f) => f.code !== c.code)).toEqual([]);
  });
});

describe('near-misses do not raise', () => {
  it.each(nearMisses.map((c) => [`${c.code}: ${c.name}`, c] as const))('%s', (_name, c) => {
    if (c.clean) expect(checkTable(c.table, c.context ?? ctx)).toEqual([]);
    else expect(codeFindings(c.table, c.code, c.context)).toEqual([]);
  });

  it('every table-level code has a raising case and a near-miss', () => {
    for (const code of Object.keys(SEVERITY)) {
      expect(raises.some((c) => c.code === code && c.expect.length > 0), code).toBe(true);
      expect(nearMisses.some((c) => c.code === code), code).toBe(true);
    }
  });
});

describe('one problem, one finding', () => {
  it('an invalid amount gives number-invalid only', () => {
    expect(checkTable(makeTable('lagging', [{ total: invalid('约5亿') }]), ctx).map((f) => f.code)).toEqual(['number-invalid']);
  });
  it('a blank 栏目 gives required-missing only', () => {
    expect(checkTable(makeTable('monthly', [{ column: '' }]), ctx).map((f) => f.code)).toEqual(['required-missing']);
  });
  it('an unknown district gives district-unknown only', () => {
    expect(checkTable(makeTable('lagging', [{ district: '郑州新区' }]), ctx).map((f) => f.code)).toEqual(['district-unknown']);
  });
  it('a blank period gives required-missing only', () => {
    expect(checkTable(makeTable('lagging', [{ period: '' }]), ctx).map((f) => f.code)).toEqual(['required-missing']);
  });
  it('an error in the serial column gives formula-error only', () => {
    expect(checkTable(makeTable('lagging', [{ serial: 1 }, { serial: err('#REF!') }, { serial: 3 }]), ctx).map((f) => f.code)).toEqual([
      'formula-error',
    ]);
  });
  it('a serial sequence broken twice gives one warning', () => {
    const found = codeFindings(makeTable('lagging', [{ serial: 2 }, { serial: 5 }, { serial: 9 }]), 'serial-invalid');
    expect(found.map((f) => f.cell)).toEqual(['A4']);
  });
  it('a project listed three times is reported twice, each naming the first row', () => {
    const found = codeFindings(makeTable('lagging', [{ name: 'A项目' }, { name: 'A项目' }, { name: 'A 项目' }]), 'duplicate-project');
    expect(found.map((f) => f.cell)).toEqual(['B5', 'B6']);
    for (const f of found) expect(f.message).toContain('第4行');
  });
});
