/** Reading 协调解决情况: solved or not, and which part speaks of which problem. */
import { describe, expect, it } from 'vitest';
import { attributeCoordination, judgeCoordination } from '../../src/problems/resolution.js';
import { DEFAULT_PROBLEM_SETTINGS } from '../../src/problems/settings.js';

const solved: string[] = [
  '临时用电已接通',
  '已协调解决',
  '经协调，环评批复已取得',
  '拆迁工作已完成',
  '问题已办结',
  '资金已到位',
  '已协调区住建局，进场道路已打通',
  '问题已销号',
];
const pending: string[] = [
  '正在协调中',
  '已协调市自然资源局加快组卷，预计3月底前报批',
  '已对接供电公司，临时用电方案已批复，近日通电',
  '督促建设单位落实配套资金，首笔资金已到位',
  '拆迁已完成60%',
  '已上报市重点办协调',
  '已报区政府研究',
  '环评报告已完成编制，待专家评审',
  '尚未解决',
  '',
];

describe('judgeCoordination', () => {
  it.each(solved)('“%s” says solved', (text) => {
    expect(judgeCoordination(text, DEFAULT_PROBLEM_SETTINGS).solved).toBe(true);
  });
  it.each(pending)('“%s” does not', (text) => {
    expect(judgeCoordination(text, DEFAULT_PROBLEM_SETTINGS).solved).toBe(false);
  });
  it('uses the config’s words', () => {
    const settings = { ...DEFAULT_PROBLEM_SETTINGS, solvedWords: ['已协调'] };
    expect(judgeCoordination('已协调', settings).solved).toBe(true);
    expect(judgeCoordination('已协调', DEFAULT_PROBLEM_SETTINGS).solved).toBe(false);
  });
});

describe('attributeCoordination', () => {
  const k = DEFAULT_PROBLEM_SETTINGS.keywords;
  it('gives the whole text to a single problem', () => {
    expect(attributeCoordination('正在协调中', [{ element: '用电', number: null }], k)).toEqual(['正在协调中']);
  });
  it('pairs numbered items', () => {
    expect(
      attributeCoordination(
        '1.正在协调；2.临时用电已接通',
        [
          { element: '用地', number: 1 },
          { element: '用电', number: 2 },
        ],
        k,
      ),
    ).toEqual(['正在协调', '临时用电已接通']);
  });
  it('gives each problem the sentences that name its 要素, and the whole text when none does', () => {
    const text = '临时用电已接通；进场道路正在协调区住建局。';
    expect(
      attributeCoordination(
        text,
        [
          { element: '用电', number: null },
          { element: '道路', number: null },
          { element: '资金', number: null },
        ],
        k,
      ),
    ).toEqual(['临时用电已接通', '进场道路正在协调区住建局', text]);
  });
});
