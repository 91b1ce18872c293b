/** The wording similarity and its threshold: rewordings of one problem above, two problems of one 要素 below. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SIMILARITY } from '../../src/problems/settings.js';
import { comparable, similarity } from '../../src/problems/similarity.js';
import { DIFFERENT, SAME } from './similarity-cases.js';

describe('similarity', () => {
  it.each(SAME)('“%s” and “%s” are one problem', (a, b) => {
    expect(similarity(a, b)).toBeGreaterThanOrEqual(DEFAULT_SIMILARITY);
    expect(similarity(b, a)).toBeCloseTo(similarity(a, b), 10);
  });

  it.each(DIFFERENT)('“%s” and “%s” are two problems', (a, b) => {
    expect(similarity(a, b)).toBeLessThan(DEFAULT_SIMILARITY);
  });

  it('is 1 for the same text and 0 for nothing shared', () => {
    expect(similarity('施工用电未接入', '施工用电未接入')).toBe(1);
    expect(similarity('施工用电未接入', '资金到位不足')).toBe(0);
    expect(similarity('', '用电')).toBe(0);
  });

  it('compares what a problem is about: filler, punctuation and status words out, synonyms folded', () => {
    expect(comparable('目前项目环境影响评价报告书尚未批复。').split('|').filter(Boolean)).toEqual(['环评']);
    expect(similarity('未完成', '尚未办理')).toBe(0);
  });

  it('prints the margin between the two sets', () => {
    const lowest = Math.min(...SAME.map(([a, b]) => similarity(a, b)));
    const highest = Math.max(...DIFFERENT.map(([a, b]) => similarity(a, b)));
    console.log(`similarity: rewordings ≥ ${lowest.toFixed(3)}, different problems ≤ ${highest.toFixed(3)}, threshold ${DEFAULT_SIMILARITY}`);
    expect(lowest).toBeGreaterThan(highest);
  });
});
