/** xmb remind end to end on the sample inbox: the messages on screen and in a Notepad-friendly text file. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, REPO_ROOT } from '../support/cli.js';

const inbox = join(REPO_ROOT, 'fixtures', 'inbox');

describe('xmb remind', () => {
  it('prints a message per group missing, late or invalid, and writes them UTF-8 with BOM and CRLF', () => {
    const out = mkdtempSync(join(tmpdir(), 'xmb-remind-'));
    const run = runCli(['remind', '--week', '2022-W09', '--inbox', inbox, '--out', out], { env: { XMB_NOW: '2022-03-07T09:00:00+08:00' } });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('【催报】第十六组（中牟县）杨念峰组长');
    expect(run.stdout).toContain('【退回修改】第十二组（航空港区）李航组长');
    expect(run.stdout).toContain('【提醒】第十组（上街区）王连忠组长');
    const bytes = readFileSync(join(out, '2022年第09周_催报退回.txt'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text).toMatch(/\r\n$/);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    const messages = text.split('\r\n').filter((l) => l.startsWith('【'));
    expect(messages).toHaveLength(4);
    for (const m of messages) expect([...m].length).toBeLessThanOrEqual(300);
  });

  it('--json gives the messages with their lengths', () => {
    const out = mkdtempSync(join(tmpdir(), 'xmb-remind-'));
    const run = runCli(['remind', '--week', '2022-W09', '--inbox', inbox, '--out', out, '--json'], { env: { XMB_NOW: '2022-03-07T09:00:00+08:00' } });
    const doc = JSON.parse(run.stdout);
    expect(doc.week).toBe('2022-W09');
    expect(doc.messages.map((m: { group: number }) => m.group)).toEqual([10, 11, 12, 16]);
    for (const m of doc.messages) expect(m.length).toBe([...m.text].length);
  });
});
