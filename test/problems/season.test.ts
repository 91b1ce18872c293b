/**
 * The generated season (fixtures/season, scripts/fixtures/problem-season.ts): problems planted across eight
 * weeks — reworded, moved between tables, solved, dropped, coming back, silent — read through the real
 * pipeline (inbox → validate → the Friday selection → tracking) and checked against the planted truth:
 * each problem's state and weeks open as seen from every week, April's counts and the year per group.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeasonTruth } from '../../scripts/fixtures/problem-season.js';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import { loadInbox } from '../../src/merge/load.js';
import type { Submission } from '../../src/merge/submission.js';
import { ledgerFromSubmissions, trackingWindow } from '../../src/problems/from-inbox.js';
import { openByElement, STATE_LABELS, type LedgerRow } from '../../src/problems/ledger.js';
import { problemProjectKey } from '../../src/problems/project-key.js';
import { validateFile } from '../../src/validate/pipeline.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'season');
const truth = JSON.parse(readFileSync(join(root, 'truth.json'), 'utf8')) as SeasonTruth;
const scratch = mkdtempSync(join(tmpdir(), 'xmb-problem-season-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let submissions: Submission[];

beforeAll(async () => {
  ({ submissions } = await loadInbox(join(root, 'inbox'), DEFAULT_CONFIG));
});

function find(rows: LedgerRow[], project: string, firstText: string): LedgerRow | undefined {
  return rows.find((r) => problemProjectKey(r.project) === problemProjectKey(project) && r.firstText === firstText);
}

describe('the season: every planted problem, seen from every week', () => {
  it.each(truth.weeks.map((w, i) => [w, i] as const))('%s', (week, i) => {
    const { ledger } = ledgerFromSubmissions(submissions, DEFAULT_CONFIG, { from: week, to: week });
    const expected = truth.problems.filter((p) => p.timeline[i] !== null);
    for (const p of expected) {
      const row = find(ledger.rows, p.project, p.firstText);
      expect(row, `${p.key} ${p.firstText}`).toBeDefined();
      const [state, weeksOpen] = p.timeline[i]!;
      expect([STATE_LABELS[row!.state], row!.weeksOpen, row!.element, row!.group], `${p.key} ${p.firstText}`).toEqual([state, weeksOpen, p.element, p.group]);
      expect(row!.longOpen).toBe(state !== '已解决' && weeksOpen >= 4);
    }
    // Nothing else: no problem the truth does not plant, none from the superseded draft.
    expect(ledger.rows).toHaveLength(expected.length);
    for (const text of truth.absent) expect(ledger.rows.some((r) => r.text.includes(text) || r.firstText.includes(text))).toBe(false);
  });

  it('counts April (W13–W17) as the 月报 line will say it', () => {
    const { ledger } = ledgerFromSubmissions(submissions, DEFAULT_CONFIG, { from: '2022-W13', to: '2022-W17' });
    expect({
      total: ledger.counts.total,
      newInPeriod: ledger.counts.newInPeriod,
      solvedInPeriod: ledger.counts.solvedInPeriod,
      longOpen: ledger.counts.longOpen,
    }).toEqual({ total: truth.april.total, newInPeriod: truth.april.newInPeriod, solvedInPeriod: truth.april.solvedInPeriod, longOpen: truth.april.longOpen });
    const most = openByElement(ledger.rows);
    expect([most.most, most.mostCount]).toEqual([truth.april.mostOpenElements, truth.april.mostOpenCount]);
  });

  it('credits each group with the problems it listed and solved in the year', () => {
    const { ledger } = ledgerFromSubmissions(submissions, DEFAULT_CONFIG, { from: '2022-W01', to: '2022-W17' });
    for (const { group, reported, solved } of truth.year) {
      expect(ledger.rows.filter((r) => r.groupsInPeriod.includes(group)).length, `第${group}组 listed`).toBe(reported);
      expect(ledger.rows.filter((r) => r.solvedGroupsInPeriod.includes(group)).length, `第${group}组 solved`).toBe(solved);
    }
  });

  it('gives the same ledger when only the tracking window is read (later files skipped by the 收件登记)', async () => {
    // A copy whose files were last modified when the ledger says they were received, as receive leaves
    // them (a checkout gives every file today's time, and a file modified after filing is always read).
    const inbox = join(scratch, 'inbox');
    cpSync(join(root, 'inbox'), inbox, { recursive: true });
    for (const line of readFileSync(join(inbox, '收件登记.jsonl'), 'utf8').trim().split('\n')) {
      const { file, receivedAt } = JSON.parse(line) as { file: string; receivedAt: string };
      utimesSync(join(inbox, file), new Date(receivedAt), new Date(receivedAt));
    }
    for (const week of ['2022-W12', '2022-W15']) {
      const { submissions: some, skipped } = await loadInbox(inbox, DEFAULT_CONFIG, { weeks: trackingWindow(week, week, DEFAULT_CONFIG.timeZone) });
      expect(skipped, week).toBeGreaterThan(0);
      expect(ledgerFromSubmissions(some, DEFAULT_CONFIG, { from: week, to: week }).ledger, week).toEqual(
        ledgerFromSubmissions(submissions, DEFAULT_CONFIG, { from: week, to: week }).ledger,
      );
    }
  });

  it('has a ledger whose summaries are what validate says', async () => {
    const lines = readFileSync(join(root, 'inbox', '收件登记.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    for (const entry of lines) {
      const results = (await validateFile(join(root, 'inbox', entry.file), { config: DEFAULT_CONFIG, convert: false })).map((v) => v.result);
      expect(results.map((r) => ({ kind: r.kind, group: r.group, rows: r.rows, valid: r.valid, fillDate: r.fillDate })), entry.file).toEqual(
        entry.tables.map((t: { kind: string; group: number; rows: number; valid: boolean; fillDate: string }) => ({ kind: t.kind, group: t.group, rows: t.rows, valid: t.valid, fillDate: t.fillDate })),
      );
      expect(results.flatMap((r) => r.issues.filter((i) => i.severity === 'error')).length, entry.file).toBe(entry.summary.errors);
    }
  });
});
