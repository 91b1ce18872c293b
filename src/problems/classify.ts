/**
 * A problem's 要素 (notice 三(四)) from its words: the keyword dictionary of keywords.ts (or the
 * config's, settings.ts). Longest keywords are matched first and each character counts once; every
 * 要素 scores the length of its matched keywords (其他's count half); the highest score wins; a tie
 * goes to the 要素 matched in the earliest clause, and within that clause to the one matched last. A problem whose text matches nothing is classified by its 涉及单位
 * (国网郑州供电公司 → 用电), and failing that it is 其他.
 */
import { ELEMENTS, type Element } from './keywords.js';

export interface Classification {
  element: Element;
  /** The keywords that decided it, in the order found. */
  matched: string[];
  /** Whether the units (not the text) decided it. */
  byUnits: boolean;
}

interface Compiled {
  /** Every keyword with its 要素, longest first (then the 要素's order). */
  entries: { word: string; element: Element }[];
}

const compiledCache = new WeakMap<object, Compiled>();

function compile(keywords: Record<Element, readonly string[]>): Compiled {
  const cached = compiledCache.get(keywords);
  if (cached) return cached;
  const entries: Compiled['entries'] = [];
  for (const element of ELEMENTS)
    for (const word of keywords[element] ?? []) {
      const w = normaliseForMatch(word);
      if (w) entries.push({ word: w, element });
    }
  entries.sort((a, b) => b.word.length - a.word.length || ELEMENTS.indexOf(a.element) - ELEMENTS.indexOf(b.element));
  const result = { entries };
  compiledCache.set(keywords, result);
  return result;
}

/** NFKC, no whitespace: what keywords are matched against. */
export function normaliseForMatch(text: string): string {
  return text.normalize('NFKC').replace(/[\s\u200B\uFEFF]+/g, '');
}

function score(text: string, compiled: Compiled): { element: Element; matched: string[] } | null {
  const covered = new Uint8Array(text.length);
  // The clause (between ，；。 …) of each character: a tie goes to the 要素 matched in the earliest
  // clause (districts name the main trouble first), and within it to the one matched last (the head
  // of a Chinese noun phrase comes last: 电力线路需改迁 is 拆迁, 地块控规调整 is 规划).
  const clause = new Uint16Array(text.length);
  for (let i = 0, c = 0; i < text.length; i++) {
    clause[i] = c;
    if ('，,；;。、：:\n'.includes(text[i]!)) c++;
  }
  interface Total {
    score: number;
    clause: number;
    at: number;
    words: { word: string; at: number }[];
  }
  const totals = new Map<Element, Total>();
  for (const { word, element } of compiled.entries) {
    let from = 0;
    for (;;) {
      const at = text.indexOf(word, from);
      if (at < 0) break;
      from = at + 1;
      let free = true;
      for (let i = at; i < at + word.length; i++) if (covered[i]) free = false;
      if (!free) continue;
      covered.fill(1, at, at + word.length);
      const t = totals.get(element) ?? { score: 0, clause: clause[at]!, at, words: [] };
      // 其他's words count half: they often only set the scene (雨季、疫情 …).
      t.score += element === '其他' ? word.length / 2 : word.length;
      if (clause[at]! < t.clause || (clause[at] === t.clause && at > t.at)) {
        t.clause = clause[at]!;
        t.at = at;
      }
      t.words.push({ word, at });
      totals.set(element, t);
    }
  }
  let best: Element | null = null;
  for (const [element, t] of totals) {
    const b = best ? totals.get(best)! : null;
    if (!b || t.score > b.score || (t.score === b.score && (t.clause < b.clause || (t.clause === b.clause && t.at > b.at)))) best = element;
  }
  if (!best) return null;
  const words = totals.get(best)!.words.sort((a, b) => a.at - b.at).map((w) => w.word);
  return { element: best, matched: words };
}

/**
 * The 要素 of a problem. `text`: the problem without its 涉及单位 (split.ts); `units`: the units;
 * `keywords`: per 要素, its words (DEFAULT_KEYWORDS or the config's).
 */
export function classifyProblem(text: string, units: readonly string[], keywords: Record<Element, readonly string[]>): Classification {
  // A year's tracking classifies the same wordings week after week: each (keywords, text, units) once, a fresh copy out.
  let known = classified.get(keywords);
  if (!known) classified.set(keywords, (known = new Map()));
  const key = `${text}\u0000${units.join('\u0001')}`;
  let result = known.get(key);
  if (result === undefined) {
    if (known.size >= MEMO_LIMIT) known.clear();
    result = classifyOnce(text, units, keywords);
    known.set(key, result);
  }
  return { element: result.element, matched: [...result.matched], byUnits: result.byUnits };
}

const classified = new WeakMap<object, Map<string, Classification>>();
const MEMO_LIMIT = 50_000;

function classifyOnce(text: string, units: readonly string[], keywords: Record<Element, readonly string[]>): Classification {
  const compiled = compile(keywords);
  const byText = score(normaliseForMatch(text), compiled);
  if (byText) return { ...byText, byUnits: false };
  const byUnits = units.length > 0 ? score(normaliseForMatch(units.join('、')), compiled) : null;
  if (byUnits) return { ...byUnits, byUnits: true };
  return { element: '其他', matched: [], byUnits: false };
}
