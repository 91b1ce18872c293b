/**
 * 要素 classification on problem texts in the districts' style (element-cases.ts): the accuracy of
 * each round is printed; the held-out round, never used for tuning, must stay at 90% or better.
 */
import { describe, expect, it } from 'vitest';
import { classifyProblem } from '../../src/problems/classify.js';
import { DEFAULT_KEYWORDS, ELEMENTS } from '../../src/problems/keywords.js';
import { problemSettings } from '../../src/problems/settings.js';
import { splitProblems } from '../../src/problems/split.js';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import { parseConfig } from '../../src/config/parse.js';
import { DEVELOPMENT, HELD_OUT, SECOND_ROUND, type ElementCase } from './element-cases.js';

function accuracy(cases: ElementCase[]): { right: number; misses: string[] } {
  let right = 0;
  const misses: string[] = [];
  for (const [text, element] of cases) {
    const [problem] = splitProblems(text).problems;
    const got = classifyProblem(problem!.text, problem!.units, DEFAULT_KEYWORDS).element;
    if (got === element) right++;
    else misses.push(`${text} → ${got}（应为${element}）`);
  }
  return { right, misses };
}

describe('要素 classification', () => {
  it('has at least 60 realistic texts, every 要素 among them', () => {
    const all = [...DEVELOPMENT, ...SECOND_ROUND, ...HELD_OUT];
    expect(all.length).toBeGreaterThanOrEqual(60);
    for (const element of ELEMENTS) expect(all.some(([, e]) => e === element), element).toBe(true);
    for (const [text] of all) expect(splitProblems(text).problems, text).toHaveLength(1);
  });

  it.each([
    ['development', DEVELOPMENT, 0.95],
    ['second round', SECOND_ROUND, 0.9],
    ['held out', HELD_OUT, 0.9],
  ] as const)('%s texts', (name, cases, floor) => {
    const { right, misses } = accuracy(cases);
    console.log(`要素 classification, ${name}: ${right}/${cases.length} = ${((100 * right) / cases.length).toFixed(1)}%${misses.length ? `; misses: ${misses.join('；')}` : ''}`);
    expect(right / cases.length).toBeGreaterThanOrEqual(floor);
  });

  it('decides by the units when the text names no 要素', () => {
    const c = classifyProblem('相关手续推进缓慢', ['国网郑州供电公司'], DEFAULT_KEYWORDS);
    expect(c).toMatchObject({ element: '用电', byUnits: true });
    expect(classifyProblem('推进缓慢', [], DEFAULT_KEYWORDS).element).toBe('其他');
  });

  it('prefers the longer keyword and the head of a phrase', () => {
    expect(classifyProblem('污水管网未接通', [], DEFAULT_KEYWORDS).element).toBe('排污');
    expect(classifyProblem('需调整土地利用总体规划', [], DEFAULT_KEYWORDS).element).toBe('用地');
    expect(classifyProblem('电力线路需改迁', [], DEFAULT_KEYWORDS).element).toBe('拆迁');
    expect(classifyProblem('临时用地手续未办理，施工便道无法修建', [], DEFAULT_KEYWORDS).element).toBe('用地');
  });

  it('uses the keywords of the config: a 要素 given there replaces its list, the others stay', () => {
    const config = parseConfig({ ...JSON.parse(JSON.stringify(DEFAULT_CONFIG)), problems: { keywords: { 其他: ['光伏'] } } });
    const settings = problemSettings(config);
    expect(classifyProblem('屋顶光伏并网未完成', [], settings.keywords).element).toBe('其他');
    expect(classifyProblem('屋顶光伏并网未完成', [], DEFAULT_KEYWORDS).element).toBe('其他');
    const custom = problemSettings(parseConfig({ ...JSON.parse(JSON.stringify(DEFAULT_CONFIG)), problems: { keywords: { 用电: ['并网'] } } }));
    expect(classifyProblem('屋顶光伏并网未完成', [], custom.keywords).element).toBe('用电');
    expect(classifyProblem('施工临时用电未接通', [], custom.keywords).element).toBe('其他');
    expect(custom.keywords.用地).toBe(DEFAULT_KEYWORDS.用地);
  });
});
