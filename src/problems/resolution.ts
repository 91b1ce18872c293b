/**
 * Whether a 协调解决情况 text says the problem is solved, and which part of the text speaks of which
 * problem when a row lists several.
 *
 * Wording rules (data in keywords.ts, editable in the config as problems.solvedWords / pendingWords):
 * solved when the text holds a solved word (已解决、已完成、已办结、已接通、已取得 …) and no pending word
 * (正在、协调中、预计、计划、督促、尚未、待 …) and no share of the work (60%、三成): “已对接供电公司，
 * 临时用电方案已批复，近日通电” is not solved (近日); “已协调市自然资源局加快组卷” is not (已协调 only
 * says someone was asked, and 加快); “临时用电已接通” and “已协调解决” are.
 */
import type { ProblemSettings } from './settings.js';
import { classifyProblem } from './classify.js';
import type { Element } from './keywords.js';
import { splitCoordination } from './split.js';

export interface Verdict {
  solved: boolean;
  /** The solved word found (when solved), for the ledger's note. */
  word: string | null;
}

const SHARE = /\d+(?:\.\d+)?\s*[%％]|百分之|[一二三四五六七八九]成/;

/** The verdict on one 协调解决情况 text (see the module comment). */
export function judgeCoordination(text: string | null | undefined, settings: Pick<ProblemSettings, 'solvedWords' | 'pendingWords'>): Verdict {
  if (!text) return { solved: false, word: null };
  const t = text.normalize('NFKC').replace(/\s+/g, '');
  const word = settings.solvedWords.find((w) => t.includes(w.normalize('NFKC').replace(/\s+/g, ''))) ?? null;
  if (!word) return { solved: false, word: null };
  if (settings.pendingWords.some((w) => t.includes(w.normalize('NFKC').replace(/\s+/g, '')))) return { solved: false, word: null };
  if (SHARE.test(t)) return { solved: false, word: null };
  return { solved: true, word };
}

export interface ProblemForCoordination {
  element: Element;
  /** The item's number in the 存在问题 cell, when numbered. */
  number: number | null;
}

/**
 * The part of a row's 协调解决情况 that speaks of each of the row's problems:
 * - one problem: the whole text;
 * - numbered problems and a numbered 协调解决情况 (1. … 2. …): item n for problem n;
 * - otherwise the sentences whose keywords name the problem's 要素 (已对接供电公司 … for a 用电 problem),
 *   and the whole text for a problem no sentence names.
 * Returns one text (or null) per problem, in order.
 */
export function attributeCoordination(
  text: string | null | undefined,
  problems: readonly ProblemForCoordination[],
  keywords: ProblemSettings['keywords'],
): (string | null)[] {
  const whole = text?.trim() ? text.trim() : null;
  if (!whole || problems.length <= 1) return problems.map(() => whole);
  const items = splitCoordination(whole);
  const numbered = items.filter((i) => i.number !== null);
  if (numbered.length > 1 && problems.every((p) => p.number !== null)) {
    return problems.map((p) => numbered.find((i) => i.number === p.number)?.text ?? whole);
  }
  const sentences = whole
    .split(/(?<=[；;。\n])/)
    .flatMap((s) => splitCoordination(s).map((i) => i.text))
    .filter((s) => s !== '');
  const elements = sentences.map((s) => {
    const c = classifyProblem(s, [], keywords);
    return c.matched.length > 0 ? c.element : null;
  });
  return problems.map((p) => {
    const mine = sentences.filter((_, i) => elements[i] === p.element);
    return mine.length > 0 ? mine.join('；') : whole;
  });
}
