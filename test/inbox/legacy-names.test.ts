/**
 * Inboxes filed before the canonical names carried Chinese kind names
 * (第03组_高新区_lagging+provincial_20220304-1130.xlsx) keep working: the same week, read from the
 * same files under their old names, gives the same statuses (issue 8 item 8).
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KINDS, type KindId } from '../../src/schema/kinds.js';
import { REPO_ROOT, runCli } from '../support/cli.js';

const ENGLISH = Object.fromEntries((Object.keys(KINDS) as KindId[]).map((k) => [KINDS[k].shortName, k]));
const toEnglish = (name: string) => name.replace(/_([^_]+)_(\d{8}-\d{4})/, (_, kinds: string, stamp: string) => `_${kinds.split('+').map((k) => ENGLISH[k] ?? k).join('+')}_${stamp}`);

describe('an inbox with English kind names in its file names', () => {
  it('gives the same 报送情况 as the same inbox with Chinese names', () => {
    const root = mkdtempSync(join(tmpdir(), 'xmb-legacy-'));
    const inbox = join(root, '收件');
    cpSync(join(REPO_ROOT, 'fixtures', 'inbox'), inbox, { recursive: true });
    let renamed = 0;
    for (const week of readdirSync(inbox).filter((n) => n.startsWith('2022-W')))
      for (const name of readdirSync(join(inbox, week))) {
        if (toEnglish(name) === name) continue;
        renameSync(join(inbox, week, name), join(inbox, week, toEnglish(name)));
        renamed++;
      }
    expect(renamed).toBeGreaterThan(100);
    const ledger = join(inbox, '收件登记.jsonl');
    const lines = readFileSync(ledger, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { file: string });
    writeFileSync(ledger, lines.map((e) => JSON.stringify({ ...e, file: toEnglish(e.file) })).join('\n') + '\n');
    expect(readFileSync(ledger, 'utf8')).toMatch(/_lagging\+provincial\+municipal_/);

    const env = { XMB_NOW: '2022-03-04T15:00:00+08:00' };
    const status = (dir: string) => runCli(['status', '--week', '2022-W09', '--inbox', dir, '--json'], { cwd: root, env });
    const old = status(inbox);
    const now = status(join(REPO_ROOT, 'fixtures', 'inbox'));
    expect(old.code).toBe(0);
    expect(old.stderr).toBe('');
    const strip = (text: string) =>
      (JSON.parse(text).submissions as { file: string | null }[]).map((s) => ({ ...s, file: s.file ? toEnglish(s.file.split(/[\\/]/).pop()!) : null }));
    expect(strip(old.stdout)).toEqual(strip(now.stdout));
  });
});
