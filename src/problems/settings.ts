/**
 * The problem ledger's settings: the built-in values of keywords.ts, with what the config's
 * `problems` key changes (src/config/schema.ts, problemsConfigSchema). Every key may be left out of
 * xmb.config.json, so a config written before the ledger existed keeps working.
 */
import type { Config } from '../config/schema.js';
import { DEFAULT_KEYWORDS, DEFAULT_PENDING_WORDS, DEFAULT_SOLVED_WORDS, ELEMENTS, type Element } from './keywords.js';

/** A problem open this many weeks or more is listed on its own sheet (问题台账) and counted in 月报. */
export const DEFAULT_LONG_OPEN_WEEKS = 4;

/**
 * How alike (0–1, see similarity.ts) two wordings on the same project and 要素 must be to be taken
 * for one problem. Chosen on the pairs of test/problems/similarity-cases.ts: rewordings of one
 * problem score 0.51 and more, two different problems of one 要素 0.34 at most; 0.42 lies between.
 */
export const DEFAULT_SIMILARITY = 0.42;

/** Wordings this alike are one problem even when the keywords put them in two 要素. */
export const CROSS_ELEMENT_SIMILARITY = 0.75;

export interface ProblemSettings {
  longOpenWeeks: number;
  similarity: number;
  keywords: Record<Element, readonly string[]>;
  solvedWords: readonly string[];
  pendingWords: readonly string[];
}

export const DEFAULT_PROBLEM_SETTINGS: ProblemSettings = {
  longOpenWeeks: DEFAULT_LONG_OPEN_WEEKS,
  similarity: DEFAULT_SIMILARITY,
  keywords: DEFAULT_KEYWORDS,
  solvedWords: DEFAULT_SOLVED_WORDS,
  pendingWords: DEFAULT_PENDING_WORDS,
};

/** The settings a config asks for: each key of `problems` replaces the built-in one; `keywords` per 要素. */
export function problemSettings(config: Pick<Config, 'problems'>): ProblemSettings {
  const p = config.problems ?? {};
  const keywords = { ...DEFAULT_KEYWORDS };
  for (const element of ELEMENTS) {
    const list = p.keywords?.[element];
    if (list) keywords[element] = list;
  }
  return {
    longOpenWeeks: p.longOpenWeeks ?? DEFAULT_LONG_OPEN_WEEKS,
    similarity: p.similarity ?? DEFAULT_SIMILARITY,
    keywords,
    solvedWords: p.solvedWords ?? DEFAULT_SOLVED_WORDS,
    pendingWords: p.pendingWords ?? DEFAULT_PENDING_WORDS,
  };
}
