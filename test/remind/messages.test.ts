/** 催报 / 退回 messages from a week's selection: what each says, and never more than 300 characters. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import type { Config } from '../../src/config/schema.js';
import { selectWeek, weeklyKinds } from '../../src/merge/select.js';
import type { Submission } from '../../src/merge/submission.js';
import { MESSAGE_LIMIT, weekMessages } from '../../src/remind/messages.js';
import { submission } from '../merge/support.js';

const config = DEFAULT_CONFIG;
const kinds = weeklyKinds(config);
const ALL = ['lagging', 'provincial', 'municipal', 'whitelist'] as const;

/** Every group sends every kind on time, except what `except` leaves out. */
function week(extra: Submission[], except: (group: number, kind: string) => boolean): Submission[] {
  const subs: Submission[] = [...extra];
  for (const g of config.groups)
    for (const kind of ALL) if (!except(g.number, kind)) subs.push(submission({ group: g.number, kind, receivedAt: '2022-03-03T10:00:00+08:00' }));
  return subs;
}

const AFTER = new Date('2022-03-04T15:00:00+08:00');
const BEFORE = new Date('2022-03-04T09:00:00+08:00');
const ERRORS = [
  'G5：截至完成投资(52000)超过总投资(48000)，请核实',
  'F6：第6行“年度计划投资(万元)”的公式出错（#REF!，引用的单元格已被删除或移动），请修正公式，或直接填写数值',
  'D7：起止年限“2021年春”无法识别，应写成“年月-年月”，如 2021.03-2023.12',
  'K8：所在区(县)“郑州新区”不在名单中，请填写规范的区县名称',
  'E9：总投资(万元)“约500”不是数字，请只填万元数字',
  'H10：进展情况未填写',
];

describe('weekMessages', () => {
  const invalid = submission({ group: 12, kind: 'lagging', receivedAt: '2022-03-03T16:20:00+08:00', valid: false });
  invalid.errors = ERRORS.length;
  const subs = week(
    [invalid, submission({ group: 10, kind: 'lagging', receivedAt: '2022-03-04T12:01:00+08:00' })],
    (g, k) => g === 16 || (g === 11 && k === 'whitelist') || (g === 12 && k === 'lagging') || (g === 10 && k === 'lagging'),
  );
  const selection = selectWeek(subs, '2022-W09', kinds, config);
  const errorsOf = (s: Submission) => (s === invalid ? ERRORS : []);
  const after = weekMessages(selection, { config, now: AFTER, errorsOf });
  const before = weekMessages(selection, { config, now: BEFORE, errorsOf });
  const byGroup = (list: typeof after, g: number) => list.find((m) => m.group === g)!;

  it('writes one message per group that is missing, late or invalid, in roster order', () => {
    expect(after.map((m) => [m.group, m.missing, m.invalid, m.late])).toEqual([
      [10, [], [], ['lagging']],
      [11, ['whitelist'], [], []],
      [12, [], ['lagging'], []],
      [16, ['lagging', 'provincial', 'municipal', 'whitelist'], [], []],
    ]);
  });

  it('names the group leader, what is missing, the deadline and where to send it', () => {
    const m = byGroup(after, 16).text;
    expect(m).toMatch(/^【催报】第十六组（中牟县）杨念峰组长：/);
    expect(m).toContain('截至3月4日（周五）12:00，尚未收到贵组2022年第9周的进度滞后、省领导联系、市领导联系、白名单表');
    expect(m).toContain('请尽快补报');
    expect(m).toContain('白名单报项目储备选报处石明洋');
    expect(byGroup(before, 16).text).toContain('截至目前尚未收到');
    expect(byGroup(before, 16).text).toContain('请于3月4日（周五）12:00前报送');
  });

  it('sends an invalid table back with the cells to fix, as many as fit in 300 characters', () => {
    const m = byGroup(after, 12).text;
    expect(m).toMatch(/^【退回修改】第十二组（航空港区）李航组长：贵组3月3日16:20报送的2022年第9周进度滞后表有错误，未能汇总：G5：/);
    expect(m).toContain(`等共${ERRORS.length}处`);
    expect(m).toContain('请修改后尽快重新报送');
    expect([...m].length).toBeLessThanOrEqual(MESSAGE_LIMIT);
    expect(byGroup(before, 12).text).toContain('请修改后于3月4日（周五）12:00前重新报送');
  });

  it('tells a late group when its table came', () => {
    expect(byGroup(after, 10).text).toMatch(/^【提醒】第十组（上街区）王连忠组长：贵组2022年第9周的进度滞后表于3月4日12:01收到，晚于截止时间3月4日（周五）12:00，已计入汇总。请下周按时报送。/);
  });

  it('keeps every message within 300 characters, even with very long names', () => {
    const long: Config = {
      ...config,
      centre: '郑州市重点项目建设中心'.repeat(6),
      groups: config.groups.map((g) => ({ ...g, district: `${g.district}${'经济技术开发区'.repeat(4)}` })),
      recipients: config.recipients.map((r) => ({ ...r, office: r.office.repeat(4) })),
    };
    const many = Array.from({ length: 40 }, (_, i) => `A${i + 5}：${'这一格的数值不是有效的万元数字，请只填数字'.repeat(2)}`);
    const messages = weekMessages(selectWeek(subs, '2022-W09', kinds, long), { config: long, now: AFTER, errorsOf: (s) => (s === invalid ? many : []) });
    expect(messages).toHaveLength(4);
    for (const m of messages) expect([...m.text].length, m.text).toBeLessThanOrEqual(MESSAGE_LIMIT);
  });

  it('writes nothing when every group sent every kind on time', () => {
    const clean = selectWeek(week([], () => false), '2022-W09', kinds, config);
    expect(weekMessages(clean, { config, now: AFTER, errorsOf: () => [] })).toEqual([]);
  });
});
