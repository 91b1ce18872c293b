/**
 * Problems follow the project the project-identity resolver (src/projects/) identifies, not the
 * name's key: a project renamed from one week to the next keeps its open problem (one problem, open
 * for every week), and two projects the resolver keeps apart (待核实: equal names, figures that
 * disagree) never share a problem — even when their problems are worded alike.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import { ledgerFromSubmissions } from '../../src/problems/from-inbox.js';
import { submission, type RowSpec } from '../merge/support.js';
import type { KindId } from '../../src/schema/kinds.js';

const FRIDAYS = ['2022-06-03', '2022-06-10', '2022-06-17'];
const PERIOD = { from: '2022-W22', to: '2022-W24' };

function row(name: string, extra: RowSpec = {}): RowSpec {
  return { name, total: 5000, plan: 1000, completed: 100, period: '2021.03-2023.12', district: '中原区', problems: '施工用电未接入，涉及市供电公司', coordination: '正在协调', ...extra };
}

function table(group: number, week: number, rows: RowSpec[], kind: KindId = 'lagging') {
  return submission({ group, kind, receivedAt: `${FRIDAYS[week]!}T10:00:00+08:00`, rows, file: `收件/第${group}组_${kind}_${week}.xlsx` });
}

function ledgerOf(submissions: ReturnType<typeof table>[]) {
  return ledgerFromSubmissions(submissions, DEFAULT_CONFIG, { ...PERIOD, resolveProjects: true }).ledger;
}

describe('problems follow the project the resolver identifies', () => {
  it('a project renamed in the second week (same district, 总投资, 起止年限, 计划): its problem stays one, open three weeks', () => {
    const ledger = ledgerOf([
      table(1, 0, [row('中原区示范路建设项目')]),
      table(1, 1, [row('中原区示范路（北段）建设项目', { completed: 150 })]),
      table(1, 2, [row('中原区示范路（北段）建设项目', { completed: 200 })]),
    ]);
    expect(ledger.rows.map((r) => [r.project, r.state, r.firstWeek, r.weeksOpen, r.solvedInPeriod])).toEqual([
      ['中原区示范路（北段）建设项目', 'new', '2022-W22', 3, false],
    ]);
  });

  it('renamed and reworded: still the same problem of the same project', () => {
    const ledger = ledgerOf([
      table(1, 0, [row('中原区示范路建设项目')]),
      table(1, 1, [row('中原区示范路（北段）建设项目', { problems: '施工用电尚未接入，涉及市供电公司' })]),
    ]);
    expect(ledger.rows.map((r) => [r.firstWeek, r.lastWeek, r.state, r.firstText, r.text])).toEqual([
      ['2022-W22', '2022-W23', 'new', '施工用电未接入', '施工用电尚未接入'],
    ]);
  });

  it('equal names, different 总投资 in two tables of one group (待核实): two projects, two problems', () => {
    const ledger = ledgerOf([
      table(1, 0, [row('智慧物流园项目', { total: 5000 })]),
      table(1, 0, [row('智慧物流园项目', { total: 9000, leader: '某市领导' })], 'municipal'),
    ]);
    expect(ledger.rows.map((r) => [r.project, r.groups])).toEqual([
      ['智慧物流园项目', [1]],
      ['智慧物流园项目', [1]],
    ]);
  });

  it('equal names in two districts, figures not both written (待核实): each group keeps its own problem', () => {
    const ledger = ledgerOf([
      table(1, 0, [row('智慧物流园项目', { total: 5000 })]),
      table(2, 0, [row('智慧物流园项目', { total: 8000, district: '二七区' })]),
      table(1, 1, [row('智慧物流园项目', { total: 5000, problems: '无', coordination: '' })]),
      table(2, 1, [row('智慧物流园项目', { total: 8000, district: '二七区' })]),
    ]);
    // 第一组's problem is solved (no longer listed) in W23; 第二组's is still open: never one problem.
    expect(ledger.rows.map((r) => [r.groups, r.state]).sort()).toEqual([
      [[1], 'solved'],
      [[2], 'new'],
    ]);
  });

  it('the same project in 进度滞后 and 市领导联系 with equal figures: one problem listed in both', () => {
    const ledger = ledgerOf([
      table(1, 0, [row('智慧物流园项目')]),
      table(1, 0, [row('智慧物流园项目', { leader: '某市领导' })], 'municipal'),
    ]);
    expect(ledger.rows).toHaveLength(1);
  });
});

describe('on the generated season (renames none, a project moving between tables)', () => {
  it('the resolver gives the same ledger as the names do, every week', async () => {
    const { loadInbox } = await import('../../src/merge/load.js');
    const { join } = await import('node:path');
    const { submissions } = await loadInbox(join(import.meta.dirname, '..', '..', 'fixtures', 'season', 'inbox'), DEFAULT_CONFIG);
    for (const to of ['2022-W11', '2022-W13', '2022-W15', '2022-W17']) {
      const period = { from: '2022-W10', to };
      const byName = ledgerFromSubmissions(submissions, DEFAULT_CONFIG, period).ledger;
      const resolved = ledgerFromSubmissions(submissions, DEFAULT_CONFIG, { ...period, resolveProjects: true }).ledger;
      const view = (l: typeof byName) => l.rows.map((r) => [r.project, r.firstText, r.state, r.weeksOpen, r.groups]);
      expect(view(resolved), to).toEqual(view(byName));
    }
  });
});
