/**
 * District names: every spelling a district writes, resolved to the roster's canonical name.
 * Matching ignores whitespace, full-width/half-width brackets and a leading city name (郑州市 / 郑州).
 */
import type { Config } from './schema.js';

function squeeze(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[()（）]/g, '');
}

export interface DistrictResolver {
  /** The canonical district for a spelling, or null when it is none of the roster's. */
  resolve(text: string): string | null;
  /** The group number linked to a canonical district, or null. */
  groupOf(district: string): number | null;
}

/** Texts a resolver remembers the answer for. */
const MEMO_SIZE = 10_000;

export function makeDistrictResolver(config: Config): DistrictResolver {
  const city = squeeze(config.city);
  const cityShort = city.replace(/市$/, '');
  const table = new Map<string, string>();
  for (const group of config.groups) table.set(squeeze(group.district), group.district);
  for (const [alias, canonical] of Object.entries(config.districtAliases)) table.set(squeeze(alias), canonical);
  const groups = new Map(config.groups.map((g) => [g.district, g.number]));

  function lookup(key: string): string | null {
    return table.get(key) ?? null;
  }

  // A district column repeats a few names down thousands of rows, and two rules ask about each cell:
  // each text is squeezed and looked up once (up to MEMO_SIZE texts; past that, as before).
  const memo = new Map<string, string | null>();
  function resolveText(text: string): string | null {
    const key = squeeze(text);
    if (key === '') return null;
    const direct = lookup(key);
    if (direct) return direct;
    for (const prefix of [city, cityShort]) {
      if (prefix && key.startsWith(prefix) && key.length > prefix.length) {
        const rest = lookup(key.slice(prefix.length));
        if (rest) return rest;
      }
    }
    return null;
  }

  return {
    resolve(text: string): string | null {
      const known = memo.get(text);
      if (known !== undefined) return known;
      const district = resolveText(text);
      if (memo.size < MEMO_SIZE) memo.set(text, district);
      return district;
    },
    groupOf(district: string): number | null {
      return groups.get(district) ?? null;
    },
  };
}
