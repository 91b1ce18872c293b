/**
 * Filing a received file into the inbox: the canonical name, the week folder, a copy that never
 * overwrites, and the ledger line. The input file is only read.
 *
 * The folder is the ISO week of the RECEIPT (in the configured zone): it is where the clerk looks
 * for "what came in this week". Which week a table counts for is decided later by merge, from its
 * 填表日期 (else the receipt), so a file filed under W09 with a 填表日期 in W08 counts for W08 — as
 * a late table that only fills a gap there (src/merge/select.ts).
 *
 * What is filed is decided by content: a workbook (read, or recognised by its bytes as a workbook
 * that needs converting or has a password) is filed with the extension of what it is, whatever
 * its name says (第三组进度表.xlsx.zip → .xlsx); anything else is refused and not filed.
 *
 * One recoverable step, under the inbox lock (lock.ts):
 *   1. the copy is written to `NAME.~xmb-PID.tmp` in the week folder and flushed;
 *   2. the ledger line is appended and flushed (the commit: a full disk cuts it back);
 *   3. the copy gets its name (a hard link, so an existing file is never replaced).
 * A crash before 2 leaves only the temporary file, which the next receive deletes and reports; a
 * crash between 2 and 3 leaves a ledger line and its temporary copy, which the next receive names
 * (recover.ts). The ledger therefore never records a file that is not there to be completed, and
 * no copy is ever visible that the ledger does not know.
 */
import { makeFolder } from '../make-folder.js';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Config } from '../config/schema.js';
import { TEXT_FORMAT_EXTENSIONS, workbookExtension } from '../reader/format.js';
import { KIND_ORDER, KINDS, type KindId } from '../schema/kinds.js';
import { formatWall, formatZoned, isoWeekOf } from '../time/index.js';
import type { Validated } from '../validate/result.js';
import { summarise } from '../validate/result.js';
import { nameCopy, removeQuietly, temporaryName, writeFlushed } from './copy.js';
import { appendLedger, ledgerTablesOf, readLedger, type LedgerEntry } from './ledger.js';
import { lockInbox } from './lock.js';
import { recoverInbox } from './recover.js';

export const UNKNOWN_GROUP = '未知组';
export const UNKNOWN_DISTRICT = '未知区县';
export const UNKNOWN_KIND = '未识别';

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Characters Windows does not allow in a file name, and control characters. */
function safeName(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\\/:*?"<>|\x00-\x1f]/g, '').replace(/\s+/g, '') || UNKNOWN_DISTRICT;
}

export interface CanonicalParts {
  group: number | null;
  district: string | null;
  kinds: KindId[];
  receivedAt: Date;
  /** ".xlsx": what the content is (see contentExtension), not what the name said. */
  extension: string;
}

/** What a received file's tables say about its sender and kinds. `extension`: the content's (contentExtension). */
export function partsOf(validated: Validated[], config: Config, receivedAt: Date, extension: string): CanonicalParts {
  const tables = validated.filter((v) => v.table !== null).map((v) => v.result);
  const group = tables.map((t) => t.group).find((g): g is number => g !== null) ?? null;
  const rosterDistrict = group === null ? null : (config.groups.find((g) => g.number === group)?.district ?? null);
  const district = rosterDistrict ?? tables.map((t) => t.district).find((d): d is string => d !== null) ?? null;
  const present = new Set(tables.map((t) => t.kind).filter((k): k is KindId => k !== null));
  const kinds = KIND_ORDER.filter((k) => present.has(k));
  return { group, district, kinds, receivedAt, extension };
}

/**
 * "第03组_高新区_进度滞后+省领导联系+市领导联系_20220304-1130.xlsx" (without the -2, -3 … of a second
 * copy): group, district, the kinds' Chinese short names (src/schema/kinds.ts), the receipt time in
 * the zone. Inboxes filed earlier with English kind names (…_lagging+provincial_…) read the same:
 * nothing reads the kinds back from a name.
 */
export function canonicalName(parts: CanonicalParts, timeZone: string): string {
  const group = parts.group === null ? UNKNOWN_GROUP : `第${String(parts.group).padStart(2, '0')}组`;
  const district = safeName(parts.district ?? UNKNOWN_DISTRICT);
  const kinds = parts.kinds.length ? parts.kinds.map((k) => KINDS[k].shortName).join('+') : UNKNOWN_KIND;
  const stamp = formatWall(parts.receivedAt, timeZone, 'yyyyMMdd-HHmm');
  return `${group}_${district}_${kinds}_${stamp}${parts.extension}`;
}

/** The first free name: base.xlsx, base-2.xlsx, base-3.xlsx … */
export function freeName(dir: string, name: string): string {
  const ext = extname(name);
  const stem = name.slice(0, name.length - ext.length);
  let candidate = name;
  for (let n = 2; existsSync(join(dir, candidate)); n++) candidate = `${stem}-${n}${ext}`;
  return candidate;
}

/**
 * The extension a received file is filed under, from its content (src/reader/format.ts); null: it
 * is not a workbook and is not filed. `validated` is validateFile's result for the same bytes: a
 * file it could not read at all (file-unreadable, file-too-large) is not filed, nor a text file
 * (CSV …) in which no table was found; one it recognised as a workbook it cannot open (a password,
 * an old format without LibreOffice) is, with that format's extension.
 */
export function contentExtension(bytes: Uint8Array, original: string, validated: Validated[]): string | null {
  const fileCodes = validated.filter((v) => v.table === null).flatMap((v) => v.result.issues.map((i) => i.code));
  if (fileCodes.includes('file-unreadable') || fileCodes.includes('file-too-large')) return null;
  const extension = workbookExtension(bytes, original);
  if (extension && TEXT_FORMAT_EXTENSIONS.includes(extension) && !validated.some((v) => v.table !== null)) return null;
  return extension;
}

export interface ReceiveOutcome {
  entry: LedgerEntry;
  /** Already in the ledger with the same SHA-256: nothing copied, nothing appended. */
  duplicate: boolean;
  /** The copy's path (the inbox joined with entry.file). */
  stored: string;
  /** What this run found and repaired (or could not) from an earlier interrupted receive. */
  repairs: string[];
}

/** Points where tests stop the filing (a crash is simulated by killing the process there). */
export interface FilingHooks {
  /** Validated, about to take the inbox lock (tests line two processes up here). */
  beforeLock?(): Promise<void> | void;
  /** The temporary copy is written and flushed; no ledger line yet. */
  afterCopy?(): void;
  /** The ledger line is written; the copy has no name yet. */
  afterLedger?(): void;
}

export interface FileOptions {
  /**
   * The clerk named the sending group (receive --group), so a copy filed earlier under 未知组 does
   * not count as already received — this one is filed under the group's name.
   */
  regrouped?: boolean;
  /** The file's bytes, when already read (else read from `source`). */
  bytes?: Uint8Array;
  /** The extension from contentExtension (default: from the bytes and the validation). */
  extension?: string;
  /** How long to wait for another receive holding the inbox (ms). */
  lockWaitMs?: number;
  hooks?: FilingHooks;
}

/**
 * Files one validated input into the inbox. `validated` are validateFile's results for `source`,
 * `original` the name it arrived under. Throws NotAWorkbook when the content is not a workbook
 * (nothing filed), a UserError when the inbox stays locked, and the file-system error (ENOSPC …)
 * when writing fails — after removing what it wrote.
 */
export async function fileIntoInbox(
  source: string,
  validated: Validated[],
  inbox: string,
  config: Config,
  receivedAt: Date,
  original: string,
  options: FileOptions = {},
): Promise<ReceiveOutcome> {
  const bytes = options.bytes ?? readFileSync(source);
  const extension = options.extension ?? contentExtension(bytes, original, validated);
  if (extension === null) throw new NotAWorkbook(source);
  const sha256 = sha256Of(bytes);

  makeFolder(inbox);
  await options.hooks?.beforeLock?.();
  const lock = await lockInbox(inbox, { waitMs: options.lockWaitMs, timeZone: config.timeZone });
  try {
    const repairs = recoverInbox(inbox);
    const ledger = readLedger(inbox);
    const known = ledger.entries.find((e) => e.sha256 === sha256 && !(options.regrouped && e.tables.some((t) => t.group === null)));
    if (known) return { entry: known, duplicate: true, stored: join(inbox, ...known.file.split('/')), repairs };

    const folder = isoWeekOf(receivedAt, config.timeZone);
    const dir = join(inbox, folder);
    makeFolder(dir);
    const name = freeName(dir, canonicalName(partsOf(validated, config, receivedAt, extension), config.timeZone));
    const stored = join(dir, name);
    const entry = ledgerEntry(validated, config, receivedAt, original, `${folder}/${name}`, sha256);

    const temp = temporaryName(stored);
    writeFlushed(temp, bytes);
    try {
      options.hooks?.afterCopy?.();
      appendLedger(inbox, entry);
    } catch (error) {
      removeQuietly(temp);
      throw error;
    }
    options.hooks?.afterLedger?.();
    nameCopy(temp, stored);
    return { entry, duplicate: false, stored, repairs };
  } finally {
    lock.release();
  }
}

/** The content is not a workbook: nothing was filed. */
export class NotAWorkbook extends Error {
  constructor(readonly source: string) {
    super(`not a workbook: ${source}`);
    this.name = 'NotAWorkbook';
  }
}

function ledgerEntry(validated: Validated[], config: Config, receivedAt: Date, original: string, file: string, sha256: string): LedgerEntry {
  const results = validated.map((v) => v.result);
  const summary = summarise(results);
  return {
    receivedAt: formatZoned(receivedAt, config.timeZone),
    original,
    file,
    sha256,
    summary: { tables: summary.tables, valid: summary.valid, invalid: summary.invalid, errors: summary.errors, warnings: summary.warnings },
    tables: ledgerTablesOf(results),
  };
}
