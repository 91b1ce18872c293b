/**
 * The inbox's result cache, `收件/.xmb-cache/` (issue 9): what validating a workbook gave — every
 * table found in it, with the rules' findings — kept per file, so that `status --year`, `monthly`
 * and `merge` do not read and check a year's 3,000 unchanged workbooks again on every run.
 *
 * Two files (format 4; format 1 kept one small file per entry, removed when a pack is written;
 * format 2 kept the path in the payload and longer cells; format 3 had no summary):
 *
 * - `results.pack`, the results: one record per line, appended, never edited in place —
 *   `<header JSON> TAB <summary JSON> TAB <payload JSON>`, each record written with a line end before
 *   and after it (so a record cut short by a crash never swallows the next one). The header holds the
 *   key, the stamp and the SHA-256 of the summary and of the payload; a line whose header does not
 *   check out is skipped, and a summary or payload whose hash does not is not used. The whole file
 *   is read once per run (a year ≈ 19 MB) and the last good record of each key counts.
 * - `files.json`, the stat index (as git's index): per workbook, by its path in the inbox, its size,
 *   modification and change times, inode and device, and the SHA-256 of its bytes. A workbook whose
 *   stat is unchanged is not read or hashed again; the key stays the content's hash. A stat is
 *   trusted only when the file had not been touched for 2 s when it was hashed (a change within
 *   the file system's time resolution would otherwise keep the same times).
 *
 * Key: the SHA-256 of the file's bytes, plus the file's name (the sending group and the kind can be
 * told from it) and the receipt the rules were told (filldate-stale compares the 填表日期 with it;
 * merge, status and monthly tell it). A record is used only when its stamp matches: the cache
 * format, xmb's version and a fingerprint of the running code, and a fingerprint of the
 * configuration (the roster and the district aliases decide groups and districts; the whole
 * configuration is fingerprinted, so any change to it means reading every file again once).
 *
 * What is kept is the full result (TableResult and Table, JSON; cells that repeat their text in a
 * shorter form, cache-cells.ts), so what merge, monthly and status compute from a cached file is
 * what they compute from the workbook: about 4 KB per file. Beside it, the summary: the same
 * results with each table cut to its tracking summary (src/problems/tracked-cells.ts: the cells the
 * 问题台账 reads), made from the full result by the same function a run without the cache uses
 * (`summaryOf`), about half its size. `monthly` asks for the summary of files it reads only
 * for the year of problem tracking before its period, and restores no full table of those. The
 * results' and tables' "file" (the path the file was read under) is not kept but set on reading, so
 * the same inbox can be named `收件`, `./收件` or by its full path.
 *
 * Safety:
 * - Safe to delete at any time (the next run reads the workbooks again and rebuilds it).
 * - Ignored when a record is corrupt (its payload's SHA-256 is checked when it is used), of another
 *   format, version, code or configuration, or not for this file name: the file is validated again
 *   and a new record appended. When more than a third of the pack is such dead records (another
 *   xmb's, replaced ones), the run that appended rewrites it with the live ones (temporary file,
 *   then rename). Records of files since removed are not pruned (a command need not see every file).
 * - A value JSON would not give back unchanged (-0, NaN, a missing array slot, undefined …) is never
 *   cached; neither is a result that depends on this computer rather than the file (a file that
 *   could not be opened, an .xls/.et that LibreOffice could not convert). A file is validated from
 *   the very bytes its key was hashed from (read once), so a file replaced meanwhile is never stored
 *   under another content's key.
 * - Two xmb processes on one inbox at once (receive while status runs): records are appended in
 *   O_APPEND writes, each checked on reading, and the stat index and a compacted pack are written to
 *   a temporary file and renamed; the worst a race does is lose some records, which the next run
 *   writes again.
 * - A cache that cannot be written (read-only inbox, full disk) just means no cache: the command goes
 *   on and nothing is printed. New records are kept in memory and appended at the end of the run
 *   (`flush`, called by validateInboxFiles) or every few MB.
 * - `XMB_CACHE=off` (or 0, no, false) turns it off.
 */
import { makeFolder } from '../make-folder.js';
import * as crypto from 'node:crypto';
import { appendFileSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { Config } from '../config/schema.js';
import { packTable, unpackTable } from './cache-cells.js';
import { trackingSummary } from '../problems/tracked-cells.js';
import { codeRoot } from './code-root.js';
import type { Receipt } from '../rules/types.js';
import type { ValidateContext } from '../validate/pipeline.js';
import type { TableResult, Validated } from '../validate/result.js';
import type { Table } from '../table/model.js';
import { LazyPool, POOL_MIN_FILES, poolSize } from './pool.js';

export const CACHE_DIR_NAME = '.xmb-cache';

/** Bumped whenever the record layout changes. */
export const CACHE_FORMAT = 4;

/** The results, appended (see above). */
export const PACK_FILE_NAME = 'results.pack';
/** The stat index (see above). */
export const STAT_INDEX_FILE_NAME = 'files.json';

/** .xlsx files validated at the same time (their reading overlaps with another's checking). */
const CONCURRENCY = 4;

/** New records kept in memory up to this many bytes before they are appended. */
const FLUSH_BYTES = 4 * 1024 * 1024;

/** A stat is trusted when the file was last touched this long before it was hashed (ms). */
const SETTLED_MS = 2000;

export interface CacheCounts {
  /** Files whose result came from the cache. */
  hits: number;
  /** Files validated (no record, or one that could not be used). */
  misses: number;
  /** Records present but not used: of another format or stamp (counted when the pack is read), corrupt (payload hash), or unreadable as JSON. */
  ignored: number;
  /** Records appended (or about to be: see flush). */
  written: number;
  /** Files whose bytes were not read: the stat index knew their hash. */
  statHits: number;
}

export interface RecordHeader {
  xmb: 'result-cache';
  format: number;
  stamp: string;
  /** The file's name and the receipt ('' or "ledger@<ms>"). */
  name: string;
  receipt: string;
  /** SHA-256 of the file's bytes. */
  sha256: string;
  /** SHA-256 of the summary's bytes. */
  summary: string;
  /** SHA-256 of the payload's bytes. */
  payload: string;
}

/** Which of a record's two texts: the full results, or their summary (see above). */
export type RecordPart = 'full' | 'summary';

/** A record of the pack: its header and where its summary and payload lie in the pack's bytes. */
interface PackedRecord {
  header: RecordHeader;
  summaryStart: number;
  summaryEnd: number;
  start: number;
  end: number;
}

/** A stat index line: size, mtimeMs, ctimeMs, ino, dev, SHA-256. */
type StatLine = [number, number, number, number, number, string];

const TAB = 0x09;
const NEWLINE = 0x0a;

/**
 * The records of a pack's bytes, in order: every line `<header>\t<summary>\t<payload>` whose header
 * parses as a result-cache header (JSON never holds a raw TAB, so the first two split the line).
 * Summaries and payloads are not checked here (see ResultCache.read).
 */
export function packRecords(bytes: Buffer): PackedRecord[] {
  const records: PackedRecord[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(NEWLINE, start);
    if (end < 0) end = bytes.length;
    const tab = end - start > 1 ? bytes.indexOf(TAB, start) : -1;
    const tab2 = tab > start && tab < end ? bytes.indexOf(TAB, tab + 1) : -1;
    if (tab2 > tab && tab2 < end) {
      try {
        const header = JSON.parse(bytes.toString('utf8', start, tab)) as Partial<RecordHeader> | null;
        if (
          header !== null &&
          header.xmb === 'result-cache' &&
          typeof header.format === 'number' &&
          typeof header.stamp === 'string' &&
          typeof header.name === 'string' &&
          typeof header.receipt === 'string' &&
          typeof header.sha256 === 'string' &&
          typeof header.summary === 'string' &&
          typeof header.payload === 'string'
        )
          records.push({ header: header as RecordHeader, summaryStart: tab + 1, summaryEnd: tab2, start: tab2 + 1, end });
      } catch {
        // not a record (a torn write, garbage): skipped
      }
    }
    start = end + 1;
  }
  return records;
}

/** One pack line for a header, its summary and its payload (with the line ends around it). */
function packLine(header: RecordHeader, summary: Buffer, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`\n${JSON.stringify(header)}\t`, 'utf8'), summary, Buffer.from('\t'), payload, Buffer.from('\n')]);
}

function recordKey(sha256: string, name: string, receipt: string): string {
  return `${sha256}\u0000${name}\u0000${receipt}`;
}

export class ResultCache {
  readonly counts: CacheCounts = { hits: 0, misses: 0, ignored: 0, written: 0, statHits: 0 };
  private writable = true;
  /** The pack as read at the first use (null: not read yet). */
  private pack: { bytes: Buffer; records: Map<string, PackedRecord>; liveBytes: number } | null = null;
  /** Records made since the last append (found by later reads until they are appended). */
  private fresh = new Map<string, Record<RecordPart, string>>();
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private appendedBytes = 0;
  /** The stat index (null: not read yet); `statDirty` when it changed. */
  private stats: Map<string, StatLine> | null = null;
  private statSeen = new Set<string>();
  private statDirty = false;
  /** How long a file must have been untouched when hashed for its stat to be trusted (ms; tests lower it). */
  settledMs = SETTLED_MS;

  constructor(
    /** The cache folder, `<inbox>/.xmb-cache`. */
    readonly dir: string,
    /** Format, version, code and configuration, hashed: records with another stamp are ignored. */
    readonly stamp: string,
  ) {}

  private get packPath(): string {
    return join(this.dir, PACK_FILE_NAME);
  }

  private get statPath(): string {
    return join(this.dir, STAT_INDEX_FILE_NAME);
  }

  /** Reads the pack once: the last record of each key with this stamp. */
  private loadPack(): NonNullable<ResultCache['pack']> {
    if (this.pack) return this.pack;
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.packPath);
    } catch {
      bytes = Buffer.alloc(0);
    }
    const records = new Map<string, PackedRecord>();
    for (const record of packRecords(bytes)) {
      const h = record.header;
      if (h.format !== CACHE_FORMAT || h.stamp !== this.stamp) this.counts.ignored++;
      else records.set(recordKey(h.sha256, h.name, h.receipt), record);
    }
    let liveBytes = 0;
    for (const r of records.values()) liveBytes += r.end - r.summaryStart;
    // A pack of another xmb's records only (the first run after an update) is not kept in memory.
    this.pack = { bytes: records.size > 0 ? bytes : Buffer.alloc(0), records, liveBytes };
    return this.pack;
  }

  /**
   * The stored result for this file's bytes, name and receipt — its payload, or its summary — or
   * null (none, corrupt, another stamp). Only the part asked for is checked and decoded.
   */
  read(sha256: string, name: string, receipt: string, part: RecordPart = 'full'): string | null {
    const key = recordKey(sha256, name, receipt);
    const made = this.fresh.get(key);
    if (made) return made[part];
    const pack = this.loadPack();
    const record = pack.records.get(key);
    if (!record) return null;
    const text = part === 'full' ? pack.bytes.subarray(record.start, record.end) : pack.bytes.subarray(record.summaryStart, record.summaryEnd);
    if ((part === 'full' ? record.header.payload : record.header.summary) !== sha256hex(text)) {
      this.counts.ignored++;
      return null;
    }
    return text.toString('utf8');
  }

  /** Stores a payload and its summary (appended by flush); never throws (a cache that cannot be written is no cache). */
  write(sha256: string, name: string, receipt: string, payload: string, summary: string): void {
    if (!this.writable) return;
    const body = Buffer.from(payload, 'utf8');
    const short = Buffer.from(summary, 'utf8');
    const header: RecordHeader = {
      xmb: 'result-cache',
      format: CACHE_FORMAT,
      stamp: this.stamp,
      name,
      receipt,
      sha256,
      summary: sha256hex(short),
      payload: sha256hex(body),
    };
    const line = packLine(header, short, body);
    this.fresh.set(recordKey(sha256, name, receipt), { full: payload, summary });
    this.pending.push(line);
    this.pendingBytes += line.length;
    this.counts.written++;
    if (this.pendingBytes >= FLUSH_BYTES) this.appendPending();
  }

  private appendPending(): void {
    if (this.pending.length === 0) return;
    const data = Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    this.fresh.clear();
    if (!this.writable) return;
    try {
      makeFolder(this.dir);
      // One write in append mode: records of two processes never interleave.
      appendFileSync(this.packPath, data);
      this.appendedBytes += data.length;
    } catch {
      this.writable = false;
    }
  }

  /**
   * The SHA-256 of a workbook's bytes from the stat index, when its stat is the one recorded; null
   * when unknown or changed (then read and hash it, and `rememberHash`).
   */
  knownHash(path: string, stats: Stats): string | null {
    const key = this.statKey(path);
    this.statSeen.add(key);
    const line = this.loadStats().get(key);
    if (!line || !sameStat(line, stats)) return null;
    this.counts.statHits++;
    return line[5];
  }

  /** Records a workbook's hash under the stat taken before its bytes were read (settled files only). */
  rememberHash(path: string, stats: Stats, sha256: string): void {
    const key = this.statKey(path);
    const index = this.loadStats();
    const settled = Date.now() - Math.max(stats.mtimeMs, stats.ctimeMs) > this.settledMs;
    const line: StatLine = [stats.size, stats.mtimeMs, stats.ctimeMs, stats.ino, stats.dev, sha256];
    const old = index.get(key);
    if (settled) {
      if (old && sameStat(old, stats) && old[5] === sha256) return;
      index.set(key, line);
      this.statDirty = true;
    } else if (old) {
      index.delete(key);
      this.statDirty = true;
    }
  }

  /** A workbook's key in the stat index: its path in the inbox, with "/". */
  private statKey(path: string): string {
    // Paths from the inbox scan start with the inbox as given (the cache folder's parent).
    const inbox = dirname(this.dir);
    const inside =
      path.startsWith(inbox + sep) && !/[\\/]\.\.?(?:[\\/]|$)/.test(path.slice(inbox.length))
        ? path.slice(inbox.length + 1)
        : relative(resolve(inbox), resolve(path));
    return sep === '/' ? inside : inside.split(sep).join('/');
  }

  private loadStats(): Map<string, StatLine> {
    if (this.stats) return this.stats;
    this.stats = new Map();
    try {
      const parsed = JSON.parse(readFileSync(this.statPath, 'utf8')) as { xmb?: unknown; format?: unknown; files?: unknown };
      if (parsed.xmb === 'file-index' && parsed.format === CACHE_FORMAT && parsed.files && typeof parsed.files === 'object')
        for (const [key, line] of Object.entries(parsed.files as Record<string, unknown>))
          if (isStatLine(line)) this.stats.set(key, line);
    } catch {
      // none yet, or unreadable: every workbook is hashed again
    }
    return this.stats;
  }

  /**
   * Appends the records made since the last flush, saves the stat index when it changed, and rewrites
   * the pack when most of it is dead. Never throws; called at the end of validateInboxFiles.
   */
  flush(): void {
    this.appendPending();
    if (!this.writable) return;
    if (this.statDirty) this.saveStats();
    if (this.appendedBytes > 0) {
      this.compactIfWasteful();
      this.appendedBytes = 0;
      this.pack = null; // reads after this see the pack again, with what was appended
    }
  }

  private saveStats(): void {
    const index = this.loadStats();
    const inbox = dirname(resolve(this.dir));
    const files: Record<string, StatLine> = {};
    // Lines of files not looked at in this run are kept while the file is there.
    for (const [key, line] of [...index].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)))
      if (this.statSeen.has(key) || existsSync(join(inbox, key))) files[key] = line;
    if (writeAtomically(this.dir, this.statPath, JSON.stringify({ xmb: 'file-index', format: CACHE_FORMAT, files }))) this.statDirty = false;
    else this.writable = false;
  }

  /**
   * Rewrites the pack with its live records (the last good one of each key with this stamp) when
   * the dead ones are more than half as many bytes as those; removes format 1's entry files.
   */
  private compactIfWasteful(): void {
    const live = (this.pack?.liveBytes ?? 0) + this.appendedBytes;
    let size: number;
    try {
      size = statSync(this.packPath).size;
    } catch {
      return;
    }
    removeFormat1Entries(this.dir);
    if (size - live <= live / 2 || size < 1024 * 1024) return;
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.packPath);
    } catch {
      return;
    }
    const latest = new Map<string, PackedRecord>();
    for (const record of packRecords(bytes)) {
      const h = record.header;
      if (h.format !== CACHE_FORMAT || h.stamp !== this.stamp) continue;
      if (h.payload !== sha256hex(bytes.subarray(record.start, record.end))) continue;
      if (h.summary !== sha256hex(bytes.subarray(record.summaryStart, record.summaryEnd))) continue;
      latest.set(recordKey(h.sha256, h.name, h.receipt), record);
    }
    const lines = [...latest.values()].map((r) => packLine(r.header, bytes.subarray(r.summaryStart, r.summaryEnd), bytes.subarray(r.start, r.end)));
    writeAtomically(this.dir, this.packPath, Buffer.concat(lines));
  }
}

function sameStat(line: StatLine, stats: Stats): boolean {
  return line[0] === stats.size && line[1] === stats.mtimeMs && line[2] === stats.ctimeMs && line[3] === stats.ino && line[4] === stats.dev;
}

function isStatLine(value: unknown): value is StatLine {
  return (
    Array.isArray(value) &&
    value.length === 6 &&
    value.slice(0, 5).every((x) => typeof x === 'number') &&
    typeof value[5] === 'string' &&
    /^[0-9a-f]{64}$/.test(value[5])
  );
}

/** Writes a file through a temporary file and a rename; false when it could not. */
function writeAtomically(dir: string, target: string, data: string | Buffer): boolean {
  const temp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    makeFolder(dir);
    writeFileSync(temp, data);
    renameSync(temp, target);
    return true;
  } catch {
    try {
      rmSync(temp, { force: true });
    } catch {
      // nothing to clean up, or nothing we can do
    }
    return false;
  }
}

/** Format 1 kept one file per entry, `<sha256>-<12 hex>.json`: dead weight once a pack is written. */
function removeFormat1Entries(dir: string): void {
  try {
    for (const name of readdirSync(dir)) if (/^[0-9a-f]{64}-[0-9a-f]{12}\.json(\.\d+\.[0-9a-z]+\.tmp)?$/.test(name)) rmSync(join(dir, name), { force: true });
  } catch {
    // best effort
  }
}

/** crypto.hash (Node ≥ 20.12): one call, without the stream object createHash makes each time. */
const oneShotHash = (crypto as { hash?: (algorithm: string, data: string | Uint8Array, encoding: 'hex') => string }).hash;

function sha256hex(data: string | Uint8Array): string {
  return oneShotHash ? oneShotHash('sha256', data, 'hex') : crypto.createHash('sha256').update(data).digest('hex');
}

/** Whether XMB_CACHE turns the cache off. */
export function cacheDisabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return /^(off|0|no|false)$/i.test((env.XMB_CACHE ?? '').trim());
}

/**
 * The cache of an inbox for this xmb and this configuration, or null when XMB_CACHE turns it off.
 * Opening touches nothing on disk; the folder is made on the first write.
 */
export function openResultCache(inbox: string, config: Config, env: NodeJS.ProcessEnv = process.env): ResultCache | null {
  if (cacheDisabled(env)) return null;
  const stamp = sha256hex(JSON.stringify({ format: CACHE_FORMAT, version: xmbVersion(), code: codeFingerprint(), config }));
  return new ResultCache(join(inbox, CACHE_DIR_NAME), stamp);
}

let versionMemo: string | undefined;
let codeMemo: string | undefined;

/**
 * The code to fingerprint: the src/ or dist/ tree this module belongs to, or the one file the
 * program is (the bundle xmb.cjs, or the single executable), or nothing known.
 */
function codeLocation(): { root: string } | { file: string } | null {
  const root = codeRoot();
  if (root) return { root };
  // The bundle runs inside a CommonJS wrapper: __filename is xmb.cjs (or the single executable).
  if (typeof __filename === 'string' && existsSync(__filename)) return { file: __filename };
  return null;
}

/** xmb's version from the package.json beside src/ or dist/ ('' in the bundle: its fingerprint covers it). */
export function xmbVersion(): string {
  if (versionMemo !== undefined) return versionMemo;
  versionMemo = '';
  const where = codeLocation();
  if (where && 'root' in where) {
    try {
      const pkg = JSON.parse(readFileSync(join(where.root, '..', 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'xmb' && typeof pkg.version === 'string') versionMemo = pkg.version;
    } catch {
      // no package.json: the code fingerprint alone tells versions apart
    }
  }
  return versionMemo;
}

/**
 * A hash of the running code — every .ts/.js file under src/ or dist/ (names and contents), or the
 * bundle's one file (a file over 16 MB, the single executable, by its size and modification time) —
 * so that results cached by one build are never used by another, even at the same version number.
 */
export function codeFingerprint(): string {
  if (codeMemo !== undefined) return codeMemo;
  const hash = crypto.createHash('sha256');
  const where = codeLocation();
  if (where && 'root' in where) {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.(ts|js|mjs|cjs|json)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(full);
      }
    };
    walk(where.root);
    for (const file of files) hash.update(`${file.slice(where.root.length)}\u0000`).update(readFileSync(file));
  } else if (where) {
    const info = statSync(where.file);
    if (info.size > 16 * 1024 * 1024) hash.update(`${where.file}\u0000${info.size}\u0000${info.mtimeMs}`);
    else hash.update(readFileSync(where.file));
  } else hash.update('unknown');
  codeMemo = hash.digest('hex');
  return codeMemo;
}

/**
 * Whether a result may be cached: it depends on the file alone (not on whether it could be opened
 * now or LibreOffice is installed), and JSON gives every value back unchanged.
 */
export function cacheable(validated: Validated[]): boolean {
  for (const v of validated) {
    if (v.table === null) {
      const code = v.result.issues[0]?.code;
      // Unrecognised sheets and encrypted files are facts about the bytes; a failure to open, a
      // missing LibreOffice or a file that went past a limit may be this computer's.
      if (code !== 'template-unrecognized' && code !== 'file-encrypted') return false;
    }
    if (!jsonSafe(v.result) || !jsonSafe(v.table)) return false;
  }
  return true;
}

/** Whether JSON.parse(JSON.stringify(value)) gives back an identical value. */
function jsonSafe(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!(i in value) || !jsonSafe(value[i])) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      for (const key in value) if (!jsonSafe((value as Record<string, unknown>)[key])) return false;
      return true;
    }
    default:
      return false; // undefined, functions, symbols, bigint
  }
}

/** An object's fields without its first, `file` (null when it does not start with `file` = path). */
function withoutFile<T extends { file: string }>(value: T, path: string): Omit<T, 'file'> | null {
  for (const key in value) {
    if (key !== 'file' || value.file !== path) return null;
    break;
  }
  const { file: _file, ...rest } = value;
  return rest;
}

/** The object a payload stored without its `file` field had, for the file at `path` (`file` first). */
function withFile<T>(path: string, stored: T): T & { file: string } {
  const value = { file: path, ...stored };
  value.file = path;
  return value;
}

/**
 * The payload text of a result: JSON of its results and tables, without their "file" fields (put
 * back on reading, so the same inbox can be named `收件`, `./收件` or by its full path) and cells in
 * cache-cells.ts's short form; null when the path shows anywhere else — in a message or a cell it
 * would not follow the file to another path — or a result or table does not start with its file.
 */
function toPayload(validated: Validated[], path: string): string | null {
  const stored: { result: unknown; table: unknown }[] = [];
  for (const v of validated) {
    const result = withoutFile(v.result, path);
    const table = v.table && withoutFile(packTable(v.table) as unknown as Table, path);
    if (result === null || table === null) return null;
    stored.push({ result, table: v.table ? table : null });
  }
  const text = JSON.stringify(stored);
  if (text.includes(JSON.stringify(path).slice(1, -1))) return null;
  return text;
}

/** The results of a payload, for the file now at `path`. */
function fromPayload(payload: string, path: string): Validated[] {
  const parsed = JSON.parse(payload) as { result: Omit<TableResult, 'file'>; table: Omit<Table, 'file'> | null }[];
  if (!Array.isArray(parsed)) throw new Error('not a result list');
  return parsed.map((p) => ({ result: withFile(path, p.result), table: p.table && unpackTable(withFile(path, p.table)), path }));
}

/**
 * The summary of a file's results (see the module comment): each table cut to its tracking summary
 * (src/problems/tracked-cells.ts), the results as they are. What a run asking for summaries gets,
 * from the cache or not.
 */
export function summaryOf(validated: Validated[]): Validated[] {
  return validated.map((v) => (v.table ? { ...v, table: trackingSummary(v.table) } : v));
}

/**
 * validate's pipeline (src/validate/pipeline.ts), loaded when a file is first validated: a warm run
 * answers every file from the cache and never needs the reader, the table finder or the rules.
 */
async function validateFile(path: string, context: ValidateContext): Promise<Validated[]> {
  const pipeline = await import('../validate/pipeline.js');
  return pipeline.validateFile(path, context);
}

export interface CachedOptions {
  /** Validate on this pool's workers (./pool.ts) when the file must be read. */
  pool?: LazyPool | null;
  /** The file's stat when the inbox scan listed it (not taken again to look the file up in the stat index; a file it does not find there is looked at anew). */
  seen?: Stats;
  /** Only the summary is needed (summaryOf): then only it is restored from the cache. */
  summary?: boolean;
}

/**
 * validate's pipeline for one file of an inbox, through the cache: the cached result (or its
 * summary, with `summary`) when the file's bytes (and name) are known, else validateFile and the
 * result and its summary stored. A file whose stat the stat index knows is not read at all. Same
 * result either way; never fails because of the cache. `cache` null: validateFile alone.
 */
export async function validateCached(path: string, context: ValidateContext, cache: ResultCache | null, options: CachedOptions = {}): Promise<Validated[]> {
  const part: RecordPart = options.summary ? 'summary' : 'full';
  const got = await validateThroughCache(path, context, cache, part, options);
  return got.part === part ? got.validated : summaryOf(got.validated);
}

/** validateCached's work: the part asked for when the cache has it, else the full results, validated (and stored). */
async function validateThroughCache(
  path: string,
  context: ValidateContext,
  cache: ResultCache | null,
  part: RecordPart,
  { pool = null, seen }: CachedOptions,
): Promise<{ validated: Validated[]; part: RecordPart }> {
  const validateNow = async () => ({ validated: await validateFile(path, context), part: 'full' as const });
  if (!cache || context.groupOverride !== undefined || context.convert === false) return validateNow();
  let stats: Stats | null;
  try {
    stats = seen ?? statSync(path);
  } catch {
    return validateNow(); // it reports why the file cannot be read
  }
  let sha256 = cache.knownHash(path, stats);
  let bytes: Uint8Array | undefined;
  if (sha256 === null) {
    try {
      // The hash is remembered under a stat taken before the bytes are read.
      if (seen) stats = statSync(path);
      bytes = readFileSync(path);
    } catch {
      return validateNow();
    }
    sha256 = sha256hex(bytes);
    cache.rememberHash(path, stats, sha256);
  }
  const name = basename(path);
  const receipt = context.receipt ? `${context.receipt.from}@${context.receipt.at.getTime()}` : '';
  const payload = cache.read(sha256, name, receipt, part);
  if (payload !== null) {
    try {
      const restored = fromPayload(payload, path);
      cache.counts.hits++;
      return { validated: restored, part };
    } catch {
      cache.counts.ignored++;
    }
  }
  cache.counts.misses++;
  // Validated from the bytes that were hashed (read now when the stat index knew the hash), not the
  // file read again: the result belongs to them. On a worker of the pool when there is one
  // (./pool.ts); it declines what must be done here.
  let own = bytes;
  if (own === undefined) {
    try {
      own = readFileSync(path);
    } catch {
      return validateNow();
    }
  }
  const full = (pool ? await pool.validate(path, own, context.receipt) : null) ?? (await validateFile(path, { ...context, bytes: own }));
  const result = { validated: full, part: 'full' as const };
  if (!cacheable(full)) return result;
  // Replaced since the stat index recorded its hash: these bytes are not the key's.
  if (own !== bytes && sha256hex(own) !== sha256) return result;
  const text = toPayload(full, path);
  const summary = text === null ? null : toPayload(summaryOf(full), path);
  if (text !== null && summary !== null) cache.write(sha256, name, receipt, text, summary);
  return result;
}

/**
 * Validates the files of an inbox, through the cache, a few at a time (one file's reading overlaps
 * another's checking); the results in the order of `paths` (one Validated[] per file). Files that
 * may need LibreOffice (.xls, .et …) go one at a time, beside the others. `receipt`: as
 * ValidateContext's (filldate-stale); `summary`: only the file's summary is needed (summaryOf).
 */
export async function validateInboxFiles(
  files: { path: string; receipt?: Receipt; stats?: Stats; summary?: boolean }[],
  config: Config,
  cache: ResultCache | null,
): Promise<Validated[][]> {
  const results: Validated[][] = new Array<Validated[]>(files.length);
  const xlsx: number[] = [];
  const other: number[] = [];
  files.forEach((f, i) => (/\.xls[xm]$/i.test(f.path) ? xlsx : other).push(i));
  // With XMB_WORKERS, many .xlsx files missing from the cache and more than one core: they are read
  // on worker threads (./pool.ts), as many at a time as keep them busy; the results stay in input order.
  const cores = availableParallelism();
  let started = 0;
  const pool = cache && xlsx.length >= POOL_MIN_FILES && cores > 1 && poolSize(xlsx.length, cores) > 0 ? new LazyPool(config, () => ({ done: started, total: xlsx.length }), cores) : null;
  const lane = (indices: number[], width: number, lanePool: LazyPool | null) => {
    let next = 0;
    const worker = async () => {
      while (next < indices.length) {
        const i = indices[next++]!;
        if (lanePool) started++;
        const file = files[i]!;
        results[i] = await validateCached(file.path, { config, receipt: file.receipt }, cache, { pool: lanePool, seen: file.stats, summary: file.summary });
      }
    };
    return Array.from({ length: Math.min(width, indices.length) }, worker);
  };
  try {
    // Wide enough to keep the workers busy (two files each) while the main thread hashes and stores.
    await Promise.all([...lane(xlsx, pool ? 12 : CONCURRENCY, pool), ...lane(other, 1, null)]);
  } finally {
    await pool?.close();
  }
  cache?.flush();
  return results;
}

/** Whether a file name is one of the cache's own files (for tests and tools). */
export function isCacheFile(name: string): boolean {
  return name === PACK_FILE_NAME || name === STAT_INDEX_FILE_NAME;
}
