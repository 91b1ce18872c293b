/**
 * The inbox's result cache (issue 9, src/inbox/cache.ts): the same outputs with and without it, a
 * changed file read again (also one whose stat the stat index knows), corrupt records and records
 * of another version or configuration ignored, two writers on one pack, a cache that cannot be
 * written is no cache, and only what JSON gives back unchanged is kept.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli.js';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import type { Config } from '../../src/config/schema.js';
import {
  CACHE_DIR_NAME,
  CACHE_FORMAT,
  cacheable,
  isCacheFile,
  openResultCache,
  PACK_FILE_NAME,
  packRecords,
  ResultCache,
  STAT_INDEX_FILE_NAME,
  summaryOf,
  validateCached,
} from '../../src/inbox/cache.js';
import { TRACKED_FIELDS } from '../../src/problems/tracked-cells.js';
import { unpackTable } from '../../src/inbox/cache-cells.js';
import { validateFile } from '../../src/validate/pipeline.js';
import type { Validated } from '../../src/validate/result.js';

const REPO = join(import.meta.dirname, '..', '..');
const FIXTURE_INBOX = join(REPO, 'fixtures', 'inbox');
const VALIDATE = join(REPO, 'fixtures', 'validate');
const NOW = '2022-03-25T15:00:00+08:00';

let dir: string;
const savedEnv = { XMB_NOW: process.env.XMB_NOW, XMB_CACHE: process.env.XMB_CACHE };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmb-cache-'));
  // The sample inbox as the clerk has it (without a cache left by other runs over fixtures/).
  cpSync(FIXTURE_INBOX, join(dir, '收件'), { recursive: true, filter: (src) => !src.includes(CACHE_DIR_NAME) });
  process.env.XMB_NOW = NOW;
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  for (const [key, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});
afterEach(() => {
  delete process.env.XMB_CACHE;
});

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
  const cwd = process.cwd();
  try {
    process.chdir(dir);
    const code = await main(['node', 'xmb', ...args]);
    return { code, out, err };
  } finally {
    process.chdir(cwd);
    o.mockRestore();
    e.mockRestore();
  }
}

const cacheDir = () => join(dir, '收件', CACHE_DIR_NAME);
const sha = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');
/** The pack's records (header, summary and payload text), in order. */
const records = (folder = cacheDir()) => {
  const bytes = readFileSync(join(folder, PACK_FILE_NAME));
  return packRecords(bytes).map((r) => ({
    header: r.header,
    summary: bytes.toString('utf8', r.summaryStart, r.summaryEnd),
    payload: bytes.toString('utf8', r.start, r.end),
  }));
};
/** A pack line as the cache writes it. */
const line = (header: object, summary: string, payload: string) => `\n${JSON.stringify(header)}\t${summary}\t${payload}\n`;

/** Everything the commands print and write, by name. */
async function outputs(): Promise<Record<string, string>> {
  const got: Record<string, string> = {};
  for (const out of ['汇总', '月报']) rmSync(join(dir, out), { recursive: true, force: true });
  const record = async (name: string, args: string[]) => {
    const r = await run(args);
    expect(r.err, name).toBe('');
    got[name] = `${r.code}\n${r.out}`;
  };
  await record('merge', ['merge', '--week', '2022-W09', '--inbox', '收件', '--out', '汇总', '--force']);
  await record('merge --json', ['merge', '--week', '2022-W10', '--inbox', '收件', '--out', '汇总', '--force', '--json']);
  for (const f of readdirSync(join(dir, '汇总')).sort()) got[`汇总/${f}`] = sha(readFileSync(join(dir, '汇总', f)));
  await record('monthly', ['monthly', '--month', '2022-03', '--inbox', '收件', '--out', '月报', '--force']);
  await record('monthly --json', ['monthly', '--month', '2022-03', '--inbox', '收件', '--out', '月报', '--force', '--json']);
  for (const f of readdirSync(join(dir, '月报')).sort()) got[`月报/${f}`] = sha(readFileSync(join(dir, '月报', f)));
  await record('status --year', ['status', '--year', '2022', '--inbox', '收件']);
  await record('status --year --json', ['status', '--year', '2022', '--inbox', '收件', '--json']);
  await record('status --month', ['status', '--month', '2022-03', '--inbox', '收件', '--json']);
  await record('status --week', ['status', '--week', '2022-W09', '--inbox', '收件']);
  return got;
}

describe('the result cache gives the same outputs', () => {
  it('without it, with a cold cache and with a warm one, byte for byte', async () => {
    rmSync(cacheDir(), { recursive: true, force: true });
    process.env.XMB_CACHE = 'off';
    const uncached = await outputs();
    expect(() => readdirSync(cacheDir())).toThrow(); // off means off: nothing written
    delete process.env.XMB_CACHE;
    const cold = await outputs();
    const files = readdirSync(join(dir, '收件'), { recursive: true }).filter((f) => String(f).endsWith('.xlsx'));
    expect(readdirSync(cacheDir()).filter(isCacheFile).sort()).toEqual([STAT_INDEX_FILE_NAME, PACK_FILE_NAME].sort());
    expect(new Set(records().map((r) => `${r.header.sha256} ${r.header.name}`)).size).toBe(files.length);
    const before = readFileSync(join(cacheDir(), PACK_FILE_NAME));
    const warm = await outputs();
    expect(readFileSync(join(cacheDir(), PACK_FILE_NAME)).equals(before)).toBe(true); // nothing appended
    expect(Object.keys(uncached)).toHaveLength(15);
    expect(cold).toEqual(uncached);
    expect(warm).toEqual(uncached);
  }, 300_000);

  it('really answers from the cache: an entry edited consistently shows in the merged workbook', async () => {
    await run(['merge', '--week', '2022-W09', '--inbox', '收件', '--out', '汇总', '--force']);
    // 第一组's W09 进度滞后 file: rename its first project inside its cache record, with a matching payload hash.
    const workbook = join(dir, '收件', '2022-W09', readdirSync(join(dir, '收件', '2022-W09')).find((f) => f.startsWith('第01组') && f.includes('进度滞后'))!);
    const key = sha(readFileSync(workbook));
    let original = '';
    const edited = records().map(({ header, summary, payload }) => {
      if (header.sha256 !== key) return line(header, summary, payload);
      // Cells as objects (the cache also reads them in that form; cache-cells.ts).
      const results = (JSON.parse(payload) as Validated[]).map((r) => ({ ...r, table: r.table && unpackTable(r.table) }));
      const name = results[0]!.table!.rows[0]!.cells.name!;
      original = name.display;
      name.display = '缓存里改过的项目名称';
      name.value = { kind: 'text', text: '缓存里改过的项目名称' };
      const body = JSON.stringify(results);
      return line({ ...header, payload: sha(Buffer.from(body)) }, summary, body);
    });
    expect(original).not.toBe('');
    writeFileSync(join(cacheDir(), PACK_FILE_NAME), edited.join(''));

    expect((await run(['merge', '--week', '2022-W09', '--inbox', '收件', '--out', '汇总2', '--force'])).code).toBe(0);
    const { readWorkbook } = await import('../../src/reader/index.js');
    const mergedText = async () => {
      const file = readdirSync(join(dir, '汇总2')).find((f) => f.includes('进度滞后'))!;
      const read = await readWorkbook(join(dir, '汇总2', file));
      if (!read.ok) throw new Error(read.message);
      return JSON.stringify(read.workbook.sheets[0]!.rows);
    };
    expect(await mergedText()).toContain('缓存里改过的项目名称');
    process.env.XMB_CACHE = 'off';
    await run(['merge', '--week', '2022-W09', '--inbox', '收件', '--out', '汇总2', '--force']);
    const fresh = await mergedText();
    expect(fresh).not.toContain('缓存里改过的项目名称');
    expect(fresh).toContain(JSON.stringify(original).slice(1, -1));
    // Leave a clean cache for the other tests.
    rmSync(cacheDir(), { recursive: true, force: true });
  }, 120_000);
});

describe('validateCached', () => {
  const config = DEFAULT_CONFIG;
  let work: string;
  let cache: ResultCache;
  const lagging = join(VALIDATE, '第三组-高新区-进度滞后-两行表头（正确）.xlsx');
  const other = join(VALIDATE, '第五组-巩义市-进度滞后-金额写成文字.xlsx');
  const fresh = (path: string) => validateFile(path, { config });
  const strip = (v: Validated[]) => JSON.parse(JSON.stringify(v));

  beforeAll(() => {
    work = join(dir, 'unit');
    mkdirSync(work, { recursive: true });
  });
  const newCache = () => {
    rmSync(join(work, CACHE_DIR_NAME), { recursive: true, force: true });
    cache = openResultCache(work, config)!;
    return cache;
  };

  /** validateCached, then the cache's records appended (as validateInboxFiles does at its end). */
  const once = async (file: string, cfg: Config, c: ResultCache | null, summary = false) => {
    const result = await validateCached(file, { config: cfg }, c, { summary });
    c?.flush();
    return result;
  };
  const pack = () => join(work, CACHE_DIR_NAME, PACK_FILE_NAME);

  it('reads a changed file again, and answers an unchanged one from the cache', async () => {
    newCache();
    const file = join(work, '第三组-进度滞后.xlsx');
    cpSync(lagging, file);
    const first = await validateCached(file, { config }, cache);
    expect(cache.counts).toMatchObject({ hits: 0, misses: 1, written: 1 });
    expect(strip(await validateCached(file, { config }, cache))).toEqual(strip(first));
    expect(cache.counts.hits).toBe(1);
    // Same name, new content (another group's table): read again, and the new result is what counts.
    cpSync(other, file);
    const changed = await validateCached(file, { config }, cache);
    expect(cache.counts).toMatchObject({ hits: 1, misses: 2, written: 2 });
    expect(strip(changed)).toEqual(strip(await fresh(file)));
    expect(changed[0]!.result.issues.map((i) => i.code)).toContain('number-as-text');
    expect(first[0]!.result.issues.map((i) => i.code)).not.toContain('number-as-text');
    // Appended, a new cache finds both.
    cache.flush();
    expect(records(join(work, CACHE_DIR_NAME))).toHaveLength(2);
    const next = openResultCache(work, config)!;
    expect(strip(await validateCached(file, { config }, next))).toEqual(strip(changed));
    expect(next.counts).toMatchObject({ hits: 1, misses: 0 });
  });

  it('does not read a file whose stat the stat index knows, and reads it when the stat changes', async () => {
    newCache();
    const file = join(work, 'stat.xlsx');
    cpSync(lagging, file);
    cache.settledMs = -1; // the file was just copied: trust its stat at once
    await once(file, config, cache);
    expect(cache.counts).toMatchObject({ statHits: 0, misses: 1 });
    const index = JSON.parse(readFileSync(join(work, CACHE_DIR_NAME, STAT_INDEX_FILE_NAME), 'utf8'));
    expect(index.files['stat.xlsx'][5]).toBe(sha(readFileSync(file)));
    const warm = openResultCache(work, config)!;
    await once(file, config, warm);
    expect(warm.counts).toMatchObject({ statHits: 1, hits: 1, misses: 0 });
    // Same size, the modification time put back: the change time still tells.
    const { mtime, size } = statSync(file);
    const bytes = readFileSync(other);
    writeFileSync(file, Buffer.concat([bytes, Buffer.alloc(Math.max(0, size - bytes.length))]).subarray(0, size));
    utimesSync(file, mtime, mtime);
    const changed = openResultCache(work, config)!;
    changed.settledMs = -1;
    const result = await once(file, config, changed);
    expect(changed.counts).toMatchObject({ statHits: 0, hits: 0, misses: 1 });
    expect(strip(result)).toEqual(strip(await fresh(file)));
    // A file that had not settled when it was hashed is hashed again next time.
    rmSync(join(work, CACHE_DIR_NAME), { recursive: true, force: true });
    await once(file, config, openResultCache(work, config)); // settledMs 2 s: a file written just now
    const unsettled = openResultCache(work, config)!;
    await once(file, config, unsettled);
    expect(unsettled.counts).toMatchObject({ statHits: 0, hits: 1 });
  });

  it('looks a file up by the stat the inbox scan took, and reads it anew when the file changed since', async () => {
    newCache();
    const file = join(work, 'scanned.xlsx');
    cpSync(lagging, file);
    cache.settledMs = -1;
    await once(file, config, cache);
    // Unchanged since the scan: the scan's stat finds it in the stat index.
    const seen = statSync(file);
    const warm = openResultCache(work, config)!;
    await validateCached(file, { config }, warm, { seen });
    expect(warm.counts).toMatchObject({ statHits: 1, hits: 1, misses: 0 });
    // Changed after its stat was taken (a stat the index does not know): read and hashed again.
    const bytes = readFileSync(other);
    writeFileSync(file, bytes);
    const changed = openResultCache(work, config)!;
    changed.settledMs = -1;
    const stale = { ...seen, size: seen.size + 1 } as typeof seen;
    const result = await validateCached(file, { config }, changed, { seen: stale });
    changed.flush();
    expect(changed.counts).toMatchObject({ statHits: 0, hits: 0, misses: 1 });
    expect(strip(result)).toEqual(strip(await fresh(file)));
    // Remembered under the stat taken before its bytes were read, not the stale one.
    const index = JSON.parse(readFileSync(join(work, CACHE_DIR_NAME, STAT_INDEX_FILE_NAME), 'utf8'));
    expect(index.files['scanned.xlsx'].slice(0, 1)).toEqual([statSync(file).size]);
    expect(index.files['scanned.xlsx'][5]).toBe(sha(bytes));
  });

  /** Where a pack line's summary (part 1) or payload (part 2) starts and ends. */
  const bounds = (t: string, part: 1 | 2) => {
    const cuts = [t.indexOf('\t'), t.indexOf('\t', t.indexOf('\t') + 1), t.lastIndexOf('\n')];
    return [cuts[part - 1]! + 1, cuts[part]!] as const;
  };
  /** A pack line's text with `edit` applied to its summary or payload only. */
  const inPart = (part: 1 | 2, edit: (text: string) => string) => (t: string) => {
    const [start, end] = bounds(t, part);
    return t.slice(0, start) + edit(t.slice(start, end)) + t.slice(end);
  };
  const editCell = (text: string) => text.replace('"display":"', '"display":"X');

  for (const summary of [false, true])
    it(`ignores a corrupt record (truncated, garbage, ${summary ? 'summary' : 'payload'} edited without its hash) and writes a good one`, async () => {
      const file = join(work, 'corrupt.xlsx');
      cpSync(lagging, file);
      const expected = strip(summary ? summaryOf(await fresh(file)) : await fresh(file));
      const corruptions: ((text: string) => string)[] = [
        // (Cut in the payload, a line's summary is whole, checks out and is used.)
        ...(summary ? [] : [(t: string) => t.slice(0, Math.floor(t.length / 2))]),
        (t) => t.slice(0, Math.floor(bounds(t, summary ? 1 : 2).reduce((a, b) => a + b) / 2)), // cut in the part read
        () => 'garbage',
        () => '',
        inPart(summary ? 1 : 2, editCell),
        (t) => t.slice(0, t.indexOf('\t')),
        (t) => t.slice(0, t.lastIndexOf('\t')), // no payload
        (t) => `\n{"xmb":"result-cache"\t${t.slice(t.indexOf('\t') + 1)}`,
        (t) => t.replace('\t', ' '),
      ];
      for (const corrupt of corruptions) {
        newCache();
        await once(file, config, cache);
        const good = readFileSync(pack(), 'utf8');
        writeFileSync(pack(), corrupt(good));
        const again = openResultCache(work, config)!;
        expect(strip(await once(file, config, again, summary)), corrupt.toString()).toEqual(expected);
        expect(again.counts, corrupt.toString()).toMatchObject({ hits: 0, misses: 1, written: 1 });
        // The good record appended after the broken one, and found.
        expect(readFileSync(pack(), 'utf8').endsWith(good), corrupt.toString()).toBe(true);
        const after = openResultCache(work, config)!;
        expect(strip(await once(file, config, after, summary))).toEqual(expected);
        expect(after.counts, corrupt.toString()).toMatchObject({ hits: 1, misses: 0 });
      }
    });

  it('keeps a summary beside each result: the same as summaryOf the result, read on its own, recomputed when the file changes', async () => {
    newCache();
    const file = join(work, 'summary.xlsx');
    cpSync(lagging, file);
    const full = await once(file, config, cache);
    const expected = strip(summaryOf(await fresh(file)));
    // Only the tracked cells, and marked as a summary.
    const table = expected[0].table;
    expect(table.trackedOnly).toBe(true);
    expect(new Set(table.rows.flatMap((r: { cells: object }) => Object.keys(r.cells)))).toEqual(new Set(TRACKED_FIELDS));
    expect(full[0]!.table!.trackedOnly).toBeUndefined();
    const warm = openResultCache(work, config)!;
    expect(strip(await once(file, config, warm, true))).toEqual(expected);
    expect(strip(await once(file, config, warm))).toEqual(strip(full));
    expect(warm.counts).toMatchObject({ hits: 2, misses: 0 });
    // Without a cache, the same summary.
    expect(strip(await validateCached(file, { config }, null, { summary: true }))).toEqual(expected);
    // A summary edited (with its hash) is what a summary read gets; a full read does not see it.
    const edited = records(join(work, CACHE_DIR_NAME)).map(({ header, summary, payload }) => {
      const body = summary.replace(/"[^"]*项目[^"]*"/, '"缓存摘要里改过的名称"');
      expect(body).not.toBe(summary);
      return line({ ...header, summary: sha(Buffer.from(body)) }, body, payload);
    });
    writeFileSync(pack(), edited.join(''));
    const fromEdited = openResultCache(work, config)!;
    expect(JSON.stringify(await once(file, config, fromEdited, true))).toContain('缓存摘要里改过的名称');
    expect(JSON.stringify(await once(file, config, fromEdited))).not.toContain('缓存摘要里改过的名称');
    // The file changed: its summary is worked out anew from the new table, not taken from the old record.
    cpSync(other, file);
    const changed = openResultCache(work, config)!;
    const newSummary = await once(file, config, changed, true);
    expect(changed.counts).toMatchObject({ hits: 0, misses: 1 });
    expect(strip(newSummary)).toEqual(strip(summaryOf(await fresh(file))));
    expect(strip(newSummary)).not.toEqual(expected);
  });

  it('ignores a record of format 3 (no summary): not misread as a summary or a result', async () => {
    newCache();
    const file = join(work, 'format3.xlsx');
    cpSync(lagging, file);
    await once(file, config, cache);
    const { header, payload } = records(join(work, CACHE_DIR_NAME))[0]!;
    // As format 3 wrote it: one TAB, no summary hash — and the same with this format's number.
    const { summary: _summary, ...format3 } = header;
    for (const old of [{ ...format3, format: 3 }, format3])
      for (const summary of [false, true]) {
        writeFileSync(pack(), `\n${JSON.stringify(old)}\t${payload}\n`);
        const again = openResultCache(work, config)!;
        const got = await once(file, config, again, summary);
        expect(again.counts, JSON.stringify(old)).toMatchObject({ hits: 0, misses: 1 });
        expect(strip(got)).toEqual(strip(summary ? summaryOf(await fresh(file)) : await fresh(file)));
      }
  });

  it('ignores a record of another format, another xmb or another configuration', async () => {
    const file = join(work, 'version.xlsx');
    cpSync(lagging, file);
    newCache();
    await once(file, config, cache);
    const { header, summary, payload } = records(join(work, CACHE_DIR_NAME))[0]!;
    for (const change of [{ format: CACHE_FORMAT + 1 }, { stamp: sha('xmb 0.0.9') }]) {
      writeFileSync(pack(), line({ ...header, ...change }, summary, payload));
      const again = openResultCache(work, config)!;
      await once(file, config, again);
      expect(again.counts, JSON.stringify(change)).toMatchObject({ hits: 0, misses: 1, ignored: 1, written: 1 });
    }
    // Another xmb: a cache opened by other code (another stamp) does not use this one's records.
    const otherXmb = new ResultCache(join(work, CACHE_DIR_NAME), sha('another build'));
    await once(file, config, otherXmb);
    expect(otherXmb.counts).toMatchObject({ hits: 0, misses: 1 });

    // Another configuration: 高新区 moved to 第五组 — the cached group must not survive.
    const moved: Config = {
      ...config,
      groups: config.groups.map((g) => (g.number === 3 ? { ...g, district: '巩义市' } : g.number === 5 ? { ...g, district: '高新区' } : g)),
    };
    expect(openResultCache(work, moved)!.stamp).not.toBe(openResultCache(work, config)!.stamp);
    const byDistrict = join(work, '高新区进度滞后.xlsx');
    cpSync(lagging, byDistrict);
    await once(byDistrict, config, openResultCache(work, config));
    const movedCache = openResultCache(work, moved)!;
    const result = await once(byDistrict, moved, movedCache);
    expect(movedCache.counts.hits).toBe(0);
    expect(strip(result)).toEqual(strip(await validateFile(byDistrict, { config: moved })));
  });

  it('keeps the records of two writers on one pack, past a torn one, and drops dead ones when it rewrites the pack', async () => {
    newCache();
    const a = join(work, 'writer-a.xlsx');
    const b = join(work, 'writer-b.xlsx');
    cpSync(lagging, a);
    cpSync(other, b);
    // Two processes: each reads the pack, validates its file, appends.
    const first = openResultCache(work, config)!;
    const second = openResultCache(work, config)!;
    await validateCached(a, { config }, first);
    await validateCached(b, { config }, second);
    first.flush();
    appendFileSync(pack(), '{"xmb":"result-cache","format":2,"sta'); // a writer that died mid-record
    second.flush();
    const both = openResultCache(work, config)!;
    await once(a, config, both);
    await once(b, config, both);
    expect(both.counts).toMatchObject({ hits: 2, misses: 0 });
    // Another xmb's records, many times the live ones: the next run that appends rewrites the pack.
    const live = readFileSync(pack());
    const dead = records(join(work, CACHE_DIR_NAME)).map((r) => line({ ...r.header, stamp: sha('old xmb') }, r.summary, r.payload)).join('');
    writeFileSync(pack(), Buffer.concat([Buffer.from(dead.repeat(Math.ceil((1024 * 1024) / dead.length) + 1)), live]));
    const c = join(work, 'writer-c.xlsx');
    cpSync(lagging, c);
    await once(c, config, openResultCache(work, config));
    const kept = records(join(work, CACHE_DIR_NAME));
    expect(kept.map((r) => r.header.name).sort()).toEqual(['writer-a.xlsx', 'writer-b.xlsx', 'writer-c.xlsx']);
    expect(kept.every((r) => r.header.stamp === openResultCache(work, config)!.stamp)).toBe(true);
    const after = openResultCache(work, config)!;
    for (const f of [a, b, c]) await once(f, config, after);
    expect(after.counts).toMatchObject({ hits: 3, misses: 0 });
  });

  it('puts back the path the file is read under now', async () => {
    newCache();
    const file = join(work, 'path.xlsx');
    cpSync(lagging, file);
    await validateCached(file, { config }, cache);
    const spelled = join(work, '.', '..', 'unit', 'path.xlsx');
    const viaOther = await validateCached(spelled, { config }, cache);
    expect(cache.counts.hits).toBe(1);
    expect(viaOther[0]!.path).toBe(spelled);
    expect(viaOther[0]!.result.file).toBe(spelled);
    expect(viaOther[0]!.table!.file).toBe(spelled);
    expect(strip(viaOther)).toEqual(strip(await validateFile(spelled, { config })));
  });

  it('goes on without a cache it cannot write (the cache folder is a file)', async () => {
    rmSync(join(work, CACHE_DIR_NAME), { recursive: true, force: true });
    writeFileSync(join(work, CACHE_DIR_NAME), 'not a folder');
    const blocked = openResultCache(work, config)!;
    const file = join(work, 'blocked.xlsx');
    cpSync(lagging, file);
    expect(strip(await once(file, config, blocked))).toEqual(strip(await fresh(file)));
    expect(strip(await once(file, config, blocked))).toEqual(strip(await fresh(file)));
    // The first record could not be appended; after that the cache stops trying.
    expect(blocked.counts).toMatchObject({ hits: 0, misses: 2, written: 1 });
    rmSync(join(work, CACHE_DIR_NAME));
  });

  it('is off with XMB_CACHE=off', () => {
    expect(openResultCache(work, config, { XMB_CACHE: 'off' })).toBeNull();
    expect(openResultCache(work, config, { XMB_CACHE: '0' })).toBeNull();
    expect(openResultCache(work, config, {})).not.toBeNull();
  });

  it('keeps only results JSON gives back unchanged, and none that depend on this computer', async () => {
    const [good] = await fresh(lagging);
    expect(cacheable([good!])).toBe(true);
    const withCell = (value: unknown): Validated => {
      const copy = structuredClone(good!);
      (copy.table!.rows[0]!.cells.total as unknown as { value: unknown }).value = value;
      return copy;
    };
    expect(cacheable([withCell({ kind: 'number', value: -0, fromText: false })])).toBe(false);
    expect(cacheable([withCell({ kind: 'number', value: Number.NaN, fromText: false })])).toBe(false);
    expect(cacheable([withCell({ kind: 'number', value: 1, fromText: undefined })])).toBe(false);
    expect(cacheable([withCell(new Date(0))])).toBe(false);
    // eslint-disable-next-line no-sparse-arrays
    expect(cacheable([withCell([1, , 3])])).toBe(false);
    expect(cacheable([withCell({ kind: 'number', value: 1, fromText: false })])).toBe(true);
    const fileLevel = (code: string): Validated => ({
      path: 'x.xlsx',
      table: null,
      result: { file: 'x.xlsx', sheet: null, kind: null, group: null, district: null, fillDate: null, rows: 0, valid: false, issues: [{ severity: 'error', code: code as never, cell: null, row: null, field: null, value: null, message: '无法读取' }] },
    });
    expect(cacheable([fileLevel('template-unrecognized')])).toBe(true);
    expect(cacheable([fileLevel('file-encrypted')])).toBe(true);
    expect(cacheable([fileLevel('file-unreadable')])).toBe(false);
    expect(cacheable([fileLevel('file-format-unsupported')])).toBe(false);
    expect(cacheable([fileLevel('file-too-large')])).toBe(false);
  });
});
