/**
 * The inbox's result cache, `收件/.xmb-cache/` (issue 9): what validating a workbook gave — every
 * table found in it, with the rules' findings — kept per file, so that `status --year`, `monthly`
 * and `merge` do not read and check a year's 3,000 unchanged workbooks again on every run.
 *
 * Key: the SHA-256 of the file's bytes, plus a short hash of the file's name (the name counts:
 * the sending group and the kind can be told from it) and of the receipt the rules were told
 * (filldate-stale compares the 填表日期 with it; merge and status give it, monthly does not, so a
 * file has an entry for each). An entry is used only when its stamp
 * matches: the cache format, xmb's version and a fingerprint of the running code, and a fingerprint
 * of the configuration (the roster and the district aliases decide groups and districts; the whole
 * configuration is fingerprinted, so any change to it means reading every file again once).
 *
 * What is kept is the full result (TableResult and Table, JSON), so what merge, monthly and status
 * compute from a cached file is what they compute from the workbook: about 7 KB per file, a year's
 * archive ≈ 35 MB. The path the file was read under is replaced on reading when it differs, so the
 * same inbox can be named `收件`, `./收件` or by its full path.
 *
 * Safety:
 * - Safe to delete at any time (the next run reads the workbooks again and rebuilds it). Entries of
 *   files since removed or replaced are not pruned (a command need not see every file); they are a
 *   few KB each.
 * - Ignored when an entry is corrupt (its payload's SHA-256 is checked), of another format, version,
 *   code or configuration, or not for this file name: the file is validated again and the entry
 *   replaced.
 * - A value JSON would not give back unchanged (-0, NaN, a missing array slot, undefined …) is never
 *   cached; neither is a result that depends on this computer rather than the file (a file that
 *   could not be opened, an .xls/.et that LibreOffice could not convert). A file is validated from
 *   the very bytes its key was hashed from (read once), so a file replaced meanwhile cannot be
 *   stored under another file's key.
 * - Entries are written to a temporary file and renamed; a cache that cannot be written (read-only
 *   inbox, full disk) just means no cache: the command goes on and nothing is printed.
 * - `XMB_CACHE=off` (or 0, no, false) turns it off.
 */
import { makeFolder } from '../make-folder.js';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config/schema.js';
import type { Receipt } from '../rules/types.js';
import { validateFile, type ValidateContext } from '../validate/pipeline.js';
import type { Validated } from '../validate/result.js';
import { availableParallelism } from 'node:os';
import { LazyPool, POOL_MIN_FILES } from './pool.js';

export const CACHE_DIR_NAME = '.xmb-cache';

/** Bumped whenever the entry layout changes. */
export const CACHE_FORMAT = 1;

/** .xlsx files validated at the same time (their reading overlaps with another's checking). */
const CONCURRENCY = 4;

export interface CacheCounts {
  /** Files whose result came from the cache. */
  hits: number;
  /** Files validated (no entry, or one that could not be used). */
  misses: number;
  /** Entries present but not used: corrupt, another stamp or another file name. */
  ignored: number;
  written: number;
}

interface EntryHeader {
  xmb: 'result-cache';
  format: number;
  stamp: string;
  /** The file's name and the receipt ('' or "ledger@<ms>"; the key holds a hash of both; this makes a collision harmless). */
  name: string;
  receipt: string;
  /** The path the file was validated under: the payload's "file" fields hold it. */
  path: string;
  /** SHA-256 of the file's bytes. */
  sha256: string;
  /** SHA-256 of the payload line. */
  payload: string;
}

export class ResultCache {
  readonly counts: CacheCounts = { hits: 0, misses: 0, ignored: 0, written: 0 };
  private writable = true;

  constructor(
    /** The cache folder, `<inbox>/.xmb-cache`. */
    readonly dir: string,
    /** Format, version, code and configuration, hashed: entries with another stamp are ignored. */
    readonly stamp: string,
  ) {}

  private entryPath(sha256: string, name: string, receipt: string): string {
    return join(this.dir, `${sha256}-${sha256hex(`${name}\u0000${receipt}`).slice(0, 12)}.json`);
  }

  /** The stored entry for this file's bytes, name and receipt, or null (none, corrupt, another stamp). */
  read(sha256: string, name: string, receipt: string): { path: string; payload: string } | null {
    let bytes: Buffer;
    try {
      // Synchronous: a small file, and fs/promises costs several thread-pool round trips per file.
      bytes = readFileSync(this.entryPath(sha256, name, receipt));
    } catch {
      return null;
    }
    const newline = bytes.indexOf(0x0a);
    try {
      if (newline < 0) throw new Error('no header');
      const header = JSON.parse(bytes.toString('utf8', 0, newline)) as Partial<EntryHeader>;
      const payload = bytes.subarray(newline + 1);
      if (
        header.xmb !== 'result-cache' ||
        header.format !== CACHE_FORMAT ||
        header.stamp !== this.stamp ||
        header.name !== name ||
        header.receipt !== receipt ||
        header.sha256 !== sha256 ||
        typeof header.path !== 'string' ||
        header.payload !== sha256hex(payload)
      )
        throw new Error('not this entry');
      return { path: header.path, payload: payload.toString('utf8') };
    } catch {
      this.counts.ignored++;
      return null;
    }
  }

  /** Stores a payload; never throws (a cache that cannot be written is no cache). */
  write(sha256: string, name: string, receipt: string, path: string, payload: string): void {
    if (!this.writable) return;
    const body = Buffer.from(payload, 'utf8');
    const header: EntryHeader = { xmb: 'result-cache', format: CACHE_FORMAT, stamp: this.stamp, name, receipt, path, sha256, payload: sha256hex(body) };
    const target = this.entryPath(sha256, name, receipt);
    const temp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      makeFolder(this.dir);
      writeFileSync(temp, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'), body]));
      renameSync(temp, target);
      this.counts.written++;
    } catch {
      this.writable = false;
      try {
        rmSync(temp, { force: true });
      } catch {
        // nothing to clean up, or nothing we can do
      }
    }
  }
}

function sha256hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
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
 * This module's own file, from a stack trace (import.meta is not available in the single-file
 * bundle, scripts/dist.ts): src/inbox/cache.ts run from source, dist/inbox/cache.js compiled; null
 * in the bundle, whose frames name xmb.cjs.
 */
function ownFile(): string | null {
  for (const line of (new Error().stack ?? '').split('\n')) {
    const match = /((?:file:\/\/)?[^\s()]*[\\/]inbox[\\/]cache\.[cm]?[jt]s):\d+:\d+\)?\s*$/.exec(line);
    if (!match) continue;
    try {
      return match[1]!.startsWith('file:') ? fileURLToPath(match[1]!) : match[1]!;
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * The code to fingerprint: the src/ or dist/ tree this module belongs to, or the one file the
 * program is (the bundle xmb.cjs, or the single executable), or nothing known.
 */
function codeLocation(): { root: string } | { file: string } | null {
  const own = ownFile();
  if (own) {
    const root = dirname(dirname(own));
    if (existsSync(join(root, 'cli.ts')) || existsSync(join(root, 'cli.js'))) return { root };
  }
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
  const hash = createHash('sha256');
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

/**
 * The payload text of a result (JSON of its results and tables); null when the path shows anywhere
 * but in the "file" fields — in a message or a cell it would not follow the file to another path.
 */
function toPayload(validated: Validated[], path: string): string | null {
  const text = JSON.stringify(validated.map((v) => ({ result: v.result, table: v.table })));
  const quoted = JSON.stringify(path);
  if (text.split(`"file":${quoted}`).join('').includes(quoted.slice(1, -1))) return null;
  return text;
}

/** The results of a payload stored under `storedPath`, for the file now at `path`. */
function fromPayload(payload: string, storedPath: string, path: string): Validated[] {
  const text = storedPath === path ? payload : payload.split(`"file":${JSON.stringify(storedPath)}`).join(`"file":${JSON.stringify(path)}`);
  const parsed = JSON.parse(text) as { result: Validated['result']; table: Validated['table'] }[];
  if (!Array.isArray(parsed)) throw new Error('not a result list');
  return parsed.map((p) => ({ result: p.result, table: p.table, path }));
}

/**
 * validate's pipeline for one file of an inbox, through the cache: the cached result when the
 * file's bytes (and name) are known, else validateFile and the result stored. Same result either
 * way; never fails because of the cache. `cache` null: validateFile alone.
 */
export async function validateCached(path: string, context: ValidateContext, cache: ResultCache | null, pool: LazyPool | null = null): Promise<Validated[]> {
  if (!cache || context.groupOverride !== undefined || context.convert === false) return validateFile(path, context);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch {
    return validateFile(path, context); // it reports why the file cannot be read
  }
  const sha256 = sha256hex(bytes);
  const name = basename(path);
  const receipt = context.receipt ? `${context.receipt.from}@${context.receipt.at.getTime()}` : '';
  const entry = cache.read(sha256, name, receipt);
  if (entry !== null) {
    try {
      const validated = fromPayload(entry.payload, entry.path, path);
      cache.counts.hits++;
      return validated;
    } catch {
      cache.counts.ignored++;
    }
  }
  cache.counts.misses++;
  // Validated from the bytes just hashed (not the file read again): the result belongs to them. On
  // a worker of the pool when there is one (./pool.ts); it declines what must be done here.
  const validated = (pool ? await pool.validate(path, bytes, context.receipt) : null) ?? (await validateFile(path, { ...context, bytes }));
  if (!cacheable(validated)) return validated;
  const text = toPayload(validated, path);
  if (text !== null) cache.write(sha256, name, receipt, path, text);
  return validated;
}

/**
 * Validates the files of an inbox, through the cache, a few at a time (one file's reading overlaps
 * another's checking); the results in the order of `paths` (one Validated[] per file). Files that
 * may need LibreOffice (.xls, .et …) go one at a time, beside the others. `receipt`: as
 * ValidateContext's (filldate-stale).
 */
export async function validateInboxFiles(
  files: { path: string; receipt?: Receipt }[],
  config: Config,
  cache: ResultCache | null,
): Promise<Validated[][]> {
  const results: Validated[][] = new Array<Validated[]>(files.length);
  const xlsx: number[] = [];
  const other: number[] = [];
  files.forEach((f, i) => (/\.xls[xm]$/i.test(f.path) ? xlsx : other).push(i));
  // Many .xlsx files missing from the cache and more than one core: they are read on worker threads
  // (./pool.ts), as many at a time as keep them busy; the results stay in input order.
  const cores = availableParallelism();
  let started = 0;
  const pool = cache && xlsx.length >= POOL_MIN_FILES && cores > 1 ? new LazyPool(config, () => ({ done: started, total: xlsx.length }), cores) : null;
  const lane = (indices: number[], width: number, lanePool: LazyPool | null) => {
    let next = 0;
    const worker = async () => {
      while (next < indices.length) {
        const i = indices[next++]!;
        if (lanePool) started++;
        results[i] = await validateCached(files[i]!.path, { config, receipt: files[i]!.receipt }, cache, lanePool);
      }
    };
    return Array.from({ length: Math.min(width, indices.length) }, worker);
  };
  try {
    // Wide enough to keep MAX_WORKERS workers busy (IN_FLIGHT files each) while the main thread hashes and stores.
    await Promise.all([...lane(xlsx, pool ? 12 : CONCURRENCY, pool), ...lane(other, 1, null)]);
  } finally {
    await pool?.close();
  }
  return results;
}

/** Whether a file name is one of the cache's entries (for tests and tools). */
export function isCacheEntry(name: string): boolean {
  return /^[0-9a-f]{64}-[0-9a-f]{12}\.json$/.test(name);
}
