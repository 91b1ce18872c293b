import type { Config } from '../../config/schema.js';
import { squeeze } from '../util.js';

/** The roster's districts, in group order. */
export function rosterDistricts(config: Config): string[] {
  return config.groups.map((g) => g.district);
}

/** The district of a group number in the roster, or null. */
export function districtOfGroup(config: Config, group: number): string | null {
  return config.groups.find((g) => g.number === group)?.district ?? null;
}

/**
 * The roster district a mistyped name most likely means: the one sharing the most characters with
 * it (with or without a leading city name), when it shares at least two; e.g. 郑州新区 → 郑东新区.
 */
export function suggestDistrict(text: string, config: Config): string | null {
  const city = squeeze(config.city);
  const full = squeeze(text);
  const keys = [full];
  for (const prefix of [city, city.replace(/市$/, '')])
    if (prefix && full.startsWith(prefix) && full.length > prefix.length) {
      keys.push(full.slice(prefix.length));
      break;
    }
  let best: string | null = null;
  let bestScore = 1;
  for (const district of rosterDistricts(config)) {
    const score = Math.max(...keys.map((key) => shared(key, squeeze(district))));
    if (score > bestScore) {
      best = district;
      bestScore = score;
    }
  }
  return best;
}

/** How many characters two names share (as multisets). */
function shared(a: string, b: string): number {
  const pool = [...b];
  let score = 0;
  for (const ch of a) {
    const i = pool.indexOf(ch);
    if (i >= 0) {
      score++;
      pool.splice(i, 1);
    }
  }
  return score;
}
