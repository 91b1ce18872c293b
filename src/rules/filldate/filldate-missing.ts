import { defineRule } from '../types.js';
import { rowOf } from '../util.js';

/**
 * No 填表日期 row, or one with nothing after 填表日期：, or a formula there saved without a result
 * that cannot be computed (=TODAY(): the day the file is opened, not the day it was filled — notice
 * 附件2–4 ask for 填表日期; README “填表日期是公式”).
 */
export default defineRule({
  code: 'filldate-missing',
  severity: 'warning',
  description: '未填写填表日期',
  short: '未填填表日期',
  run(table, _context, report) {
    const fill = table.fillDate;
    if (fill && fill.display.trim() !== '') return;
    const cell = fill?.ref ?? null;
    if (fill?.formula !== undefined) {
      report({
        cell,
        row: rowOf(cell),
        field: '填表日期',
        value: `=${fill.formula}`,
        message:
          `${cell ? `${cell}：` : ''}填表日期是公式（=${fill.formula}），保存时没有计算结果，无法知道是哪一天` +
          `（=TODAY() 显示的是打开文件那天，不是填表那天）；请在这一格直接填写日期，如 2022年3月4日，再重新报送。本表暂按收到时间计周`,
      });
      return;
    }
    report({
      cell,
      row: rowOf(cell),
      field: '填表日期',
      value: null,
      message: `${cell ? `${cell}：` : ''}未填写填表日期，请在“填表日期：”后填写报送当天的日期，如 2022年3月4日`,
    });
  },
});
