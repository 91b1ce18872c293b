/**
 * Filing a received file into the inbox: the canonical name, the week folder, a copy that never
 * overwrites, and the ledger line. The input file is only read.
 *
 * The folder is the ISO week of the RECEIPT (in the configured zone): it is where the clerk looks
 * for "what came in this week". Which week a table counts for is decided later by merge, from its
 * 填表日期 (else the receipt), so a file filed under W09 with a 填表日期 in W08 still counts for W08.
 */
import { createHash } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { Config } from '../config/schema.js';
import { KIND_ORDER, type KindId } from '../schema/kinds.js';
import { formatWall, formatZoned, isoWeekOf } from '../time/index.js';
import type { Validated } from '../validate/result.js';
import { summarise } from '../validate/result.js';
import { appendLedger, readLedger, type LedgerEntry } from './ledger.js';

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
  extension: string;
}

/** What a received file's tables say about its sender and kinds. */
export function partsOf(validated: Validated[], config: Config, receivedAt: Date, original: string): CanonicalParts {
  const tables = validated.filter((v) => v.table !== null).map((v) => v.result);
  const group = tables.map((t) => t.group).find((g): g is number => g !== null) ?? null;
  const rosterDistrict = group === null ? null : (config.groups.find((g) => g.number === group)?.district ?? null);
  const district = rosterDistrict ?? tables.map((t) => t.district).find((d): d is string => d !== null) ?? null;
  const present = new Set(tables.map((t) => t.kind).filter((k): k is KindId => k !== null));
  const kinds = KIND_ORDER.filter((k) => present.has(k));
  const extension = extname(original).toLowerCase() || '.xlsx';
  return { group, district, kinds, receivedAt, extension };
}

/** "第03组_高新区_lagging_20220304-1130.xlsx" (without the -2, -3 … of a second copy). */
export function canonicalName(parts: CanonicalParts, timeZone: string): string {
  const group = parts.group === null ? UNKNOWN_GROUP : `第${String(parts.group).padStart(2, '0')}组`;
  const district = safeName(parts.district ?? UNKNOWN_DISTRICT);
  const kinds = parts.kinds.length ? parts.kinds.join('+') : UNKNOWN_KIND;
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

export interface ReceiveOutcome {
  entry: LedgerEntry;
  /** Already in the ledger with the same SHA-256: nothing copied, nothing appended. */
  duplicate: boolean;
  /** The copy's path (the inbox joined with entry.file). */
  stored: string;
}

/**
 * Files one validated input into the inbox. `validated` are validateFile's results for `source`.
 * `regrouped`: the clerk named the sending group (receive --group), so a copy filed earlier under
 * 未知组 does not count as already received — this one is filed under the group's name.
 */
export function fileIntoInbox(
  source: string,
  validated: Validated[],
  inbox: string,
  config: Config,
  receivedAt: Date,
  regrouped = false,
): ReceiveOutcome {
  const bytes = readFileSync(source);
  const sha256 = sha256Of(bytes);
  const ledger = readLedger(inbox);
  const known = ledger.entries.find((e) => e.sha256 === sha256 && !(regrouped && e.tables.some((t) => t.group === null)));
  if (known) return { entry: known, duplicate: true, stored: join(inbox, ...known.file.split('/')) };

  const original = basename(source);
  const folder = isoWeekOf(receivedAt, config.timeZone);
  const dir = join(inbox, folder);
  mkdirSync(dir, { recursive: true });
  const name = freeName(dir, canonicalName(partsOf(validated, config, receivedAt, original), config.timeZone));
  const stored = join(dir, name);
  writeNew(stored, bytes);

  const results = validated.map((v) => v.result);
  const summary = summarise(results);
  const entry: LedgerEntry = {
    receivedAt: formatZoned(receivedAt, config.timeZone),
    original,
    file: `${folder}/${name}`,
    sha256,
    summary: { tables: summary.tables, valid: summary.valid, invalid: summary.invalid, errors: summary.errors, warnings: summary.warnings },
    tables: results
      .filter((r) => r.kind !== null && r.sheet !== null)
      .map((r) => ({
        sheet: r.sheet!,
        kind: r.kind!,
        group: r.group,
        district: r.district,
        fillDate: r.fillDate,
        rows: r.rows,
        valid: r.valid,
      })),
  };
  appendLedger(inbox, entry);
  return { entry, duplicate: false, stored };
}

/** Writes bytes to a new file through a temporary name; never replaces an existing file. */
export function writeNew(path: string, bytes: Uint8Array): void {
  const temp = `${path}.~xmb-${process.pid}.tmp`;
  writeFileSync(temp, bytes);
  try {
    try {
      linkSync(temp, path); // fails with EEXIST instead of replacing
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw error;
      if (existsSync(path)) throw error;
      renameSync(temp, path); // file systems without hard links
      return;
    }
  } finally {
    if (existsSync(temp)) unlinkSync(temp);
  }
}
