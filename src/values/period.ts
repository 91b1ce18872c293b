/**
 * 起止年限 (年月-年月) in the ways people write it: 2021.03-2023.12, 2021.3—2023.12,
 * 2021年3月-2023年12月, 2021/03～2023/12, 202103-202312, 2021-03-2023-12, “2021.03至2023.12”,
 * year-only 2021-2023 (yearOnly: months 1 and 12). Separators: - – — ― － ~ ～ 〜 至 到.
 *
 * Decisions: “年底/年末” is month 12 and “年初” month 1 (“12月底” is month 12); 起/止 are ignored; when only one end gives a month, the
 * other is its year's first (start) or last (end) month and the period is not yearOnly; a day
 * written with the month (2021.03.01) is checked and dropped. A single date, a date cell or a
 * number is not a period (invalid). Month 0 or 13 is invalid. A reversed period is returned
 * as is: a rule reports it.
 */
import type { CellValue } from '../reader/model.js';
import type { NormalValue } from '../table/model.js';
import { isoFromParts } from './dates.js';
import { blankOrError, cleanText, displayOf, nfkc, squeezeSpaces } from './text.js';

interface Endpoint {
  year: number;
  /** null when only the year is written. */
  month: number | null;
}

const YEAR_MIN = 1900;
const YEAR_MAX = 2100;

function endpoint(year: string, month: string | null, day: string | null = null): Endpoint | null {
  const y = Number(year);
  if (y < YEAR_MIN || y > YEAR_MAX) return null;
  if (month === null) return { year: y, month: null };
  const m = Number(month);
  if (!Number.isInteger(m) || m < 1 || m > 12) return null;
  if (day !== null && isoFromParts(y, m, Number(day)) === null) return null;
  return { year: y, month: m };
}

/** One end of a period: 2021, 2021年, 2021.03, 2021年3月, 2021/3, 2021-03, 202103, 2021年底 … */
export function parsePeriodEnd(raw: string): Endpoint | null {
  // “2021年3月起—2023年12月止”: 起 and 止 add nothing.
  const text = raw.replace(/[起止]$/, '');
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})年?$/.exec(text))) return endpoint(m[1]!, null);
  if ((m = /^(\d{4})年?(底|末|初)$/.exec(text))) return endpoint(m[1]!, m[2] === '初' ? '1' : '12');
  if ((m = /^(\d{4})年(\d{1,2})月(?:份|底|末|初)?(?:(\d{1,2})[日号])?$/.exec(text))) return endpoint(m[1]!, m[2]!, m[3] ?? null);
  if ((m = /^(\d{4})([./-])(\d{1,2})月?(?:\2(\d{1,2}))?$/.exec(text))) return endpoint(m[1]!, m[3]!, m[4] ?? null);
  if ((m = /^(\d{4})(\d{2})$/.exec(text))) return endpoint(m[1]!, m[2]!);
  return null;
}

const SEPARATOR = '\u0000';
/** Range separators that cannot be part of a date: dashes other than “-”, tildes, 至, 到, “--”. */
const RANGE_MARKS = /[\u2010-\u2015\u2212\uFE58\uFE63]+|[~\u301C\u223C\uFF5E]+|至|到|-{2,}/g;

function combine(start: Endpoint, end: Endpoint): NormalValue {
  const yearOnly = start.month === null && end.month === null;
  return {
    kind: 'period',
    startYear: start.year,
    startMonth: start.month ?? 1,
    endYear: end.year,
    endMonth: end.month ?? 12,
    yearOnly,
  };
}

/**
 * The way most cells write it, 2021.03-2023.12 (or 2021/3-2023/12): plain ASCII with one “-”, which
 * the general path below would read as this one split; read here without normalising or splitting.
 */
const USUAL = /^(\d{4})[./](\d{1,2})-(\d{4})[./](\d{1,2})$/;

/** Reads a period written as text; null when it is not one. */
export function parsePeriodText(text: string): NormalValue | null {
  const usual = USUAL.exec(text);
  if (usual) {
    const start = endpoint(usual[1]!, usual[2]!);
    const end = endpoint(usual[3]!, usual[4]!);
    return start && end ? combine(start, end) : null;
  }
  const s = squeezeSpaces(nfkc(text)).replace(RANGE_MARKS, SEPARATOR);
  const parts = s.split(SEPARATOR);
  if (parts.length === 2) {
    const start = parsePeriodEnd(parts[0]!);
    const end = parsePeriodEnd(parts[1]!);
    return start && end ? combine(start, end) : null;
  }
  if (parts.length > 2) return null;
  // Only “-”: it may also sit inside each end (2021-03-2023-12). Exactly one split must read.
  let found: NormalValue | null = null;
  for (let i = s.indexOf('-'); i !== -1; i = s.indexOf('-', i + 1)) {
    const start = parsePeriodEnd(s.slice(0, i));
    const end = parsePeriodEnd(s.slice(i + 1));
    if (start && end) {
      if (found) return null;
      found = combine(start, end);
    }
  }
  return found;
}

export function parsePeriod(raw: CellValue | undefined): NormalValue {
  const shared = blankOrError(raw);
  if (shared || !raw) return shared ?? { kind: 'blank' };
  if (raw.type !== 'string') return { kind: 'invalid', text: displayOf(raw) };
  const text = cleanText(raw.text);
  return parsePeriodText(text) ?? { kind: 'invalid', text };
}
