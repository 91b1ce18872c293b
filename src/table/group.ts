/**
 * Which group sent a table: --group wins; else the 报送单位 text (第三组, 第3组, 3组, 第十六组, or a
 * district name/alias); else the file name (same forms, and 第03组, 三组); else the district column
 * when every data row that names a district names the same one. The district is always the
 * roster's district of that group.
 */
import { basename } from 'node:path';
import type { Config } from '../config/schema.js';
import { makeDistrictResolver, type DistrictResolver } from '../config/districts.js';
import type { GroupSource } from './model.js';

const CHINESE_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 一 … 九十九 (十, 十六, 二十, 二十三); null for anything else. */
export function chineseNumber(text: string): number | null {
  const match = /^([一二两三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(text);
  if (!match || text === '') return null;
  const [, tensOrUnit, ten, unit] = match;
  if (!ten) return unit ? null : CHINESE_DIGITS[tensOrUnit!]!;
  return (tensOrUnit ? CHINESE_DIGITS[tensOrUnit]! : 1) * 10 + (unit ? CHINESE_DIGITS[unit]! : 0);
}

/** The group number a text names (第三组, 第3组, 第03组, 3组, 三组, 第十六组), or null. */
export function groupNumberIn(text: string): number | null {
  const s = text.normalize('NFKC');
  const pattern = /(?:第\s*)?(?<![0-9])([0-9]{1,2}|[一二两三四五六七八九十]{1,3})\s*(?:小)?组(?!长|员)/g;
  for (const match of s.matchAll(pattern)) {
    const token = match[1]!;
    const n = /^[0-9]+$/.test(token) ? Number(token) : chineseNumber(token);
    if (n !== null && n > 0) return n;
  }
  return null;
}

function squeeze(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[()（）]/g, '');
}

/** The roster district a text names anywhere in it (the longest spelling wins), or null. */
export function districtIn(text: string, config: Config, resolver: DistrictResolver = makeDistrictResolver(config)): string | null {
  const haystack = squeeze(text);
  if (haystack === '') return null;
  const spellings = [...config.groups.map((g) => g.district), ...Object.keys(config.districtAliases)]
    .map((s) => ({ key: squeeze(s), spelling: s }))
    .filter((s) => s.key.length >= 2)
    .sort((a, b) => b.key.length - a.key.length || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const { key, spelling } of spellings) {
    if (haystack.includes(key)) {
      const district = resolver.resolve(spelling);
      if (district) return district;
    }
  }
  return null;
}

export interface SendingGroup {
  group: number | null;
  district: string | null;
  groupSource: GroupSource | null;
}

export interface GroupEvidence {
  groupOverride?: number;
  reportingUnit: string | null;
  file: string;
  /** The district column's texts, one per data row (blank ones included or not: both work). */
  districtTexts: string[];
}

function fromText(text: string, config: Config, resolver: DistrictResolver): number | null {
  const number = groupNumberIn(text);
  if (number !== null && config.groups.some((g) => g.number === number)) return number;
  const district = districtIn(text, config, resolver);
  return district === null ? null : resolver.groupOf(district);
}

export function tellGroup(evidence: GroupEvidence, config: Config): SendingGroup {
  const resolver = makeDistrictResolver(config);
  const done = (group: number | null, source: GroupSource): SendingGroup => {
    const entry = config.groups.find((g) => g.number === group);
    return entry ? { group: entry.number, district: entry.district, groupSource: source } : { group: null, district: null, groupSource: null };
  };
  if (evidence.groupOverride !== undefined) {
    const result = done(evidence.groupOverride, 'override');
    if (result.group !== null) return result;
  }
  if (evidence.reportingUnit) {
    const group = fromText(evidence.reportingUnit, config, resolver);
    if (group !== null) return done(group, 'cell');
  }
  const name = basename(evidence.file.replace(/\\/g, '/')).replace(/\.[^.]+$/, '');
  const fromName = fromText(name, config, resolver);
  if (fromName !== null) return done(fromName, 'filename');
  const districts = new Set<string>();
  let unresolved = false;
  for (const text of evidence.districtTexts) {
    if (text.trim() === '') continue;
    const district = resolver.resolve(text);
    if (district === null) unresolved = true;
    else districts.add(district);
  }
  if (!unresolved && districts.size === 1) {
    const group = resolver.groupOf([...districts][0]!);
    if (group !== null) return done(group, 'column');
  }
  return { group: null, district: null, groupSource: null };
}
