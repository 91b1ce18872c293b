/**
 * The three projects 第三组（高新区） reports in every variant, laid out in the columns of 附件2 and
 * 附件3/4, so each variant test says only what is different about its file.
 */
import type { CellSpec } from './book.js';

export const NAMES = ['高新区智能传感器产业园一期', '高新区数字港二期', '高新区污水处理厂扩建'];
/** 总投资, 年度（本年）计划投资, 截至完成投资 of the three projects, and their sums. */
export const TOTAL = [48000, 36000, 9000];
export const PLAN = [32000, 16000, 6000];
export const DONE = [30000, 15000, 2000];
export const SUMS = { total: 93000, plan: 54000, completed: 47000 };

export const FILL = '填表日期：2022年3月4日';
export const UNIT = '报送单位：第三组（高新区）';

/** 附件2's labels, A … K (E, F, G are the amounts). */
export const LAGGING_LABELS = ['序号', '项目名称', '项目概况', '起止年限\n(年月-年月)', '总投资\n(万元)', '年度计划投资\n(万元)', '截至完成投资\n(万元)', '进展情况', '存在问题及\n涉及单位', '协调解\n决情况', '所在区\n(县)'];

/** A 附件2 project row, A … K; `amounts` replaces E, F, G. */
export function laggingRow(i: number, serial: CellSpec = i + 1, amounts: CellSpec[] = [TOTAL[i], PLAN[i], DONE[i]]): CellSpec[] {
  return [serial, NAMES[i], '厂房及配套', '2021.03-2023.12', ...amounts, '主体施工', '土地手续未办结；市自然资源局', '正在协调', '高新区'];
}

/** 附件3's labels, A … K (G 本年计划投资, H 截至完成投资, I 总投资额). */
export const PROVINCIAL_LABELS = ['序号', '省分管领导', '项目名称', '项目概况', '进展情况', '存在问题及涉及单位', '本年计划投资(万元)', '截至完成投资(万元)', '总投资额(万元)', '起止年限(年月-年月)', '项目所在地'];

/** A 附件3 project row, A … K; `amounts` replaces G, H, I (plan, completed, total). */
export function provincialRow(i: number, serial: CellSpec = i + 1, amounts: CellSpec[] = [PLAN[i], DONE[i], TOTAL[i]]): CellSpec[] {
  return [serial, '赵明远', NAMES[i], '厂房及配套', '主体施工', '用地指标', ...amounts, '2021.03-2023.12', '高新区'];
}

/** The usual top of a 附件2: title merged across, 填表日期 and 报送单位. */
export function laggingTop(): CellSpec[][] {
  return [['进度滞后的省市重点项目进展情况统计表'], [FILL, null, null, null, null, null, null, null, UNIT]];
}
