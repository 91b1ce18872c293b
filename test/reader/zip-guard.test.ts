import { afterAll, describe, expect, it } from 'vitest';
import { readWorkbook } from '../../src/reader/index.js';
import { READER_LIMITS } from '../../src/reader/limits.js';
import { listZip, ZipArchive, type PartSink } from '../../src/reader/zip-guard.js';
import { ReaderFailure } from '../../src/reader/failure.js';
import { bookWithRawSheet, deflate, deflateBomb, rawZip, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const MiB = 1024 * 1024;
const SHEET_START = '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';

describe('zip-bomb guard', () => {
  it('refuses a part that says it inflates to 300 MB, from the directory alone', async () => {
    const bomb = deflateBomb(300, SHEET_START);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const path = tmp.file('炸弹.xlsx', bookWithRawSheet(bomb, 300 * MiB));
    const outcome = await readWorkbook(path);
    expect(outcome).toMatchObject({ ok: false, code: 'file-too-large' });
    if (!outcome.ok) expect(outcome.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('refuses a part that lies about its size (declares 1 KB, inflates to 300 MB of spaces) while inflating', async () => {
    const path = tmp.file('说谎的炸弹.xlsx', bookWithRawSheet(deflateBomb(300, SHEET_START), 1000));
    const before = process.memoryUsage().rss;
    const outcome = await readWorkbook(path);
    // Inflating past the size the directory declares is a corrupt part: refused, naming it.
    expect(outcome).toMatchObject({ ok: false, code: 'file-unreadable' });
    if (!outcome.ok) expect(outcome.message).toContain('xl/worksheets/sheet1.xml');
    // It stopped long before inflating everything: far below the 300 MB the part would give.
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * MiB);
  });

  it('stops inflating at the size the directory declares', () => {
    const bytes = rawZip([{ name: 'big.xml', data: deflateBomb(64, '<a>', 0x41), declaredSize: 10 }]);
    const limits = { ...READER_LIMITS, maxXmlRunChars: 1024 * MiB };
    const archive = new ZipArchive(bytes, listZip(bytes, limits), limits);
    let written = 0;
    const sink: PartSink = { write: (t) => void (written += t.length), end: () => undefined };
    expect(() => archive.pass(new Map([['big.xml', sink]]))).toThrow(/file-unreadable/);
    // zlib is told never to produce more than the declared 10 bytes: it stops there, nothing is handed on.
    expect(archive.inflatedBytes).toBeLessThanOrEqual(10);
    expect(written).toBe(0);
  });

  it('reads a part whose declared size is exact, and refuses one declared past the per-part limit from the directory alone', () => {
    const text = '<a>' + 'x'.repeat(100_000) + '</a>';
    const exact = rawZip([{ name: 'ok.xml', data: deflate(text), declaredSize: text.length }]);
    const archive = new ZipArchive(exact, listZip(exact, READER_LIMITS), READER_LIMITS);
    expect(archive.readTexts(['ok.xml']).get('ok.xml')).toBe(text);
    expect(archive.inflatedBytes).toBe(text.length);
    const big = rawZip([{ name: 'big.xml', data: deflateBomb(64, '<a>', 0x41), declaredSize: 64 * MiB + 3 }]);
    expect(() => listZip(big, { ...READER_LIMITS, maxPartBytes: 8 * MiB })).toThrow(/file-too-large/);
  });

  it('refuses too many entries, a total past the limit and an impossible ratio', () => {
    const many = rawZip(Array.from({ length: 30 }, (_, i) => ({ name: `f${i}.xml`, data: deflate('<a/>'), declaredSize: 4 })));
    expect(() => listZip(many, { ...READER_LIMITS, maxZipEntries: 20 })).toThrow(/file-too-large/);
    const total = rawZip(Array.from({ length: 4 }, (_, i) => ({ name: `f${i}.xml`, data: deflate('<a/>'), declaredSize: 90 * MiB })));
    expect(() => listZip(total, READER_LIMITS)).toThrow(/file-too-large/);
    const ratio = rawZip([{ name: 'r.xml', data: deflate('<a/>'), declaredSize: 50 * MiB }]);
    expect(() => listZip(ratio, READER_LIMITS)).toThrow(/file-too-large/);
    const fine = rawZip([{ name: 'ok.xml', data: deflate('<a/>'), declaredSize: 4 }]);
    expect(listZip(fine, READER_LIMITS)).toHaveLength(1);
  });

  it('refuses an input file past the size limit before reading it', async () => {
    const path = tmp.file('大文件.xlsx', new Uint8Array(2 * MiB));
    expect(await readWorkbook(path, { limits: { maxFileBytes: MiB } })).toMatchObject({ ok: false, code: 'file-too-large' });
  });
});
