/** Splitting a 存在问题及涉及单位 cell into problems, with their 涉及单位 kept apart. */
import { describe, expect, it } from 'vitest';
import { splitCoordination, splitProblems, unitList } from '../../src/problems/split.js';

type Expected = [text: string, units: string[]][];

const cases: [string, string, Expected][] = [
  ['one problem, units after 涉及', '项目用地组卷报批尚未完成，涉及市自然资源和规划局', [['项目用地组卷报批尚未完成', ['市自然资源和规划局']]]],
  [
    'numbered 1. 2. with units in brackets',
    '1.项目用地组卷报批尚未完成；2.施工临时用电未接通（涉及单位：国网郑州供电公司）',
    [
      ['项目用地组卷报批尚未完成', []],
      ['施工临时用电未接通', ['国网郑州供电公司']],
    ],
  ],
  [
    '①② with no separator, units on a line of their own',
    '①地面附属物拆迁未完成②进场道路未打通\n涉及单位：所在街道办事处、区住建局',
    [
      ['地面附属物拆迁未完成', ['所在街道办事处', '区住建局']],
      ['进场道路未打通', ['所在街道办事处', '区住建局']],
    ],
  ],
  [
    '一是 二是, units sentence at the end',
    '一是环评批复尚未取得；二是资金到位不足。涉及单位：市生态环境局、项目建设单位',
    [
      ['环评批复尚未取得', ['市生态环境局', '项目建设单位']],
      ['资金到位不足', ['市生态环境局', '项目建设单位']],
    ],
  ],
  ['需…协调', '施工用电未接入，需供电公司协调解决', [['施工用电未接入', ['供电公司']]]],
  ['a unit in brackets without label', '施工临时用电尚未接入（国网郑州供电公司）', [['施工临时用电尚未接入', ['国网郑州供电公司']]]],
  ['涉及 + a thing that is no unit stays in the text', '征地涉及基本农田，需调整规划', [['征地涉及基本农田，需调整规划', []]]],
  [
    'a continuation without trouble joins its problem; line breaks split',
    '1、用地指标未落实。已上报省厅。\n2、燃气管线迁改未完成，涉及郑州华润燃气公司',
    [
      ['用地指标未落实；已上报省厅', []],
      ['燃气管线迁改未完成', ['郑州华润燃气公司']],
    ],
  ],
  ['a decimal is no item number', '项目资金缺口1.2亿元，融资困难', [['项目资金缺口1.2亿元，融资困难', []]]],
  [
    'a heading and （1）（2）',
    '存在问题：（1）规划方案未批复；（2）施工许可证未办理。',
    [
      ['规划方案未批复', []],
      ['施工许可证未办理', []],
    ],
  ],
  ['由…负责', '拆迁进度缓慢，由所在街道办事处负责', [['拆迁进度缓慢', ['所在街道办事处']]]],
  [
    'semicolons without numbers; 和 inside a unit name is kept',
    '施工用水未接通；进场道路未打通；涉及区水务局、市自然资源和规划局',
    [
      ['施工用水未接通', ['区水务局', '市自然资源和规划局']],
      ['进场道路未打通', ['区水务局', '市自然资源和规划局']],
    ],
  ],
  [
    'lines without numbers',
    '环评批复尚未取得\n资金到位不足',
    [
      ['环评批复尚未取得', []],
      ['资金到位不足', []],
    ],
  ],
  ['full-width colon and 责任单位', '排污许可证尚未取得。责任单位：市生态环境局', [['排污许可证尚未取得', ['市生态环境局']]]],
  ['第2、3号楼 is no list', '第2、3号楼主体未封顶，受资金影响', [['第2、3号楼主体未封顶，受资金影响', []]]],
];

describe('splitProblems', () => {
  it.each(cases)('%s', (_name, cell, expected) => {
    const split = splitProblems(cell);
    expect(split.problems.map((p) => [p.text, p.units])).toEqual(expected);
  });

  it.each(['无', '暂无', '暂无问题', '无。', '—', '/', '  ', '没有问题'])('“%s” is no problem', (cell) => {
    expect(splitProblems(cell).problems).toEqual([]);
  });

  it('gives nothing for a blank cell', () => {
    expect(splitProblems(null).problems).toEqual([]);
    expect(splitProblems(undefined).problems).toEqual([]);
  });

  it('keeps the item numbers, to pair them with 协调解决情况', () => {
    expect(splitProblems('1.用地未报批；2.用电未接通；3.道路未打通').problems.map((p) => p.number)).toEqual([1, 2, 3]);
    expect(splitProblems('用电未接通').problems[0]!.number).toBeNull();
  });
});

describe('unitList', () => {
  it('splits on 、 and on 和 only between units', () => {
    expect(unitList('市自然资源和规划局、区住建局')).toEqual(['市自然资源和规划局', '区住建局']);
    expect(unitList('区住建局和区城管局')).toEqual(['区住建局', '区城管局']);
    expect(unitList('基本农田')).toBeNull();
  });
});

describe('splitCoordination', () => {
  it('numbers the items of a numbered text, else gives the whole', () => {
    expect(splitCoordination('1.已协调加快组卷；2.临时用电已接通')).toEqual([
      { text: '已协调加快组卷', number: 1 },
      { text: '临时用电已接通', number: 2 },
    ]);
    expect(splitCoordination('正在协调中')).toEqual([{ text: '正在协调中', number: null }]);
    expect(splitCoordination('无')).toEqual([]);
  });
});
