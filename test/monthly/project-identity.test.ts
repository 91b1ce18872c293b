import { describe, expect, it } from 'vitest';
import { projectIdentity } from '../../src/monthly/project-identity.js';

describe('projectIdentity: which project a 项目名称 names', () => {
  it.each([
    ['华豫数据中心项目（一期）', '华豫数据中心项目(一期)'],
    ['华豫数据中心项目（一期）', '华豫数据中心项目一期'],
    ['华豫数据中心项目【一期】', '华豫数据中心项目[一期]'],
    [' 郑州 中州大道快速化改造工程 ', '郑州中州大道快速化改造工程'],
    ['郑州中州大道快速化改造工程\u3000', '郑州中州大道快速化改造工程'],
    ['嵩岳年产５万套光电显示面板项目', '嵩岳年产5万套光电显示面板项目'],
    ['ＡＢＣ产业园', 'ABC产业园'],
  ])('%s = %s', (a, b) => expect(projectIdentity(a)).toBe(projectIdentity(b)));

  it.each([
    ['华豫数据中心项目一期', '华豫数据中心项目二期'],
    ['郑州中州大道快速化改造工程', '郑州中州大道改造工程'],
    ['年产5万套', '年产50万套'],
  ])('%s ≠ %s', (a, b) => expect(projectIdentity(a)).not.toBe(projectIdentity(b)));

  it('gives an empty key for a blank name', () => {
    expect(projectIdentity(' \u3000（）')).toBe('');
  });
});
