/**
 * Calendar dates as districts write them: “2022年3月4日”, 2022-03-04, 2022.3.4, 2022/3/4, 20220304,
 * a date cell, or a General number that is a plausible Excel serial (40000–60000, i.e. 2009–2064).
 * Returns "YYYY-MM-DD" or null. Impossible dates (2022-02-30) are null.
 */
import type { CellValue } from '../reader/model.js';

export interface DateOptions {
  /** The workbook uses the 1904 date system (serials count from 1904-01-01). */
  date1904?: boolean;
}

/** Excel serials read as dates only in this range (2009-07-06 … 2064-04-08 in the 1900 system). */
export const SERIAL_MIN = 40000;
export const SERIAL_MAX = 60000;

const DAY_MS = 86_400_000;

/** "YYYY-MM-DD" of a UTC midnight (calendar arithmetic only: no zone is involved in a date without a time). */
const isoOfUtc = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * A real calendar date from its parts, or null (month 13, 2022-02-30 …). Plain arithmetic in UTC
 * (date-fns's parse cost ~0.1 s of start-up for this one check).
 */
export function isoFromParts(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day > daysInMonth ? null : isoOfUtc(Date.UTC(year, month - 1, day));
}

/** An Excel serial number as a date (1900 system unless date1904), or null outside the plausible range. */
export function isoFromSerial(serial: number, options: DateOptions = {}): string | null {
  if (!Number.isFinite(serial)) return null;
  const days = Math.floor(serial);
  if (options.date1904) {
    // The 1904 system's serials are 1462 days smaller for the same date.
    if (days + 1462 < SERIAL_MIN || days + 1462 > SERIAL_MAX) return null;
    return isoOfUtc(Date.UTC(1904, 0, 1) + days * DAY_MS);
  }
  if (days < SERIAL_MIN || days > SERIAL_MAX) return null;
  // Day 0 is 1899-12-30 for every serial after the 1900 leap-year bug (serial 60).
  return isoOfUtc(Date.UTC(1899, 11, 30) + days * DAY_MS);
}

const TIME = String.raw`(?:[T\s]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?`;
const TEXT_PATTERNS: RegExp[] = [
  /^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$/,
  new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})${TIME}$`),
  /^(\d{4})\.(\d{1,2})\.(\d{1,2})$/,
  new RegExp(String.raw`^(\d{4})\/(\d{1,2})\/(\d{1,2})${TIME}$`),
  /^(\d{4})(\d{2})(\d{2})$/,
];

/** A date written as text, or null. */
export function parseDateText(text: string): string | null {
  const s = text
    .normalize('NFKC')
    .trim()
    // Spaces around the separators (“2022 年 3 月 4 日”, “2022 - 03 - 04”) do not matter.
    .replace(/\s*([年月日号./-])\s*/g, '$1')
    // A full stop after 日 (“2022年3月4日。”) is not part of the date.
    .replace(/([日号])[。.]$/, '$1');
  for (const pattern of TEXT_PATTERNS) {
    const match = pattern.exec(s);
    if (match) return isoFromParts(Number(match[1]), Number(match[2]), Number(match[3]));
  }
  return null;
}

/** A calendar date from a cell value, or null. */
export function parseDate(raw: CellValue | undefined, options: DateOptions = {}): string | null {
  if (!raw) return null;
  switch (raw.type) {
    case 'date': {
      const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(raw.iso);
      return match ? isoFromParts(Number(match[1]), Number(match[2]), Number(match[3])) : null;
    }
    case 'number': {
      const n = raw.number;
      if (Number.isInteger(n) && n >= 19000101 && n <= 21001231) {
        return isoFromParts(Math.floor(n / 10000), Math.floor(n / 100) % 100, n % 100);
      }
      return isoFromSerial(n, options);
    }
    case 'string':
      return parseDateText(raw.text);
    default:
      return null;
  }
}
